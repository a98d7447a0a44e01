import type { CheckFailure } from "../core/check";
import { SessionsError } from "../core/errors";
import { allSettings, KINDS, KIND_NAMES } from "../kinds";
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

/** Every input's and setting's name, as the handlers' messages spell them (camelCase). */
const NAMES = new Set([...KIND_NAMES.flatMap((k) => Object.keys(KINDS[k].inputs.shape)), ...allSettings().map((s) => s.key)]);

/** Pulumi commands and words → OpenTofu's (refresh is a refresh-only apply). */
const COMMANDS: [RegExp, string][] = [
  [/`pulumi up --replace <urn>`/g, "`tofu apply -replace=<address>`"],
  [/`pulumi up --parallel`/g, "`tofu apply -parallelism=<n>`"],
  [/`pulumi import \S+ <name> ([^`]+)`/g, "`tofu import <address> $1`"],
  [/\bpulumi refresh\b/g, "tofu apply -refresh-only"],
  [/\bpulumi preview\b/g, "tofu plan"],
  [/\bpulumi up\b/g, "tofu apply"],
  [/\bpulumi destroy\b/g, "tofu destroy"],
  [/\b(in|from) the stack\b/g, "$1 the state"],
  [/\bthe stack (tracks|owns)\b/g, "the state $1"],
  [/\boutside Pulumi\b/g, "outside OpenTofu"],
  [/\bin the program\b/g, "in the configuration"],
];

/**
 * The handlers' messages are written once, in Pulumi's terms; under OpenTofu they name its
 * commands and the attributes' snake_case names.
 */
export function inTofuTerms(message: string): string {
  let out = message;
  for (const [from, to] of COMMANDS) out = out.replace(from, to);
  return out.replace(/\b[a-z]+(?:[A-Z][a-z0-9]*)+\b/g, (word) => (NAMES.has(word) ? snake(word) : word));
}

export const failureDiagnostic = (f: CheckFailure): Diagnostic => ({
  severity: SEVERITY.ERROR,
  summary: `Invalid ${snake(f.property)}`,
  detail: inTofuTerms(f.reason),
  attribute: attributePath(f.property),
});

/**
 * `tainted`: a create that failed with the session recorded. OpenTofu taints it, so the next
 * apply replaces it rather than waiting again, as the handlers' message would have it.
 */
export function errorDiagnostic(e: unknown, opts: { tainted?: boolean } = {}): Diagnostic {
  let message = inTofuTerms(e instanceof Error ? e.message : String(e));
  if (opts.tainted) {
    message = `${message.replace(/run `tofu apply` again to keep waiting, /, "")} OpenTofu marks it tainted: the next \`tofu apply\` replaces it; \`tofu untaint <address>\` keeps it, and the next apply waits for it again.`;
  }
  const code = e instanceof SessionsError ? ` (${e.code})` : "";
  return { severity: SEVERITY.ERROR, summary: firstSentence(message), detail: `${message}${code}` };
}

export const warningDiagnostic = (message: string): Diagnostic => {
  const text = inTofuTerms(message);
  return { severity: SEVERITY.WARNING, summary: firstSentence(text), detail: text };
};

/** The summary OpenTofu prints after "Error:"; the whole text goes in the detail. */
function firstSentence(message: string): string {
  const end = message.search(/[.:](\s|$)/);
  return end > 0 && end < 160 ? message.slice(0, end) : message.slice(0, 160);
}
