import { DEEPNOTE_DEMO } from "../../emulators/deepnote";
import { languageLifecycle } from "../support/language-suite";

/**
 * A Go program (test/e2e/programs/go) using the generated Go SDK (sdk/go/sessions, module
 * sdk/go.mod), run by the real CLI through the Go language host and served by the provider
 * plugin. Its first `up` compiles the program and the SDK.
 */
jest.setTimeout(600_000);

languageLifecycle({
  what: "a Go program",
  program: "go",
  firstUpTimeoutMs: 600_000,
  declare: (s, b, shape) =>
    s.setSessions({
      ibm: { kind: "ibm", args: { backend: shape.ibmBackend, pollIntervalMs: 100 } },
      deepnote: { kind: "deepnote", args: { notebookId: DEEPNOTE_DEMO.notebookId, pollIntervalMs: 100 } },
      oci: { kind: "oci", args: { aiDataPlatformId: b.oci.info.aiDataPlatformId, workspaceKey: b.oci.info.workspaceKey, endpoint: b.oci.info.url, path: "Workspace/go.ipynb", pollIntervalMs: 100 } },
      jupyter: { kind: "jupyter", args: { url: b.jupyter.url, path: shape.jupyterPath, pollIntervalMs: 100 } },
    }),
});
