import { deepnote, ibm } from "pulumi-sessions";

/**
 * The sessions of this stack. With `unbounded`, one IBM session has no max TTL and the
 * Deepnote one idles for a day: the policy pack rejects that preview.
 */
export function declareSessions(opts: { notebookId: string; unbounded: boolean }): void {
  new ibm.QuantumSession("calibration", { backend: "ibm_fez", mode: "dedicated", maxTtlSeconds: 3600 });
  new deepnote.Session("report", { notebookId: opts.notebookId, idleShutdownSeconds: opts.unbounded ? 86400 : 900 });
  if (opts.unbounded) new ibm.QuantumSession("long-running", { backend: "ibm_torino", mode: "batch" });
}
