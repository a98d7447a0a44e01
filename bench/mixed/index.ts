import * as pulumi from "@pulumi/pulumi";
import * as dynamic from "pulumi-sessions";
import * as plugin from "pulumi-sessions/plugin";

// N sessions, taking turns over the kinds the bench was given endpoints for. Jupyter
// sessions start real Python kernels on one server, so at most JUPYTER_MAX of them (at
// N = 300, 75 kernels starting at once on 2 cores outlast any wait); the emulated kinds
// take the rest. `sdk: plugin` declares the same sessions through the provider plugin.
const JUPYTER_MAX = 10;
const config = new pulumi.Config();
const n = config.requireNumber("n");
const { deepnote, ibm, jupyter, oci } = config.get("sdk") === "plugin" ? plugin : dynamic;
const fast = { pollIntervalMs: 50 };
let jupyters = 0;
for (let i = 0; i < n; i++) {
  const kinds = ["ibm", "oci", "deepnote", ...(process.env.BENCH_JUPYTER_URL && jupyters < JUPYTER_MAX ? ["jupyter"] : [])];
  const kind = kinds[i % kinds.length];
  if (kind === "jupyter") jupyters++;
  if (kind === "ibm") new ibm.QuantumSession(`q${i}`, { backend: "ibm_fez", mode: "batch", maxTtlSeconds: 3600, ...fast });
  else if (kind === "oci") new oci.NotebookSession(`o${i}`, { aiDataPlatformId: process.env.BENCH_OCI_PLATFORM!, workspaceKey: process.env.BENCH_OCI_WORKSPACE!, endpoint: process.env.BENCH_OCI_URL!, path: `bench/${i}.ipynb`, ...fast });
  else if (kind === "deepnote") new deepnote.Session(`d${i}`, { notebookId: process.env.BENCH_DEEPNOTE_NOTEBOOK!, idleShutdownSeconds: 3600, ...fast });
  else new jupyter.Session(`j${i}`, { url: process.env.BENCH_JUPYTER_URL!, path: `bench/${i}.ipynb`, ...fast });
}
