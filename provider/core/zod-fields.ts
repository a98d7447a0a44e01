import type { z } from "zod";

/**
 * What a field of a zod schema is under its wrappers: the one place that reads zod's
 * definitions, for everything derived from the schemas (the plugin's schema, the OpenTofu
 * schema and its value conversion, the generated dynamic classes).
 */
export interface FieldDef {
  type: string;
  innerType?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
}

export const defOf = (f: z.ZodType): FieldDef => (f as unknown as { def: FieldDef }).def;

/** Optional/nullable/default wrappers off: the field's own schema, and whether it was optional or had a default. */
export function unwrapField(f: z.ZodType): { core: z.ZodType; optional: boolean; hasDefault: boolean } {
  let core = f;
  let optional = false;
  let hasDefault = false;
  for (;;) {
    const d = defOf(core);
    if (d.type === "optional") optional = true;
    if (d.type === "default") hasDefault = true;
    if ((d.type === "optional" || d.type === "nullable" || d.type === "default") && d.innerType) core = d.innerType;
    else return { core, optional, hasDefault };
  }
}
