import * as pulumi from "@pulumi/pulumi";
import { deepnote, ibm, jupyter, oci } from "pulumi-sessions";

// N sessions, taking turns over the kinds the bench was given endpoints for.
const config = new pulumi.Config();
const n = config.requireNumber("n");
const fast = { pollIntervalMs: 50 };
const kinds = ["ibm", "oci", "deepnote", ...(process.env.BENCH_JUPYTER_URL ? ["jupyter"] : [])];
for (let i = 0; i < n; i++) {
  const kind = kinds[i % kinds.length];
  if (kind === "ibm") new ibm.QuantumSession(`q${i}`, { backend: "ibm_fez", mode: "batch", maxTtlSeconds: 3600, ...fast });
  else if (kind === "oci") new oci.NotebookSession(`o${i}`, { aiDataPlatformId: process.env.BENCH_OCI_PLATFORM!, workspaceKey: process.env.BENCH_OCI_WORKSPACE!, endpoint: process.env.BENCH_OCI_URL!, path: `bench/${i}.ipynb`, ...fast });
  else if (kind === "deepnote") new deepnote.Session(`d${i}`, { notebookId: process.env.BENCH_DEEPNOTE_NOTEBOOK!, idleShutdownSeconds: 3600, ...fast });
  else new jupyter.Session(`j${i}`, { url: process.env.BENCH_JUPYTER_URL!, path: `bench/${i}.ipynb`, ...fast });
}
