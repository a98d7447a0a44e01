/**
 * Handler results cross the wire as protobuf Structs, which throw on `undefined`
 * and silently turn Dates into `{}`. Everything a handler returns goes through this.
 */
export type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

export function plainJson(value: unknown): Json {
  if (value === null) return null;
  if (value instanceof Date) return value.toISOString();
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : null;
    case "object": {
      if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(plainJson);
      const out: { [k: string]: Json } = {};
      for (const [k, v] of Object.entries(value as object)) {
        if (v !== undefined && typeof v !== "function") out[k] = plainJson(v);
      }
      return out;
    }
    default:
      return null;
  }
}

/** Order-insensitive for object keys, as Pulumi compares property maps. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return stableStringify(plainJson(a ?? null)) === stableStringify(plainJson(b ?? null));
}

function stableStringify(v: Json): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(",")}]`;
  return `{${Object.keys(v)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableStringify(v[k])}`)
    .join(",")}}`;
}
