import { z } from "zod";
import { text, token, waitInputHints, waitInputShape } from "../core/inputs";

/**
 * Deepnote API v2 shapes (docs/services/deepnote.md). The API is in preview and the full
 * Session schema is unpublished, so everything is lenient (Deepnote's own client uses
 * passthrough schemas for the same reason); only the fields we use are named.
 */
export const DeepnoteSessionSchema = z.looseObject({
  id: z.string(),
  sessionNotebookId: z.string().nullish(),
  /** Field name and values are inferred (the docs only imply a `busy` value). */
  state: z.string().nullish(),
  status: z.string().nullish(),
});
export type DeepnoteSession = z.infer<typeof DeepnoteSessionSchema>;

export const RunSchema = z.looseObject({
  runId: z.string().nullish(),
  id: z.string().nullish(),
  status: z.string(),
  error: z.union([z.string(), z.looseObject({ message: z.string().nullish() })]).nullish(),
});
export type Run = z.infer<typeof RunSchema>;

export const CreateSessionResponseSchema = z.looseObject({ session: DeepnoteSessionSchema, run: RunSchema.nullish() });

export const KernelStateSchema = z.looseObject({ state: z.string().nullish(), status: z.string().nullish() });

export const StatusResponseSchema = z.looseObject({ session: DeepnoteSessionSchema, kernel: KernelStateSchema.nullish() });

/** Runs come back either wrapped as `{run: {...}}` or flat (cloud-runs.ts). */
export const GetRunResponseSchema = z.union([z.looseObject({ run: RunSchema }), RunSchema]).transform((r) => ("run" in r && r.run && typeof r.run === "object" ? (r.run as Run) : (r as Run)));

export const DeepnoteErrorSchema = z.looseObject({ message: z.string().optional(), error: z.string().optional() });

export const RUN_TERMINAL_FAILURES = ["error", "internal_error", "stopped"];

const inputValue = z.union([z.string().max(100_000, "must be at most 100000 characters"), z.boolean(), z.array(z.string().max(100_000)).max(1000, "must have at most 1000 items")]);

export const DeepnoteSessionInputsSchema = z.object({
  notebookId: token(128).describe("The notebook the session runs (a session works on its own copy). Changing it replaces the session."),
  inputs: z.record(text(256), inputValue).optional().describe("Input-block values by block name: a string, a boolean or a list of strings. Changing them replaces the session."),
  storageMode: z.enum(["read_write", "readonly"]).default("read_write").describe("\"read_write\" (default) or \"readonly\". Changing it replaces the session."),
  idleShutdownSeconds: z.number().int().positive().max(2147483647).optional().describe("End the session after this many seconds without activity. Changing it replaces the session."),
  waitForInitialRun: z.boolean().default(true).describe("Wait until the notebook's initial run succeeds (default true); a failed run fails the create, keeping the session in state."),
  ...waitInputShape({ timeoutSeconds: 600, pollIntervalMs: 2000 }),
});
export type DeepnoteSessionInputs = z.infer<typeof DeepnoteSessionInputsSchema>;

export const deepnoteInputHints: Record<string, string> = {
  notebookId: "Set notebookId to the id of the notebook the session runs (from its URL or the API)",
  inputs: "inputs maps input-block names to a string, a boolean or a list of strings (slider values are numeric strings)",
  storageMode: 'Set storageMode to "read_write" (default) or "readonly"',
  idleShutdownSeconds: "Set idleShutdownSeconds to a positive whole number of seconds",
  waitForInitialRun: "Set waitForInitialRun to true or false",
  ...waitInputHints,
};

/** What a Deepnote Session reports beyond its inputs (the `outputs` mapping in session.ts, plus the create's memo). */
export const DeepnoteSessionOutputs = z.object({
  sessionNotebookId: z.string().nullable().describe("The session's own copy of the notebook."),
  state: z.string().nullable().describe("The session's state as Deepnote reports it (inferred field)."),
  kernelState: z.string().nullable().describe("The kernel's state."),
  initialRunId: z.string().nullable().describe("The run Deepnote started at create."),
  initialRunStatus: z.string().optional().describe("That run's status when last read."),
});
