import { ApiError } from "../core/errors";
import { sessionResource, type SessionVendor } from "../core/resource";
import { IbmQuantumClient } from "./client";
import { QuantumSessionInputsSchema, inputHints, type JobSession, type QuantumSessionInputs } from "./schemas";
import { ibmSettings } from "./settings";

/**
 * IBM Quantum session states (seed 002) plus the two the Python client also maps
 * (`pending_inactive`, `pending_closed`). Anything else is treated as pending by the
 * waiter, because IBM may add states.
 */
const LIVE = ["open", "active", "inactive", "pending_inactive"];
const DRAINING = ["pending_closed"];

const client = (inputs: QuantumSessionInputs) => new IbmQuantumClient(ibmSettings(inputs.instance));

export const ibmQuantumVendor: SessionVendor<QuantumSessionInputs, JobSession> = {
  kind: "IBM Quantum session",
  schema: QuantumSessionInputsSchema,
  hints: inputHints,
  replaceOn: ["backend", "mode", "maxTtlSeconds", "instance"],
  updateOn: ["acceptingJobs"],
  // A closed session cannot be reopened: asking for acceptingJobs=true again means a new session.
  mustReplace: (olds, news, changed) =>
    olds.state === "closed" && changed.includes("acceptingJobs") && news.acceptingJobs ? ["acceptingJobs"] : [],

  preflight: (inputs) => {
    ibmSettings(inputs.instance);
  },

  async create(inputs) {
    const c = client(inputs);
    const { id } = await c.createSession({ mode: inputs.mode, backend: inputs.backend, max_ttl: inputs.maxTtlSeconds });
    if (!inputs.acceptingJobs) await c.setAcceptingJobs(id, false);
    return { id };
  },

  get: (id, inputs) => client(inputs).getSession(id),
  stateOf: (s) => s.state ?? "unknown",

  // decisions.md §15/§16: wait for open/active; with acceptingJobs=false the session
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

  async update(id, _olds, news) {
    await client(news).setAcceptingJobs(id, news.acceptingJobs);
  },

  alreadyDeleted: (outputs) => outputs.state === "closed",

  async delete(id, inputs) {
    const c = client(inputs);
    if (inputs.deleteBehavior === "cancel") return c.cancelSession(id);
    try {
      await c.setAcceptingJobs(id, false);
    } catch (e) {
      // Closed since the last refresh: nothing left to close (404 is handled by the wrapper).
      if (!(e instanceof ApiError && e.status === 409)) throw e;
    }
  },
};

export const handlers = sessionResource(ibmQuantumVendor);
