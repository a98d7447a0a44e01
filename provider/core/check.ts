import type { z } from "zod";
import { UNKNOWN, type Props } from "./vendor";

export interface CheckFailure {
  property: string;
  reason: string;
}

/** Keys the engine or the SDK adds to a resource's props; they are not user inputs. */
const RESERVED = new Set(["__provider"]);

/**
 * Validates a resource's inputs before any API call: unknown property names (with a
 * "did you mean"), then the schema, each failure with its property path and a fix
 * hint. Values unknown during preview are set aside and checked again at `up`.
 */
export function checkInputs(
  schema: z.ZodObject<z.ZodRawShape>,
  news: Props,
  hints: Partial<Record<string, string>> = {},
): { data?: Props; unknownKeys: string[]; failures: CheckFailure[] } {
  const keys = Object.keys(schema.shape);
  const failures: CheckFailure[] = [];
  const raw: Props = {};
  const unknownKeys: string[] = [];
  for (const [k, v] of Object.entries(news)) {
    if (RESERVED.has(k) || v === undefined) continue;
    if (!keys.includes(k)) {
      const near = closest(k, keys);
      failures.push({
        property: k,
        reason: `unknown property${near ? `; did you mean "${near}"?` : ""} The inputs are: ${keys.join(", ")}`,
      });
      continue;
    }
    if (v === UNKNOWN) unknownKeys.push(k);
    else raw[k] = v;
  }
  const parsed = (unknownKeys.length ? schema.partial() : schema).safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const hint = hints[String(issue.path[0])];
      failures.push({ property: issue.path.map(String).join(".") || "(inputs)", reason: `${issue.message}${hint ? `. ${hint}` : ""}` });
    }
  }
  if (failures.length) return { unknownKeys, failures };
  const data = { ...(parsed.data as Props) };
  for (const k of unknownKeys) data[k] = UNKNOWN;
  return { data, unknownKeys, failures };
}

/** The candidate within edit distance 2 (or a case-insensitive match), if any. */
export function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = c.toLowerCase() === word.toLowerCase() ? 0 : editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
