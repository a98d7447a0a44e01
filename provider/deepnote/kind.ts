import { defineKind } from "../core/vendor";
import { DeepnoteSessionInputsSchema, DeepnoteSessionOutputs, deepnoteInputHints } from "./schemas";
import { DEEPNOTE_SETTINGS } from "./settings";

/** Deepnote interactive sessions: API v2 `/v2/sessions` (docs/services/deepnote.md). */
export const kind = defineKind({
  name: "deepnote",
  type: "Session",
  title: "Deepnote session",
  description: "A Deepnote interactive session (API v2, preview). Import id: `<notebook id>/<session id>`.",
  inputs: DeepnoteSessionInputsSchema,
  outputs: DeepnoteSessionOutputs,
  settings: DEEPNOTE_SETTINGS,
  hints: deepnoteInputHints,
  // Deepnote has no update endpoint: every input the API takes replaces the session.
  replaceOn: ["notebookId", "inputs", "storageMode", "idleShutdownSeconds"],
  load: () => (require("./session") as typeof import("./session")).vendor,
});
