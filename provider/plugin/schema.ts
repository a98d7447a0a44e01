import { z } from "zod";
import { DeepnoteSessionInputsSchema } from "../deepnote/schemas";
import { DEEPNOTE_TOKEN, DEEPNOTE_URL } from "../deepnote/client";
import { IBM_API_KEY, IBM_IAM_URL, IBM_INSTANCE, IBM_URL } from "../ibm/settings";
import { QuantumSessionInputsSchema } from "../ibm/schemas";
import { JUPYTER_TOKEN, JupyterSessionInputsSchema } from "../jupyter/session";
import { OCI_CONFIG_FILE, OCI_PROFILE } from "../oci/auth";
import { OCI_ENDPOINT } from "../oci/client";
import { OciNotebookSessionInputsSchema } from "../oci/schemas";
import type { SettingSpec } from "../core/config";
import { PACKAGE_VERSION } from "../core/version";
import { TOKEN_OF } from "./tokens";
import { DeepnoteOutputs, IbmOutputs, JupyterOutputs, OciOutputs, OUTPUT_TYPES } from "./outputs";

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

/** Each resource's schemas, by the vendor whose handlers serve it (its token: tokens.ts). */
const RESOURCES = {
  ibm: {
    inputs: QuantumSessionInputsSchema,
    outputs: IbmOutputs,
    description: "An IBM Quantum (Qiskit Runtime) session or batch. Import id: `<session id>` or `<instance CRN>/<session id>`.",
  },
  deepnote: {
    inputs: DeepnoteSessionInputsSchema,
    outputs: DeepnoteOutputs,
    description: "A Deepnote interactive session (API v2, preview). Import id: `<notebook id>/<session id>`.",
  },
  oci: {
    inputs: OciNotebookSessionInputsSchema,
    outputs: OciOutputs,
    description: "An OCI AI Data Platform notebook session. Import id: `<aiDataPlatformId>/<workspaceKey>/<session id>`.",
  },
  jupyter: {
    inputs: JupyterSessionInputsSchema,
    outputs: JupyterOutputs,
    description: "A Jupyter Server session (`/api/sessions`). Import id: the session's URL, `<server url>/api/sessions/<session id>`.",
  },
} as const satisfies Record<keyof typeof TOKEN_OF, unknown>;

/** Provider settings: `sessions:<key>` config, else the environment (read at call time). */
const SETTINGS: [SettingSpec, string][] = [
  [IBM_API_KEY, "IBM Cloud API key"],
  [IBM_INSTANCE, "Default Qiskit Runtime instance CRN"],
  [IBM_URL, "Qiskit Runtime API URL (a URL ending in /api/v1 is used as is)"],
  [IBM_IAM_URL, "IBM Cloud IAM URL"],
  [DEEPNOTE_TOKEN, "Deepnote API key"],
  [DEEPNOTE_URL, "Deepnote API URL"],
  [OCI_CONFIG_FILE, "OCI config file"],
  [OCI_PROFILE, "OCI config profile"],
  [OCI_ENDPOINT, "OCI AI Data Platform data-plane endpoint"],
  [JUPYTER_TOKEN, "Jupyter Server token"],
];

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
  let f: z.ZodType = field;
  for (;;) {
    const t = typeRef.get(f);
    if (t) return { token: t, array: false };
    const def = (f as unknown as { def: { type: string; innerType?: z.ZodType; element?: z.ZodType } }).def;
    if ((def.type === "nullable" || def.type === "optional") && def.innerType) f = def.innerType;
    else if (def.type === "array" && def.element) {
      const inner = refOf(def.element);
      return inner ? { token: inner.token, array: true } : undefined;
    } else return undefined;
  }
}

export function buildSchema(): Record<string, unknown> {
  const config: Record<string, PulumiProperty> = {};
  for (const [spec, what] of SETTINGS) {
    config[spec.key] = {
      type: "string",
      description: `${what}. Falls back to ${spec.env.join(" or ")} in the environment.`,
      ...(spec.secret ? { secret: true } : {}),
    };
  }
  const resources: Record<string, unknown> = {};
  for (const [vendor, r] of Object.entries(RESOURCES)) {
    const token = TOKEN_OF[vendor as keyof typeof TOKEN_OF];
    const inputs = properties(r.inputs, "input");
    const outputs = properties(r.outputs, "output");
    const outputInputs = properties(r.inputs, "output");
    resources[token] = {
      description: r.description,
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
    repository: "https://github.com/pulumi-sessions/pulumi-sessions",
    meta: { moduleFormat: "(.*)" },
    config: { variables: config },
    provider: { description: "The provider for pulumi-sessions resources (settings: `sessions:<key>` config or the environment).", inputProperties: config },
    resources,
    types,
    language: {
      python: { packageName: "pulumi_sessions", requires: { pulumi: ">=3.0.0,<4.0.0" }, respectSchemaVersion: true },
      nodejs: { packageName: "@pulumi-sessions/plugin-sdk", respectSchemaVersion: true },
    },
  };
}
