import { DEEPNOTE_DEMO } from "../../emulators/deepnote";
import { languageLifecycle } from "../support/language-suite";

/**
 * A YAML program (test/e2e/programs/yaml) run by the real CLI through the YAML language host:
 * no SDK, the host reads the provider plugin's schema. Its sessions are fixed; stack config
 * sets their values.
 */
jest.setTimeout(300_000);

languageLifecycle({
  what: "a YAML program",
  program: "yaml",
  declare: (s, b, shape) =>
    s.stack.setAllConfig({
      ibmBackend: { value: shape.ibmBackend },
      jupyterUrl: { value: b.jupyter.url },
      jupyterPath: { value: shape.jupyterPath },
      deepnoteNotebook: { value: DEEPNOTE_DEMO.notebookId },
      ociPlatform: { value: b.oci.info.aiDataPlatformId },
      ociWorkspace: { value: b.oci.info.workspaceKey },
      ociEndpoint: { value: b.oci.info.url },
    }),
});
