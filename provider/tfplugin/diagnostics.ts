import type { CheckFailure } from "../core/check";
import { SessionsError } from "../core/errors";
import { snake } from "./schema";

/**
 * Terraform's diagnostics: what a plugin says instead of throwing. An error names the
 * attribute it is about as a path (OpenTofu prints the configuration line); warnings the
 * handlers raise ride along with the answer.
 */
export const SEVERITY = { ERROR: 1, WARNING: 2 } as const;

type Step = { attribute_name: string } | { element_key_int: number };
export interface Diagnostic {
  severity: number;
  summary: string;
  detail: string;
  attribute?: { steps: Step[] };
}

/** "timeouts.create", "inputs.0.name" → the attribute path (inputs' own names in snake_case). */
export function attributePath(property: string): { steps: Step[] } {
  return {
    steps: property
      .split(".")
      .filter((p) => p !== "" && p !== "(inputs)")
      .map((p) => (/^\d+$/.test(p) ? { element_key_int: Number(p) } : { attribute_name: snake(p) })),
  };
}

export const failureDiagnostic = (f: CheckFailure): Diagnostic => ({
  severity: SEVERITY.ERROR,
  summary: `Invalid ${snake(f.property)}`,
  detail: f.reason.replace(/\b[a-z]+[A-Z]\w*\b/g, (word) => snake(word)),
  attribute: attributePath(f.property),
});

export function errorDiagnostic(e: unknown): Diagnostic {
  const message = e instanceof Error ? e.message : String(e);
  const code = e instanceof SessionsError ? ` (${e.code})` : "";
  return { severity: SEVERITY.ERROR, summary: firstSentence(message), detail: `${message}${code}` };
}

export const warningDiagnostic = (message: string): Diagnostic => ({ severity: SEVERITY.WARNING, summary: firstSentence(message), detail: message });

/** The summary OpenTofu prints after "Error:"; the whole text goes in the detail. */
function firstSentence(message: string): string {
  const end = message.search(/[.:](\s|$)/);
  return end > 0 && end < 160 ? message.slice(0, end) : message.slice(0, 160);
}
