import { randomBytes, randomUUID } from "node:crypto";
import { isoTime } from "../core/clock";

/**
 * Deepnote sessions and runs (docs/services/deepnote.md), evaluated lazily against the clock. The
 * session state names ("starting" | "busy" | "idle") are inferred: the docs only imply
 * that a session can be `busy`.
 */
export type RunStatus = "pending" | "running" | "success" | "error" | "internal_error" | "stopped";
export const TERMINAL: RunStatus[] = ["success", "error", "internal_error", "stopped"];

export interface Notebook {
  id: string;
  projectId: string;
  name: string;
}

export interface Run {
  runId: string;
  sessionId: string;
  notebookId: string;
  projectId: string;
  createdAt: number;
  completedAt: number | null;
  /** What the run ends as once its time is up. */
  outcome: "success" | "error" | "internal_error";
  failMessage: string | null;
  status: RunStatus;
}

export interface DnSession {
  id: string;
  notebookId: string;
  sessionNotebookId: string;
  projectId: string;
  storageMode: "read_write" | "readonly";
  idleShutdownSeconds: number;
  inputs: Record<string, unknown>;
  createdAt: number;
  lastActivityAt: number;
  endedAt: number | null;
  initialRunId: string;
}

export interface Store {
  tokens: string[];
  notebooks: Record<string, Notebook>;
  sessions: Record<string, DnSession>;
  runs: Record<string, Run>;
  /** Makes the next initial run fail (control endpoint). */
  nextRun: { status: "error" | "internal_error"; message: string } | null;
}

export const hex32 = () => randomBytes(16).toString("hex");
export const uuid = () => randomUUID();

/** Pending for the first half of its duration, running for the second, then its outcome. */
export function advanceRun(run: Run, now: number, durationMs: number): void {
  if (TERMINAL.includes(run.status)) return;
  if (now >= run.createdAt + durationMs) {
    run.status = run.outcome;
    run.completedAt = run.createdAt + durationMs;
  } else if (now >= run.createdAt + durationMs / 2) {
    run.status = "running";
  }
}

/** A session ends after idleShutdownSeconds without activity (a finished run counts as activity). */
export function advanceSession(store: Store, s: DnSession, now: number, durationMs: number): void {
  if (s.endedAt !== null) return;
  const run = store.runs[s.initialRunId];
  if (run) {
    advanceRun(run, now, durationMs);
    if (run.completedAt !== null) s.lastActivityAt = Math.max(s.lastActivityAt, run.completedAt);
  }
  const idleUntil = s.lastActivityAt + s.idleShutdownSeconds * 1000;
  const runBusy = run && !TERMINAL.includes(run.status);
  if (!runBusy && now >= idleUntil) s.endedAt = idleUntil;
}

export function sessionState(store: Store, s: DnSession): string {
  if (s.endedAt !== null) return "stopped";
  const run = store.runs[s.initialRunId];
  if (run?.status === "pending") return "starting";
  if (run?.status === "running") return "busy";
  return "idle";
}

export function sessionWire(store: Store, s: DnSession) {
  return {
    id: s.id,
    sessionNotebookId: s.sessionNotebookId,
    notebookId: s.notebookId,
    projectId: s.projectId,
    state: sessionState(store, s),
    storageMode: s.storageMode,
    idleShutdownSeconds: s.idleShutdownSeconds,
    createdAt: isoTime(s.createdAt),
    lastActivityAt: isoTime(s.lastActivityAt),
  };
}

export function runWire(r: Run) {
  return {
    runId: r.runId,
    status: r.status,
    notebookId: r.notebookId,
    projectId: r.projectId,
    createdAt: isoTime(r.createdAt),
    completedAt: r.completedAt === null ? null : isoTime(r.completedAt),
    error: r.status === "error" || r.status === "internal_error" ? { message: r.failMessage ?? "Run failed" } : null,
  };
}
