import type { z } from "zod";
import { snakeCase as snake, type SettingSpec } from "../core/config";
import { commonOutputs } from "../core/outputs";
import { defOf, unwrapField } from "../core/zod-fields";
import { UNKNOWN } from "../core/vendor";
import { allSettings, KINDS, KIND_NAMES, type KindName } from "../kinds";
import { hasUnknown, UNKNOWN_VALUE, type CtyType, type CtyValue } from "./cty";

/**
 * The Terraform view of each kind, derived from the registry's zod schemas: resource
 * `sessions_<kind>_<type in snake_case>`, snake_case attributes (inputs required or
 * optional+computed when they have a default, outputs computed, `id`), a `timeouts` block,
 * and the conversion of values between the handlers' camelCase props and the state's.
 */
export { snakeCase as snake } from "../core/config";

type Field = z.ZodType;

/** The cty type of a zod field; objects have snake_case attribute names. */
export function ctyTypeOf(f: Field): CtyType {
  const d = defOf(unwrapField(f).core);
  switch (d.type) {
    case "string":
    case "enum":
      return "string";
    case "number":
      return "number";
    case "boolean":
      return "bool";
    case "array":
      return ["list", ctyTypeOf(d.element!)];
    case "object":
      return ["object", Object.fromEntries(Object.entries(d.shape!).map(([k, v]) => [snake(k), ctyTypeOf(v)]))];
    default:
      // Records of mixed values (Deepnote's `inputs`) and anything else: the value carries its own type.
      return "dynamic";
  }
}

export interface Attribute {
  /** snake_case in Terraform, camelCase in the handlers' props. */
  name: string;
  key: string;
  field: Field;
  type: CtyType;
  description: string;
  input: boolean;
  required: boolean;
  /** Optional inputs a default or the service fills in, and every output. */
  computed: boolean;
  replace: boolean;
}

export interface TfResource {
  kind: KindName;
  typeName: string;
  attributes: Attribute[];
  /** The object type of the whole state (attributes plus the `timeouts` block). */
  stateType: CtyType;
}

export const TIMEOUTS = ["create", "update", "delete"] as const;
const TIMEOUTS_TYPE: CtyType = ["object", { create: "string", update: "string", delete: "string" }];

export function tfResource(kind: KindName): TfResource {
  const k = KINDS[kind];
  const attributes: Attribute[] = [
    { name: "id", key: "id", field: undefined as never, type: "string", description: "The session's id.", input: false, required: false, computed: true, replace: false },
  ];
  for (const [key, field] of Object.entries(k.inputs.shape) as [string, Field][]) {
    const u = unwrapField(field);
    attributes.push({
      name: snake(key),
      key,
      field,
      type: ctyTypeOf(field),
      description: field.description ?? "",
      input: true,
      required: !u.optional && !u.hasDefault,
      // Optional and filled in by a default or the service: Terraform's "optional + computed".
      computed: (u.optional || u.hasDefault) && (u.hasDefault || (k.computedInputs ?? []).includes(key as never)),
      replace: (k.replaceOn as string[]).includes(key),
    });
  }
  const outputs = { ...(k.outputs.shape as Record<string, Field>), ...(commonOutputs as Record<string, Field>) };
  for (const [key, field] of Object.entries(outputs)) {
    if (attributes.some((a) => a.key === key)) continue; // an output that repeats an input (its value as the service reports it)
    attributes.push({ name: snake(key), key, field, type: ctyTypeOf(field), description: field.description ?? "", input: false, required: false, computed: true, replace: false });
  }
  const stateType: CtyType = ["object", { ...Object.fromEntries(attributes.map((a) => [a.name, a.type])), timeouts: TIMEOUTS_TYPE }];
  return { kind, typeName: `sessions_${k.name}_${snake(k.type)}`, attributes, stateType };
}

export const TF_RESOURCES: Record<string, TfResource> = Object.fromEntries(KIND_NAMES.map(tfResource).map((r) => [r.typeName, r]));

/** Provider settings of every kind, each once: the provider block's attributes (snake_case). */
export function providerSettings(): { name: string; spec: SettingSpec }[] {
  return allSettings().map((spec) => ({ name: snake(spec.key), spec }));
}
export const PROVIDER_TYPE: CtyType = ["object", Object.fromEntries(providerSettings().map((s) => [s.name, "string" as CtyType]))];

