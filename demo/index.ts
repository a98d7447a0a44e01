import * as pulumi from "@pulumi/pulumi";
import { deepnote, ibm, jupyter, oci } from "pulumi-sessions";

/**
 * What `npm run demo` deploys against the local emulators. scripts/demo.sh sets the
 * same environment variables a user sets for the real services (QISKIT_IBM_*,
 * DEEPNOTE_*, OCI_CONFIG_FILE, JUPYTER_TOKEN) plus DEMO_* values for the ids the
 * emulators seed.
 */
const env = (name: string) => process.env[name] ?? "";

const quantum = new ibm.QuantumSession("quantum", { backend: "ibm_fez", mode: "dedicated", maxTtlSeconds: 3600 });

const notebookRun = new deepnote.Session("notebook-run", {
  notebookId: env("DEMO_DEEPNOTE_NOTEBOOK"),
  inputs: { city: "Prague" },
  idleShutdownSeconds: 1800,
  pollIntervalMs: 200,
});

const lakehouse = new oci.NotebookSession("lakehouse", {
  aiDataPlatformId: env("DEMO_OCI_PLATFORM"),
  workspaceKey: env("DEMO_OCI_WORKSPACE"),
  endpoint: env("DEMO_OCI_ENDPOINT"),
  path: "Workspace/demo.ipynb",
  name: "demo",
  pollIntervalMs: 200,
});

export const ibmQuantum = { id: quantum.id, state: quantum.state, mode: quantum.mode, maxTtl: quantum.maxTtl };
export const deepnoteSession = { id: notebookRun.id, initialRunStatus: notebookRun.initialRunStatus, sessionNotebookId: notebookRun.sessionNotebookId };
export const ociNotebook = { id: lakehouse.id, lifecycleState: lakehouse.lifecycleState, kernel: lakehouse.kernel };

// The Jupyter session needs the real Jupyter Server, which the emulators start when Python is available.
export const jupyterSession = process.env.DEMO_JUPYTER_URL
  ? (() => {
      const s = new jupyter.Session("analysis", { url: env("DEMO_JUPYTER_URL"), path: "analysis.ipynb", pollIntervalMs: 200 });
      return { id: s.id, kernel: s.kernel };
    })()
  : pulumi.output("not started: no Python/jupyter_server found");
