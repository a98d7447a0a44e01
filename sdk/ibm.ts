import * as pulumi from "@pulumi/pulumi";
import { seedOutputs, withoutPromiseStacks } from "./provider";
import provider = require("./providers/ibm");

export interface QuantumSessionArgs {
  /** Backend name, e.g. "ibm_fez". Changing it replaces the session. */
  backend: pulumi.Input<string>;
  /** "dedicated" (a Qiskit `Session`, the default) or "batch". Changing it replaces the session. */
  mode?: pulumi.Input<"batch" | "dedicated">;
  /** Max TTL in seconds (IBM default 28800; plan limits apply). Changing it replaces the session. */
  maxTtlSeconds?: pulumi.Input<number>;
  /** Default true. false drains the session: queued jobs finish, then IBM closes it. Updated in place. */
  acceptingJobs?: pulumi.Input<boolean>;
  /** On destroy: "close" (default; stop accepting jobs, queued jobs finish) or "cancel" (queued jobs are cancelled). */
  deleteBehavior?: pulumi.Input<"close" | "cancel">;
  /** Instance CRN for this session; defaults to QISKIT_IBM_INSTANCE / pulumi-sessions:ibmInstance. Changing it replaces. */
  instance?: pulumi.Input<string>;
  /** How long create waits for the session to be open (default 300). */
  waitTimeoutSeconds?: pulumi.Input<number>;
  /** First pause between polls while waiting (default 1000); later pauses grow by half, up to 15 s. */
  pollIntervalMs?: pulumi.Input<number>;
}

const OUTPUTS = [
  "state", "stateReason", "acceptingJobs", "backendName", "mode", "maxTtl", "activeTtl", "interactiveTtl",
  "startedAt", "activatedAt", "closedAt", "lastJobStarted", "lastJobCompleted", "timestamps", "userId",
  "elapsedTime", "serviceCrn", "providerVersion",
] as const;

/** An IBM Quantum (Qiskit Runtime) session or batch: `pulumi-nodejs:dynamic/ibm:QuantumSession`. */
export class QuantumSession extends pulumi.dynamic.Resource {
  declare readonly backend: pulumi.Output<string>;
  declare readonly state: pulumi.Output<string>;
  declare readonly stateReason: pulumi.Output<string | null>;
  declare readonly acceptingJobs: pulumi.Output<boolean>;
  declare readonly backendName: pulumi.Output<string | null>;
  declare readonly mode: pulumi.Output<"batch" | "dedicated">;
  declare readonly maxTtl: pulumi.Output<number | null>;
  declare readonly activeTtl: pulumi.Output<number | null>;
  declare readonly interactiveTtl: pulumi.Output<number | null>;
  declare readonly startedAt: pulumi.Output<string | null>;
  declare readonly activatedAt: pulumi.Output<string | null>;
  declare readonly closedAt: pulumi.Output<string | null>;
  declare readonly lastJobStarted: pulumi.Output<string | null>;
  declare readonly lastJobCompleted: pulumi.Output<string | null>;
  declare readonly timestamps: pulumi.Output<{ status: string; timestamp: string }[]>;
  declare readonly userId: pulumi.Output<string | null>;
  declare readonly elapsedTime: pulumi.Output<number | null>;
  /** The instance the session was opened in (read, update and delete address it there). */
  declare readonly serviceCrn: pulumi.Output<string>;
  declare readonly providerVersion: pulumi.Output<string>;

  constructor(name: string, args: QuantumSessionArgs, opts?: pulumi.CustomResourceOptions) {
    const restore = withoutPromiseStacks();
    try {
      super(provider, name, seedOutputs(OUTPUTS, args), opts, "ibm", "QuantumSession");
    } finally {
      restore();
    }
  }
}
