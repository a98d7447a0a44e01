import { z } from "zod";

/**
 * The provider-only wait inputs every session resource takes (Pulumi's customTimeouts
 * never reaches a dynamic provider). They never replace and never call the API.
 */
export function waitInputShape(defaults: { timeoutSeconds: number; pollIntervalMs: number }) {
  return {
    waitTimeoutSeconds: z.number().positive().default(defaults.timeoutSeconds),
    pollIntervalMs: z.number().int().min(10).default(defaults.pollIntervalMs),
  };
}

export const waitInputHints: Record<string, string> = {
  waitTimeoutSeconds: "Set waitTimeoutSeconds to a positive number of seconds",
  pollIntervalMs: "Set pollIntervalMs to a whole number of milliseconds, at least 10",
};
