import { z } from "zod";
import { commonOutputs } from "../core/outputs";
import { defOf, unwrapField } from "../core/zod-fields";
import { PACKAGE_VERSION, PLUGIN_DOWNLOAD_URL, REPOSITORY } from "../core/version";
import { KINDS, KIND_NAMES, allSettings, dynamicToken, pluginToken } from "../kinds";

/**
 * The plugin's Pulumi package schema, built from the zod schemas (inputs, outputs,
 * descriptions): the one source the checked-in schema.json and the generated SDKs come
 * from. `npm run gen:schema` rewrites schema.json; a test fails when it is stale.
 */
type JsonSchema = {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  additionalProperties?: JsonSchema | boolean;
  properties?: Record<string, JsonSchema>;
  required?: string[];
};
type PulumiProperty = Record<string, unknown>;

/** Object types the outputs use: schema type token → schema, over every kind. */
const OUTPUT_TYPES: Record<string, z.ZodObject<z.ZodRawShape>> = Object.assign({}, ...KIND_NAMES.map((k) => KINDS[k].outputTypes ?? {}));

const typeRef = new Map<z.ZodType, string>(Object.entries(OUTPUT_TYPES).map(([token, schema]) => [schema as z.ZodType, token]));

function jsonSchemaOf(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  return z.toJSONSchema(schema, { io, unrepresentable: "any", reused: "inline" }) as JsonSchema;
}

/** One JSON-schema property → a Pulumi schema property (enums and unions as documented strings / Any). */
function property(js: JsonSchema, description?: string): PulumiProperty {
  const out: PulumiProperty = {};
  const text = description ?? js.description;
  if (Array.isArray(js.type)) {
    const nonNull = js.type.filter((t) => t !== "null");
    return property({ ...js, type: nonNull.length === 1 ? nonNull[0] : undefined }, text);
  }
  if (js.anyOf) {
    const nonNull = js.anyOf.filter((x) => x.type !== "null");
    if (nonNull.length === 1) return property(nonNull[0], text);
    out.$ref = "pulumi.json#/Any";
  } else if (js.enum) {
    out.type = "string";
  } else if (js.type === "array") {
    out.type = "array";
    out.items = property(js.items ?? {});
  } else if (js.type === "object") {
    out.type = "object";
    out.additionalProperties = typeof js.additionalProperties === "object" ? property(js.additionalProperties) : { $ref: "pulumi.json#/Any" };
  } else if (js.type === "string" || js.type === "integer" || js.type === "number" || js.type === "boolean") {
    out.type = js.type;
  } else {
    out.$ref = "pulumi.json#/Any";
  }
  if (text) out.description = text;
  if (js.default !== undefined && ["string", "integer", "number", "boolean"].includes(String(out.type))) out.default = js.default;
  return out;
}

/** Properties of a zod object; fields that are one of OUTPUT_TYPES become `$ref`s. */
function properties(schema: z.ZodObject<z.ZodRawShape>, io: "input" | "output") {
  const js = jsonSchemaOf(schema, io);
  const props: Record<string, PulumiProperty> = {};
  for (const [k, field] of Object.entries(schema.shape)) {
    const ref = refOf(field as z.ZodType);
    const p = property(js.properties![k]);
    if (ref) {
      const { type: _t, additionalProperties: _a, items: _i, $ref: _r, ...rest } = p;
      props[k] = ref.array ? { ...rest, type: "array", items: { $ref: `#/types/${ref.token}` } } : { ...rest, $ref: `#/types/${ref.token}` };
    } else props[k] = p;
  }
  // Nullable outputs are present but may be null: not "required" in the SDKs' types.
  const nullable = (k: string) => {
    const p = js.properties![k];
    return (Array.isArray(p.type) && p.type.includes("null")) || !!p.anyOf?.some((x) => x.type === "null");
  };
  return { props, required: (js.required ?? []).filter((k) => !nullable(k)) };
}

function refOf(field: z.ZodType): { token: string; array: boolean } | undefined {
  const { core } = unwrapField(field);
  const t = typeRef.get(core);
  if (t) return { token: t, array: false };
  const { element } = defOf(core);
  const inner = element && refOf(element);
  return inner ? { token: inner.token, array: true } : undefined;
}

export function buildSchema(): Record<string, unknown> {
  const config: Record<string, PulumiProperty> = {};
  for (const spec of allSettings()) {
    config[spec.key] = {
      type: "string",
      description: `${spec.description}. Falls back to ${spec.env.join(" or ")} in the environment.`,
      ...(spec.secret ? { secret: true } : {}),
    };
  }
  const resources: Record<string, unknown> = {};
  for (const name of KIND_NAMES) {
    const kind = KINDS[name];
    const inputs = properties(kind.inputs, "input");
    const outputs = properties(kind.outputs.extend(commonOutputs), "output");
    const outputInputs = properties(kind.inputs, "output");
    resources[pluginToken(name)] = {
      description: kind.description,
      // A stack that switches from the dynamic resource to this one keeps its session: the
      // generated SDKs alias the old type, so the engine moves the resource instead of replacing it.
      aliases: [{ type: dynamicToken(name) }],
      inputProperties: inputs.props,
      requiredInputs: inputs.required,
      properties: { ...outputInputs.props, ...outputs.props },
      required: [...new Set([...outputInputs.required, ...outputs.required])].sort(),
    };
  }
  const types: Record<string, unknown> = {};
  for (const [token, schema] of Object.entries(OUTPUT_TYPES)) {
    const p = properties(schema as unknown as z.ZodObject<z.ZodRawShape>, "output");
    types[token] = { type: "object", description: (schema as z.ZodType).description, properties: p.props, required: p.required };
  }
  return {
    name: "sessions",
    displayName: "Sessions",
    version: PACKAGE_VERSION,
    description: "Compute sessions (IBM Quantum, Deepnote, OCI AI Data Platform notebooks, Jupyter Server) as Pulumi resources.",
    keywords: ["pulumi", "sessions", "ibm-quantum", "qiskit", "deepnote", "oci", "jupyter"],
    license: "Apache-2.0",
    repository: REPOSITORY,
    pluginDownloadURL: PLUGIN_DOWNLOAD_URL,
    meta: { moduleFormat: "(.*)" },
    config: { variables: config },
    provider: { description: "The provider for pulumi-sessions resources (settings: `sessions:<key>` config or the environment).", inputProperties: config },
    resources,
    types,
    language: {
      python: { packageName: "pulumi_sessions", requires: { pulumi: ">=3.0.0,<4.0.0" }, respectSchemaVersion: true },
      nodejs: { packageName: "@pulumi-sessions/plugin-sdk", respectSchemaVersion: true },
      // The Go module is sdk/ (sdk/go.mod, beside the generated tree): `go get github.com/pulumi-sessions/pulumi-sessions/sdk/go/sessions`.
      go: { importBasePath: `${REPOSITORY.replace(/^https:\/\//, "")}/sdk/go/sessions`, respectSchemaVersion: true },
    },
  };
}