/** A value from the state or config (snake_case) → the handlers' props (camelCase); unknowns become the engine's placeholder. */
export function propsOf(r: TfResource, value: CtyValue, only: "input" | "all" = "all"): Record<string, unknown> {
  const obj = (value ?? {}) as Record<string, CtyValue>;
  const out: Record<string, unknown> = {};
  for (const a of r.attributes) {
    if (only === "input" && !a.input) continue;
    const v = obj[a.name];
    if (v === null || v === undefined) continue;
    // Part of a value not known yet (in a plan): the whole input waits, as the engine's placeholder.
    out[a.key] = hasUnknown(v) ? UNKNOWN : toProps(v, a.field);
  }
  return out;
}

function toProps(v: CtyValue, field: Field | undefined): unknown {
  if (v === UNKNOWN_VALUE) return UNKNOWN;
  if (v === null || !field) return v;
  const d = defOf(unwrapField(field).core);
  if (d.type === "object" && typeof v === "object" && !Array.isArray(v)) {
    return Object.fromEntries(Object.entries(d.shape!).map(([k, f]) => [k, toProps((v as Record<string, CtyValue>)[snake(k)] ?? null, f)]));
  }
  if (d.type === "array" && Array.isArray(v)) return v.map((x) => toProps(x, d.element));
  return v;
}

/** The handlers' props → a state value (snake_case, every attribute present); `timeouts` as given. */
export function stateOf(r: TfResource, props: Record<string, unknown>, timeouts: CtyValue = null): CtyValue {
  const out: Record<string, CtyValue> = {};
  for (const a of r.attributes) out[a.name] = fromProps(props[a.key], a.field);
  out.timeouts = timeouts;
  return out;
}

function fromProps(v: unknown, field: Field | undefined): CtyValue {
  if (v === undefined || v === null) return null;
  if (v === UNKNOWN) return UNKNOWN_VALUE;
  if (!field) return v as CtyValue;
  const d = defOf(unwrapField(field).core);
  if (d.type === "object" && typeof v === "object") {
    return Object.fromEntries(Object.entries(d.shape!).map(([k, f]) => [snake(k), fromProps((v as Record<string, unknown>)[k], f)]));
  }
  if (d.type === "array" && Array.isArray(v)) return v.map((x) => fromProps(x, d.element));
  return v as CtyValue;
}

/** The protocol's Schema messages (attribute types as cty's type JSON; descriptions are Markdown). */
const MARKDOWN = 1;
const SINGLE = 1;
const attribute = (name: string, type: CtyType, description: string, flags: { required?: boolean; optional?: boolean; computed?: boolean; sensitive?: boolean }) => ({
  name,
  type: Buffer.from(JSON.stringify(type)),
  description,
  description_kind: MARKDOWN,
  ...flags,
});

export function resourceSchema(r: TfResource) {
  const k = KINDS[r.kind];
  const timeouts = TIMEOUTS.map((op) => attribute(op, "string", `How long ${op} may take, e.g. "20m" (replaces wait_timeout_seconds).`, { optional: true }));
  return {
    version: 0,
    block: {
      version: 0,
      description: k.description,
      description_kind: MARKDOWN,
      attributes: r.attributes.map((a) =>
        attribute(a.name, a.type, a.description, { required: a.required, optional: a.input && !a.required, computed: a.computed }),
      ),
      block_types: [{ type_name: "timeouts", nesting: SINGLE, block: { version: 0, attributes: timeouts, description: "Operation timeouts.", description_kind: MARKDOWN } }],
    },
  };
}

export function providerSchema() {
  return {
    version: 0,
    block: {
      version: 0,
      description: "Settings of pulumi-sessions; each can come from its environment variable instead.",
      description_kind: MARKDOWN,
      attributes: providerSettings().map((s) =>
        attribute(s.name, "string", `${s.spec.description} (or ${s.spec.env.join(" / ")}).`, { optional: true, sensitive: !!s.spec.secret }),
      ),
    },
  };
}
