import { requireSetting } from "../core/config";
import { ConflictError, ImportIdError, SessionGoneError } from "../core/errors";
import { nameFrom, UNKNOWN, type SessionVendor } from "../core/vendor";
import { IbmQuantumClient } from "./client";
import type { JobSession, QuantumSessionInputs } from "./schemas";
import { IBM_API_KEY, adoptLostCreates, ibmSettings } from "./settings";
import { createWithRecovery, DEFAULT_MAX_TTL as IBM_DEFAULT_MAX_TTL, holdSession, sessionsLike } from "./recover";
import { warn } from "../core/log";

/**
 * IBM Quantum session states (docs/services/ibm-quantum.md) plus the two the Python client also maps
 * (`pending_inactive`, `pending_closed`). Anything else is treated as pending by the
 * waiter, because IBM may add states.
 */
const LIVE = ["open", "active", "inactive", "pending_inactive"];
const DRAINING = ["pending_closed"];

/**
 * The instance a session was opened in is kept in its outputs (`serviceCrn`): read,
 * update and delete address that one even if the default instance setting changed since.
 */
const client = (inputs: { instance?: unknown }, prior: Record<string, unknown> = {}) => {
  const instance = typeof prior.serviceCrn === "string" ? prior.serviceCrn : inputs.instance;
  return new IbmQuantumClient(ibmSettings(typeof instance === "string" ? instance : undefined));
};

