import { z } from "zod";
import { text, token, waitInputHints, waitInputShape } from "../core/inputs";

/**
 * The Jupyter Server session/kernel shapes (docs/services/jupyter-server.md), which OCI AI
 * Data Platform's notebook API mirrors (docs/services/oci-ai-data-platform.md). One module serves both resources.
 */
export const KERNEL_STATES = ["unknown", "starting", "idle", "busy", "terminating", "restarting", "autorestarting", "dead"] as const;

export const KernelSchema = z.looseObject({
  id: z.string(),
  name: z.string().nullish(),
  last_activity: z.string().nullish(),
  execution_state: z.string().nullish(),
  connections: z.number().nullish(),
});
export type Kernel = z.infer<typeof KernelSchema>;

export const NotebookSessionSchema = z.looseObject({
  id: z.string(),
  path: z.string().nullish(),
  name: z.string().nullish(),
  type: z.string().nullish(),
  kernel: KernelSchema.nullish(),
});
export type NotebookSession = z.infer<typeof NotebookSessionSchema>;

/** The kernel as resources expose it (camelCase, nulls rather than missing keys). */
export function kernelOutputs(k: Kernel | null | undefined) {
  return k
    ? {
        id: k.id,
        name: k.name ?? null,
        executionState: k.execution_state ?? null,
        lastActivity: k.last_activity ?? null,
        connections: k.connections ?? null,
      }
    : null;
}

/** Inputs shared by jupyter.Session and oci.NotebookSession. */
export const notebookInputShape = {
  path: text(1024).describe("The notebook or file path the session is for. Changing it renames the session in place (same id)."),
  name: text(255).optional().describe("A label for the session. Updated in place."),
  kernelName: token(128).describe("Kernelspec name. Changing it starts a new kernel in the same session (same session id, new kernel id)."),
  adoptExisting: z.boolean().default(false).describe("Manage a session that already exists for `path` instead of failing (default false). Destroy then deletes it."),
  ...waitInputShape({ timeoutSeconds: 300, pollIntervalMs: 1000 }),
};

export const notebookInputHints: Record<string, string> = {
  path: 'Set path to the notebook or file path the session is for, e.g. "work/analysis.ipynb"',
  name: "Set name to a string (a label for the session)",
  kernelName: 'Set kernelName to a kernelspec name the server has, e.g. "python3"',
  adoptExisting: "Set adoptExisting to true to manage a session that already exists for this path, or false (default) to fail instead",
  ...waitInputHints,
};

export const KernelOutput = z
  .object({
    id: z.string().describe("Kernel id."),
    name: z.string().nullable().describe("Kernelspec name."),
    executionState: z.string().nullable().describe("unknown | starting | idle | busy | terminating | restarting | autorestarting | dead"),
    lastActivity: z.string().nullable().describe("Last activity (ISO 8601)."),
    connections: z.number().nullable().describe("Connected clients."),
  })
  .describe("The kernel of a Jupyter-shaped session (Jupyter Server, OCI AI Data Platform).");

/** Object types the notebook outputs use, by schema type token. */
export const NOTEBOOK_OUTPUT_TYPES = { "sessions:index:Kernel": KernelOutput };

/** Outputs both notebook resources report beyond their inputs. */
export const notebookOutputShape = {
  type: z.string().nullable().describe("Session type as the server reports it."),
  kernel: KernelOutput.nullable().describe("The session's kernel."),
};
