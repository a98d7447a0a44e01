import { z } from "zod";
import { crn, token, waitInputHints, waitInputShape } from "../core/inputs";
import { when } from "../core/outputs";

/**
 * Qiskit Runtime wire shapes (docs/services/ibm-quantum.md). Lenient where IBM may drift
 * (unknown fields pass, nullable where documented), strict only where we rely.
 */
const timestamp = z.string().nullish();

export const JobSessionSchema = z.looseObject({
  id: z.string(),
  /** null while the session is `open` (docs/services/ibm-quantum.md). */
  backend_name: z.string().nullish(),
  mode: z.string().nullish(),
  state: z.string().nullish(),
  state_reason: z.string().nullish(),
  accepting_jobs: z.boolean().nullish(),
  started_at: timestamp,
  activated_at: timestamp,
  closed_at: timestamp,
  last_job_started: timestamp,
  last_job_completed: timestamp,
  interactive_ttl: z.number().nullish(),
  max_ttl: z.number().nullish(),
  active_ttl: z.number().nullish(),
  timestamps: z.array(z.looseObject({ status: z.string(), timestamp: z.string() })).nullish(),
  user_id: z.string().nullish(),
  elapsed_time: z.number().nullish(),
});
export type JobSession = z.infer<typeof JobSessionSchema>;

/** GET /v1/workloads (docs/services/ibm-quantum.md): items as IBM's generated client names them. */
export const WorkloadsSchema = z.looseObject({
  workloads: z.array(
    z.looseObject({ id: z.string(), created: z.string().nullish(), backend: z.string().nullish(), mode: z.string().nullish(), status: z.string().nullish(), user_id: z.string().nullish() }),
  ),
  /** The next page's cursor (its shape is inferred). */
  next: z.looseObject({ cursor: z.string().nullish() }).nullish(),
});
export type Workload = z.infer<typeof WorkloadsSchema>["workloads"][number];

/** IBM's docs show a create answering only `{id}`: we read after create. */
export const CreatedSessionSchema = z.looseObject({ id: z.string().min(1) });

export const IamTokenSchema = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number().optional(),
  /** Epoch seconds. */
  expiration: z.number().optional(),
});

/** `{errors:[{code,message,more_info}], trace}`; codes are numbers (1214). */
export const IbmErrorSchema = z.looseObject({
  errors: z.array(z.looseObject({ code: z.union([z.number(), z.string()]).optional(), message: z.string().optional(), solution: z.string().optional() })).optional(),
  trace: z.string().optional(),
});

/** IAM's own error shape. */
export const IamErrorSchema = z.looseObject({
  errorCode: z.string().optional(),
  errorMessage: z.string().optional(),
  context: z.looseObject({ requestId: z.string().optional() }).optional(),
});

export const SESSION_MODES = ["batch", "dedicated"] as const;

/** Resource inputs: the single source of the QuantumSession input types. */
export const QuantumSessionInputsSchema = z.object({
  backend: token(128).describe("Backend name, e.g. \"ibm_fez\". Changing it replaces the session."),
  mode: z.enum(SESSION_MODES).default("dedicated").describe("\"dedicated\" (a Qiskit `Session`, the default) or \"batch\". Changing it replaces the session."),
  maxTtlSeconds: z.number().int().positive().max(2147483647).optional().describe("Max TTL in seconds (IBM's default is 28800; plan limits apply). Changing it replaces the session."),
  acceptingJobs: z.boolean().default(true).describe("Default true. false drains the session: queued jobs finish, then IBM closes it. Updated in place."),
  deleteBehavior: z.enum(["close", "cancel"]).default("close").describe("On destroy: \"close\" (default; stop accepting jobs, queued jobs finish) or \"cancel\" (queued jobs are cancelled)."),
  instance: crn().optional().describe("Instance CRN for this session; defaults to QISKIT_IBM_INSTANCE or the ibmInstance setting. Changing it replaces the session."),
  adoptLostCreate: z
    .boolean()
    .optional()
    .describe("When a create's answer is lost, take the one session it could have made (opened by this key's identity, on this backend, mode and max TTL, while the request was in flight). Default: the ibmAdoptLostCreates setting, else true. false: name it instead."),
  ...waitInputShape({ timeoutSeconds: 300, pollIntervalMs: 1000 }),
});
export type QuantumSessionInputs = z.infer<typeof QuantumSessionInputsSchema>;

export const inputHints: Record<string, string> = {
  backend: 'Set backend to the name of a backend your instance can use, e.g. "ibm_fez"',
  mode: 'Set mode to "batch" or "dedicated"',
  maxTtlSeconds: "Set maxTtlSeconds to a positive whole number of seconds (IBM's default is 28800 = 8 h; plan limits apply)",
  acceptingJobs: "Set acceptingJobs to true or false",
  deleteBehavior: 'Set deleteBehavior to "close" (queued jobs finish) or "cancel" (queued jobs are cancelled)',
  instance: "Set instance to the CRN of your Qiskit Runtime instance (IBM Quantum Platform > Instances), or leave it unset to use QISKIT_IBM_INSTANCE",
  adoptLostCreate: "Set adoptLostCreate to true or false, or leave it unset to follow the ibmAdoptLostCreates setting",
  ...waitInputHints,
};

export const TransitionOutput = z
  .object({ status: z.string().describe("The state entered."), timestamp: z.string().describe("When (ISO 8601).") })
  .describe("A state transition of an IBM Quantum session.");

/** What a QuantumSession reports beyond its inputs (the `outputs` mapping in session.ts writes these keys). */
export const QuantumSessionOutputs = z.object({
  state: z.string().nullable().describe("open | active | inactive | closed (IBM may add states)."),
  stateReason: z.string().nullable().describe("Why the session is in its state, as IBM says."),
  backendName: z.string().nullable().describe("The backend, once IBM reports it (null while open)."),
  maxTtl: z.number().nullable().describe("Max TTL in seconds."),
  activeTtl: z.number().nullable().describe("Seconds of max TTL left."),
  interactiveTtl: z.number().nullable().describe("Seconds the session waits for the next job."),
  startedAt: when("Created"),
  activatedAt: when("First active"),
  closedAt: when("Closed"),
  lastJobStarted: when("Last job started"),
  lastJobCompleted: when("Last job completed"),
  timestamps: z.array(TransitionOutput).describe("State transitions."),
  userId: z.string().nullable().describe("IBM user id of the creator."),
  elapsedTime: z.number().nullable().describe("Usage in seconds."),
  serviceCrn: z.string().describe("The instance the session was opened in (read, update and delete address it there)."),
  createRecovery: z.string().optional().describe("Set when the create's answer was lost and this session was found by its traits: how it was found."),
});
