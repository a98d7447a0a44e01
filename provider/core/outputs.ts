import { z } from "zod";

/**
 * Outputs every session resource has beside its kind's own (the core writes them):
 * added to each kind's output schema for the plugin's schema, the SDKs and the
 * dynamic classes' types.
 */
export const commonOutputs = {
  providerVersion: z.string().describe("Version of pulumi-sessions that last wrote this resource."),
  initError: z
    .string()
    .optional()
    .describe("Set while the session is short of its target state (a wait that failed, or a failure state found by refresh): the reason. The next `up` tries again."),
};

/** A timestamp output: ISO 8601 text, or null. */
export const when = (what: string) => z.string().nullable().describe(`${what} (ISO 8601), or null.`);
