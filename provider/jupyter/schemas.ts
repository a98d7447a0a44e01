import { z } from "zod";
import { httpUrl, token } from "../core/inputs";
import { notebookInputHints, notebookInputShape, notebookOutputShape } from "../notebook/schemas";

export const JupyterSessionInputsSchema = z.object({
  url: httpUrl().describe("The server's base URL, e.g. \"http://127.0.0.1:8888\". Changing it replaces the session."),
  ...notebookInputShape,
  type: z.enum(["notebook", "file", "console"]).default("notebook").describe("\"notebook\" (default), \"file\" or \"console\". Updated in place."),
  kernelName: token(128).default("python3").describe("Kernelspec name (default \"python3\"). Changing it starts a new kernel in the same session."),
});
export type JupyterSessionInputs = z.infer<typeof JupyterSessionInputsSchema>;

export const jupyterInputHints: Record<string, string> = {
  ...notebookInputHints,
  url: 'Set url to the server\'s base URL, e.g. "http://127.0.0.1:8888"',
  type: 'Set type to "notebook", "file" or "console"',
};

/** What a Jupyter Session reports beyond its inputs (the `outputs` mapping in session.ts). */
export const JupyterSessionOutputs = z.object({ ...notebookOutputShape });
