import { randomBytes } from "node:crypto";
import { isoTime } from "../core/clock";

/**
 * IBM Quantum session state machine (docs/services/ibm-quantum.md), evaluated lazily: every
 * request first replays the events (job start/finish, TTL expiries) up to `now`, so
 * time can be moved by the clock alone and nothing runs in the background.
 */
export type SessionState = "open" | "active" | "inactive" | "closed";
export type JobStatus = "Queued" | "Running" | "Completed" | "Cancelled" | "Failed";

export interface Job {
  id: string;
  sessionId: string;
  backend: string;
  programId: string;
  status: JobStatus;
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
}

export interface Session {
  id: string;
  mode: "batch" | "dedicated";
  backend: string;
  maxTtl: number;
  interactiveTtl: number;
  acceptingJobs: boolean;
  state: SessionState;
  stateReason: string | null;
  startedAt: number;
  activatedAt: number | null;
  closedAt: number | null;
  firstJobStartedAt: number | null;
  lastJobStarted: number | null;
  lastJobCompleted: number | null;
  usageMs: number;
  timestamps: { status: SessionState; timestamp: number }[];
  userId: string;
}

export interface Store {
  sessions: Record<string, Session>;
  jobs: Job[];
}

const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
/** IBM ids look like `crw9s7cdbt40008jxesg`: 20 lowercase alphanumerics. */
export function ibmId(): string {
  return Array.from(randomBytes(20), (b) => ALNUM[b % ALNUM.length]).join("");
}

export function transition(s: Session, to: SessionState, at: number, reason: string | null): void {
  if (s.state === to) return;
  s.state = to;
  s.stateReason = reason;
  s.timestamps.push({ status: to, timestamp: at });
  if (to === "active" && s.activatedAt === null) s.activatedAt = at;
  if (to === "closed") s.closedAt = at;
}

/** Queued or running: the jobs a backend's queue and a session's drain count. */
export const isPending = (j: Job) => j.status === "Queued" || j.status === "Running";
const pending = (store: Store, id: string) => store.jobs.filter((j) => j.sessionId === id && isPending(j));

function startJob(s: Session, job: Job, at: number): void {
  job.status = "Running";
  job.startedAt = at;
  s.lastJobStarted = at;
  s.firstJobStartedAt ??= at;
  transition(s, "active", at, "job running");
}

/** Replays everything that happened to one session up to `now`. */
export function advance(store: Store, s: Session, now: number, jobDurationMs: number): void {
  for (;;) {
    const jobs = pending(store, s.id);
    const running = jobs.find((j) => j.status === "Running");
    const events: { at: number; apply: () => void }[] = [];
    if (running) {
      const at = running.startedAt! + jobDurationMs;
      events.push({
        at,
        apply: () => {
          running.status = "Completed";
          running.endedAt = at;
          s.usageMs += jobDurationMs;
          s.lastJobCompleted = at;
          const next = pending(store, s.id).find((j) => j.status === "Queued");
          if (next && s.state !== "closed") startJob(s, next, at);
          else if (!s.acceptingJobs && s.state !== "closed") transition(s, "closed", at, "closed: no more jobs after accepting_jobs=false");
        },
      });
    }
    if (s.firstJobStartedAt !== null && s.state !== "closed") {
      const at = s.firstJobStartedAt + s.maxTtl * 1000;
      events.push({
        at,
        apply: () => {
          // Max TTL ends the session: running jobs finish, queued ones fail.
          for (const j of pending(store, s.id)) if (j.status === "Queued") Object.assign(j, { status: "Failed", endedAt: at });
          transition(s, "closed", at, "closed: max_ttl reached");
        },
      });
    }
    if (s.state === "active" && jobs.length === 0 && s.lastJobCompleted !== null) {
      const at = s.lastJobCompleted + s.interactiveTtl * 1000;
      events.push({ at, apply: () => transition(s, "inactive", at, "inactive: interactive_ttl expired") });
    }
    const next = events.filter((e) => e.at <= now).sort((a, b) => a.at - b.at)[0];
    if (!next) return;
    next.apply();
  }
}

/** A job joins the session: it runs now if nothing else does, else it queues. */
export function submitJob(store: Store, s: Session, programId: string, now: number): Job {
  const job: Job = { id: ibmId(), sessionId: s.id, backend: s.backend, programId, status: "Queued", createdAt: now, startedAt: null, endedAt: null };
  store.jobs.push(job);
  if (!pending(store, s.id).some((j) => j.status === "Running")) startJob(s, job, now);
  return job;
}

/** accepting_jobs=false: no new jobs; closes at once when nothing is left to run. */
export function setAcceptingJobs(store: Store, s: Session, accepting: boolean, now: number): void {
  s.acceptingJobs = accepting;
  if (!accepting && pending(store, s.id).length === 0) transition(s, "closed", now, "closed: no more jobs after accepting_jobs=false");
}

/** DELETE …/close: queued jobs are cancelled, running ones finish, the session closes. */
export function cancel(store: Store, s: Session, now: number, reason = "closed: cancelled by user"): void {
  for (const j of pending(store, s.id)) if (j.status === "Queued") Object.assign(j, { status: "Cancelled", endedAt: now });
  s.acceptingJobs = false;
  transition(s, "closed", now, reason);
}

/** The JobSession JSON exactly as the API returns it (docs/services/ibm-quantum.md). */
export function toWire(s: Session, now: number) {
  const t = (ms: number | null) => (ms === null ? null : isoTime(ms));
  const activeLeft = s.firstJobStartedAt === null ? s.maxTtl : Math.max(0, Math.round((s.firstJobStartedAt + s.maxTtl * 1000 - now) / 1000));
  return {
    id: s.id,
    // Not set while the session is open (docs/services/ibm-quantum.md).
    backend_name: s.state === "open" ? null : s.backend,
    started_at: t(s.startedAt),
    activated_at: t(s.activatedAt),
    closed_at: t(s.closedAt),
    last_job_started: t(s.lastJobStarted),
    last_job_completed: t(s.lastJobCompleted),
    interactive_ttl: s.interactiveTtl,
    max_ttl: s.maxTtl,
    active_ttl: s.state === "closed" ? 0 : activeLeft,
    state: s.state,
    state_reason: s.stateReason,
    accepting_jobs: s.acceptingJobs,
    mode: s.mode,
    timestamps: s.timestamps.map((x) => ({ status: x.status, timestamp: isoTime(x.timestamp) })),
    user_id: s.userId,
    elapsed_time: s.state === "closed" || s.usageMs > 0 ? s.usageMs / 1000 : null,
  };
}