export const vendor: SessionVendor<QuantumSessionInputs, JobSession> = {
  memoKeys: ["serviceCrn", "createRecovery"],

  // A closed session cannot be reopened: asking for acceptingJobs=true again means a new
  // session. The stored state may predate a drain that closed it, so look.
  async mustReplace(id, olds, news, changed) {
    if (!changed.includes("acceptingJobs") || news.acceptingJobs !== true) return [];
    if (olds.state === "closed") return ["acceptingJobs"];
    if (news.instance === UNKNOWN) return [];
    try {
      const s = await client(news, olds).getSession(id);
      return !s || s.state === "closed" ? ["acceptingJobs"] : [];
    } catch {
      return []; // no answer now: decide from the stored state; update re-reads anyway
    }
  },

  preflight: (inputs, unknown) => {
    if (unknown.has("instance")) requireSetting(IBM_API_KEY, "the IBM Cloud API key");
    else ibmSettings(inputs.instance);
  },

  async create(inputs) {
    const settings = ibmSettings(inputs.instance);
    const params = { mode: inputs.mode, backend: inputs.backend, max_ttl: inputs.maxTtlSeconds };
    const adopt = inputs.adoptLostCreate ?? adoptLostCreates();
    const made = await createWithRecovery(new IbmQuantumClient(settings), params, { adopt, instance: settings.instance });
    if (!made.recovered) return { id: made.id, remote: made.session, memo: { serviceCrn: settings.instance } };
    warn(`IBM Quantum session ${made.id}: ${made.note}. Set adoptLostCreate: false (or ibmAdoptLostCreates) where several pipelines share one API key.`);
    return { id: made.id, memo: { serviceCrn: settings.instance, createRecovery: made.note } };
  },

  // Sessions open accepting jobs; a drain asked for at create is a second call.
  async afterCreate(id, inputs, _remote, memo) {
    if (inputs.acceptingJobs) return false;
    await client(inputs, memo).setAcceptingJobs(id, false);
    return true;
  },

  get: (id, inputs, prior) => {
    // A session this process reads belongs to a resource of the stack: never a lost create's candidate.
    holdSession(id);
    return client(inputs, prior).getSession(id);
  },
  stateOf: (s) => s.state ?? "unknown",

  // A new session stays open until its first job: wait for open/active; with acceptingJobs=false the session
  // drains and closing is the expected end, not a failure.
  waitFor: (inputs) =>
    inputs.acceptingJobs
      ? { target: LIVE, failure: ["closed"], reason: (s) => s.state_reason ?? undefined }
      : { target: [...LIVE, ...DRAINING, "closed"], failure: [] },

  // Closed while it should accept jobs → gone, so the next `up` opens a new one.
  // Closed after a drain (acceptingJobs=false) is converged and stays.
  isGone: (s, inputs) => s.state === "closed" && inputs.acceptingJobs,

  outputs: (s, inputs) => ({
    state: s.state ?? null,
    stateReason: s.state_reason ?? null,
    acceptingJobs: s.accepting_jobs ?? inputs.acceptingJobs,
    backendName: s.backend_name ?? null,
    mode: s.mode ?? inputs.mode,
    maxTtl: s.max_ttl ?? null,
    activeTtl: s.active_ttl ?? null,
    interactiveTtl: s.interactive_ttl ?? null,
    startedAt: s.started_at ?? null,
    activatedAt: s.activated_at ?? null,
    closedAt: s.closed_at ?? null,
    lastJobStarted: s.last_job_started ?? null,
    lastJobCompleted: s.last_job_completed ?? null,
    timestamps: s.timestamps ?? [],
    userId: s.user_id ?? null,
    elapsedTime: s.elapsed_time ?? null,
  }),

  // Drift the next preview should show: someone flipped accepting_jobs outside Pulumi.
  refreshInputs: (s, inputs) =>
    typeof s.accepting_jobs === "boolean" && s.state !== "closed" ? { ...inputs, acceptingJobs: s.accepting_jobs } : inputs,

  // Compares with the session as just read, so resuming after an init error repeats nothing.
  async update(id, _olds, news, current, prior) {
    if (current.state === "closed" && !news.acceptingJobs) return;
    if (current.accepting_jobs !== news.acceptingJobs) await client(news, prior).setAcceptingJobs(id, news.acceptingJobs);
  },

  alreadyDeleted: (outputs) => outputs.state === "closed",

  // `pulumi import`: "<session id>" (instance from the settings) or "<instance CRN>/<session id>".
  importId(raw) {
    const at = raw.lastIndexOf("/");
    const id = raw.slice(at + 1);
    const instance = at >= 0 ? raw.slice(0, at) : undefined;
    if (!/^[a-z0-9]+$/i.test(id) || (instance !== undefined && !instance.startsWith("crn:"))) {
      throw new ImportIdError("IBM Quantum session", raw, '"<session id>" or "<instance CRN>/<session id>"', "crw9s7cdbt40008jxesg");
    }
    return { id, inputs: instance ? { instance } : {}, memo: { serviceCrn: ibmSettings(instance).instance } };
  },
  // backend_name is null until a job runs: the workload list names the backend from the start.
  async importInputs(s, addressing) {
    const c = client(addressing);
    const backend = s.backend_name ?? (await c.findWorkload(s.id))?.backend;
    if (!backend) throw new SessionGoneError(`IBM Quantum session ${s.id} (no backend known for it)`);
    return {
      backend,
      mode: s.mode ?? undefined,
      // IBM's default is not an input the program sets: record only a chosen max TTL.
      ...(s.max_ttl && s.max_ttl !== IBM_DEFAULT_MAX_TTL ? { maxTtlSeconds: s.max_ttl } : {}),
      ...(typeof s.accepting_jobs === "boolean" ? { acceptingJobs: s.accepting_jobs } : {}),
    };
  },

  // The traits the lost-create recovery uses (recover.ts), since the run's last success instead of a request's window.
  findCreated: (inputs, { held, since }) =>
    sessionsLike(client(inputs), { mode: inputs.mode, backend: inputs.backend, max_ttl: inputs.maxTtlSeconds }, { held, since: since ?? 0 }),

  // Every open session and batch of the instance (the `instance` in `where`, else the setting), newest first.
  async discover(where) {
    const settings = ibmSettings(typeof where.instance === "string" ? where.instance : undefined);
    const c = new IbmQuantumClient(settings);
    const out = [];
    for (const mode of ["dedicated", "batch"] as const) {
      let next: string | undefined;
      do {
        const page = await c.listRecentSessions({ mode, next });
        for (const w of page.workloads) {
          if (w.status === "completed" || w.status === "canceled" || w.status === "failed") continue;
          out.push({ id: w.id, importId: `${settings.instance}/${w.id}`, name: nameFrom("ibm", w.backend ?? "session", w.id.slice(-6)), note: `${mode} on ${w.backend ?? "?"}, opened by ${w.user_id ?? "?"}` });
        }
        next = page.next;
      } while (next);
    }
    return out;
  },

  async delete(id, inputs, prior) {
    holdSession(id);
    const c = client(inputs, prior);
    if (inputs.deleteBehavior === "cancel") return c.cancelSession(id);
    try {
      await c.setAcceptingJobs(id, false);
    } catch (e) {
      // Closed since the last refresh: nothing left to close (404 is handled by the wrapper).
      if (!(e instanceof ConflictError)) throw e;
    }
  },
};
