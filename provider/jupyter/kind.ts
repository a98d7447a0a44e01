import { defineKind } from "../core/vendor";
import { NOTEBOOK_OUTPUT_TYPES } from "../notebook/schemas";
import { JupyterSessionInputsSchema, JupyterSessionOutputs, jupyterInputHints } from "./schemas";
import { JUPYTER_SETTINGS } from "./settings";

/** Jupyter Server sessions: `/api/sessions` (docs/services/jupyter-server.md). */
export const kind = defineKind({
  name: "jupyter",
  type: "Session",
  title: "Jupyter session",
  description: "A Jupyter Server session (`/api/sessions`). Import id: the session's URL, `<server url>/api/sessions/<session id>`.",
  inputs: JupyterSessionInputsSchema,
  outputs: JupyterSessionOutputs,
  outputTypes: NOTEBOOK_OUTPUT_TYPES,
  settings: JUPYTER_SETTINGS,
  hints: jupyterInputHints,
  replaceOn: ["url"],
  updateOn: ["path", "name", "type", "kernelName"],
  // Jupyter Server names a session "" when the create has no name.
  computedInputs: ["name"],
  load: () => (require("./session") as typeof import("./session")).vendor,
});
