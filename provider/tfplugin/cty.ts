import { decode, encode, ExtData, ExtensionCodec } from "@msgpack/msgpack";

/**
 * The value encoding of the Terraform plugin protocol: cty values as MessagePack, read and
 * written against the schema's types (docs/opentofu.md). Unknown values ("known after apply")
 * are MessagePack extension 0; a `dynamic` value is a pair of its type (as JSON) and the value.
 */
export type CtyType =
  | "string"
  | "number"
  | "bool"
  | "dynamic"
  | ["list", CtyType]
  | ["set", CtyType]
  | ["map", CtyType]
  | ["object", Record<string, CtyType>]
  | ["tuple", CtyType[]];

/** A value that is not known yet (in a plan). */
export const UNKNOWN_VALUE: unique symbol = Symbol("unknown");
export type CtyValue = null | string | number | boolean | typeof UNKNOWN_VALUE | CtyValue[] | { [k: string]: CtyValue };

const UNKNOWN_EXT = 0;
/** An unknown with refinements (what is known about it: not null, a prefix, a range); unknown here. */
const REFINED_UNKNOWN_EXT = 0x0c;
const codec = new ExtensionCodec();
for (const type of [UNKNOWN_EXT, REFINED_UNKNOWN_EXT]) codec.register({ type, decode: () => UNKNOWN_VALUE, encode: () => null });

/** go-cty writes an unknown as a one-byte extension 0 (fixext1); written the same way here. */
const unknownExt = () => new ExtData(UNKNOWN_EXT, new Uint8Array([0]));

/**
 * The type a `dynamic` value came with, so it goes back as it came (an HCL object stays an
 * object, a tuple a tuple): Terraform compares planned and applied values with their types.
 */
const dynamicTypes = new WeakMap<object, CtyType>();

export function toMsgpack(value: CtyValue, type: CtyType): Uint8Array {
  return encode(prepare(value, type), { extensionCodec: codec, ignoreUndefined: false });
}

export function fromMsgpack(bytes: Uint8Array | undefined, type: CtyType): CtyValue {
  if (!bytes || bytes.length === 0) return null;
  return read(decode(bytes, { extensionCodec: codec, useBigInt64: false }), type);
}

/** The JS form @msgpack/msgpack writes: unknowns as extension 0, dynamic values as [type JSON, value]. */
function prepare(value: CtyValue, type: CtyType): unknown {
  if (value === UNKNOWN_VALUE) return unknownExt();
  if (value === null) return null;
  if (type === "dynamic") {
    const t = (typeof value === "object" && dynamicTypes.get(value)) || typeOf(value);
    return [new TextEncoder().encode(JSON.stringify(t)), prepare(value, t)];
  }
  if (typeof type === "string") {
    if (type === "number") return typeof value === "number" ? value : Number(value);
    if (type === "bool") return typeof value === "boolean" ? value : value === "true";
    return typeof value === "string" ? value : JSON.stringify(value);
  }
  const [kind, inner] = type;
  if (kind === "list" || kind === "set") return (value as CtyValue[]).map((v) => prepare(v, inner as CtyType));
  if (kind === "tuple") return (value as CtyValue[]).map((v, i) => prepare(v, (inner as CtyType[])[i]));
  if (kind === "map") return Object.fromEntries(Object.entries(value as Record<string, CtyValue>).map(([k, v]) => [k, prepare(v, inner as CtyType)]));
  const attrs = inner as Record<string, CtyType>;
  const obj = value as Record<string, CtyValue>;
  // An object value has every attribute of its type (null when absent).
  return Object.fromEntries(Object.entries(attrs).map(([k, t]) => [k, prepare(obj[k] ?? null, t)]));
}

/** How an encoding carries a `dynamic` value: its type and the value. */
type DynamicForm = (raw: unknown) => { type: CtyType; value: unknown };
const msgpackDynamic: DynamicForm = (raw) => {
  const [t, value] = raw as [Uint8Array, unknown];
  return { type: JSON.parse(new TextDecoder().decode(t)) as CtyType, value };
};
const jsonDynamic: DynamicForm = (raw) => raw as { type: CtyType; value: unknown };

const read = (raw: unknown, type: CtyType): CtyValue => decodeValue(raw, type, msgpackDynamic);

/**
 * A value of the JSON state encoding (the state file; UpgradeResourceState's raw state):
 * like the MessagePack one, but a `dynamic` value is `{"value": …, "type": …}`.
 */
export const fromJson = (raw: unknown, type: CtyType): CtyValue => decodeValue(raw, type, jsonDynamic);

function decodeValue(raw: unknown, type: CtyType, dynamic: DynamicForm): CtyValue {
  if (raw === UNKNOWN_VALUE) return UNKNOWN_VALUE;
  if (raw === null || raw === undefined) return null;
  const next = (v: unknown, t: CtyType) => decodeValue(v, t, dynamic);
  if (type === "dynamic") {
    const d = dynamic(raw);
    const value = next(d.value, d.type);
    if (value && typeof value === "object") dynamicTypes.set(value, d.type);
    return value;
  }
  if (typeof type === "string") {
    if (type === "number") return typeof raw === "string" ? Number(raw) : (raw as number);
    return raw as string | boolean;
  }
  const [kind, inner] = type;
  if (kind === "list" || kind === "set") return (raw as unknown[]).map((v) => next(v, inner as CtyType));
  if (kind === "tuple") return (raw as unknown[]).map((v, i) => next(v, (inner as CtyType[])[i]));
  if (kind === "map") return Object.fromEntries(Object.entries(raw as Record<string, unknown>).map(([k, v]) => [k, next(v, inner as CtyType)]));
  const attrs = inner as Record<string, CtyType>;
  return Object.fromEntries(Object.entries(attrs).map(([k, t]) => [k, next((raw as Record<string, unknown>)[k], t)]));
}

/** The type a known value has, for a `dynamic` attribute (lists of strings are lists, records of them maps). */
export function typeOf(value: CtyValue): CtyType {
  if (typeof value === "string") return "string";
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "bool";
  if (Array.isArray(value)) return ["tuple", value.map(typeOf)];
  if (value && typeof value === "object") return ["object", Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeOf(v)]))];
  return "dynamic";
}

/** Whether any part of a value is unknown. */
export function hasUnknown(value: CtyValue): boolean {
  if (value === UNKNOWN_VALUE) return true;
  if (Array.isArray(value)) return value.some(hasUnknown);
  if (value && typeof value === "object") return Object.values(value).some(hasUnknown);
  return false;
}
