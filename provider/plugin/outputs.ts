import { z } from "zod";

/**
 * What each resource reports beyond its inputs, as zod schemas: the plugin's schema (and
 * so the generated SDKs) is built from these and the input schemas. The handlers'
 * `outputs` mappings produce exactly these keys.
 */
const when = (what: string) => z.string().nullable().describe(`${what} (ISO 8601), or null.`);
const common = {
  providerVersion: z.string().describe("Version of pulumi-sessions that last wrote this resource."),
  initError: z.string().optional().describe("Set while the session is short of its target state (a wait that failed, or a failure state found by refresh): the reason. The next `up` tries again."),
};

export const KernelOutput = z
  .object({
    id: z.string().describe("Kernel id."),
    name: z.string().nullable().describe("Kernelspec name."),
    executionState: z.string().nullable().describe("unknown | starting | idle | busy | terminating | restarting | autorestarting | dead"),
    lastActivity: z.string().nullable().describe("Last activity (ISO 8601)."),
    connections: z.number().nullable().describe("Connected clients."),
  })
  .describe("The kernel of a Jupyter-shaped session (Jupyter Server, OCI AI Data Platform).");

export const TransitionOutput = z
  .object({ status: z.string().describe("The state entered."), timestamp: z.string().describe("When (ISO 8601).") })
  .describe("A state transition of an IBM Quantum session.");

/** Object types the outputs use: schema type token → schema. */
export const OUTPUT_TYPES = { "sessions:index:Kernel": KernelOutput, "sessions:ibm:Transition": TransitionOutput } as const;

export const IbmOutputs = z.object({
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
  ...common,
});

export const DeepnoteOutputs = z.object({
  sessionNotebookId: z.string().nullable().describe("The session's own copy of the notebook."),
  state: z.string().nullable().describe("The session's state as Deepnote reports it (inferred field)."),
  kernelState: z.string().nullable().describe("The kernel's state."),
  initialRunId: z.string().nullable().describe("The run Deepnote started at create."),
  initialRunStatus: z.string().optional().describe("That run's status when last read."),
  ...common,
});

const notebook = {
  type: z.string().nullable().describe("Session type as the server reports it."),
  kernel: KernelOutput.nullable().describe("The session's kernel."),
  ...common,
};

export const OciOutputs = z.object({
  ...notebook,
  lifecycleState: z.string().nullable().describe("CREATING | ACTIVE | FAILED | DELETING | … (OCI lifecycle)."),
  agentFlowKey: z.string().nullable().describe("Agent flow key, when the session has one."),
  etag: z.string().nullable().describe("The session's current etag."),
  apiEndpoint: z.string().describe("The data-plane endpoint the session lives on (read, update and delete address it there)."),
});

export const JupyterOutputs = z.object({ ...notebook });
