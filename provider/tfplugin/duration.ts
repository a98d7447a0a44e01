/**
 * A `timeouts` value as Terraform providers read them: Go's duration text ("90s", "20m",
 * "1h30m", "1.5h"), a sequence of numbers each with a unit. Returns seconds, or undefined
 * when the text is not a duration.
 */
const UNIT_SECONDS: Record<string, number> = { ns: 1e-9, us: 1e-6, "µs": 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;

export function durationSeconds(text: string): number | undefined {
  if (text === "0") return 0;
  if (text === "") return undefined;
  PART.lastIndex = 0;
  let total = 0;
  while (PART.lastIndex < text.length) {
    const at = PART.lastIndex;
    const m = PART.exec(text);
    if (!m || m.index !== at) return undefined;
    total += Number(m[1]) * UNIT_SECONDS[m[2]];
  }
  return total;
}

export const DURATION_HINT = 'a duration such as "90s", "20m" or "1h30m"';
