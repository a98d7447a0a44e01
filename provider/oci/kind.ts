import { defineKind } from "../core/vendor";
import { NOTEBOOK_OUTPUT_TYPES } from "../notebook/schemas";
import { OciNotebookSessionInputsSchema, OciNotebookSessionOutputs, ociInputHints } from "./schemas";
import { OCI_SETTINGS } from "./settings";

/** OCI AI Data Platform notebook sessions: `/20260430/…/notebook/api/sessions` (docs/services/oci-ai-data-platform.md). */
export const kind = defineKind({
  name: "oci",
  type: "NotebookSession",
  title: "OCI notebook session",
  description: "An OCI AI Data Platform notebook session. Import id: `<aiDataPlatformId>/<workspaceKey>/<session id>`.",
  inputs: OciNotebookSessionInputsSchema,
  outputs: OciNotebookSessionOutputs,
  outputTypes: NOTEBOOK_OUTPUT_TYPES,
  settings: OCI_SETTINGS,
  hints: ociInputHints,
  replaceOn: ["aiDataPlatformId", "workspaceKey", "type", "agentFlowKey", "tenantId", "endpoint", "region"],
  updateOn: ["name", "path", "kernelName", "clusterId"],
  // The service names the session after its path, and puts it on a default cluster, when unset.
  computedInputs: ["name", "clusterId"],
  migrations: [
    {
      before: "0.2.0",
      what: "Sessions written before 0.2.0 did not record their data-plane URL (apiEndpoint): take it from the stored endpoint input when it was set.",
      migrate: (stored) => (stored.apiEndpoint === undefined && typeof stored.endpoint === "string" ? { ...stored, apiEndpoint: stored.endpoint } : stored),
    },
  ],
  load: () => (require("./session") as typeof import("./session")).vendor,
});
