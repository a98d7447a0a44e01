/**
 * Guardrails for sessions, as plain functions over a resource's inputs: what the policy
 * pack (pack.ts) enforces at `pulumi preview`, before anything is opened. Each rule
 * returns the violations it finds, each naming the property, the limit, and how to
 * change it — in the program or in the policy config.
 */
import { KIND_NAMES, KIND_OF_TOKEN, type KindName } from "../provider/kinds";

export type Kind = KindName;

/** Both type-token families (the dynamic resources' and the provider plugin's), from the kinds registry. */
export const TYPES: Readonly<Record<string, Kind>> = KIND_OF_TOKEN;

export interface Subject {
  kind: Kind;
  name: string;
  /** The stack, from the URN (urn:pulumi:<stack>::<project>::<type>::<name>). */
  stack: string;
  props: Record<string, unknown>;
}

export interface Rule<C> {
  name: string;
  kind: Kind;
  description: string;
  defaults: C;
  /** JSON schema of the config's properties (for `pulumi preview --policy-pack-config`). */
  schema: Record<string, unknown>;
  check(s: Subject, config: C): string[];
}

const list = (xs: readonly unknown[]) => xs.map((x) => JSON.stringify(x)).join(", ");
const inStacks = (s: Subject, stacks: string[]) => stacks.includes(s.stack);
const num = { type: "number" };

/** A number input that must be set and at most `c[capKey]`. */
const cappedNumber =
  (rule: string, prop: string, capKey: string, unsetNote: string) =>
  (s: Subject, c: Record<string, number>): string[] => {
    const v = s.props[prop];
    const cap = c[capKey];
    if (typeof v !== "number") return [`${s.name}: ${prop} is not set (${unsetNote}); set ${prop} to at most ${cap}, or raise "${rule}.${capKey}" in the policy config.`];
    if (v > cap) return [`${s.name}: ${prop} is ${v}, over the limit of ${cap}; lower ${prop}, or raise "${rule}.${capKey}" in the policy config.`];
    return [];
  };

/** An input whose value must be in `c[listKey]` (an empty list allows any, when `emptyAllowsAny`). */
const allowedValue =
  (rule: string, prop: string, listKey: string, fallback: unknown, emptyAllowsAny: boolean) =>
  (s: Subject, c: Record<string, string[]>): string[] => {
    const allowed = c[listKey];
    const v = s.props[prop] ?? fallback;
    if ((emptyAllowsAny && allowed.length === 0) || allowed.includes(String(v))) return [];
    return [`${s.name}: ${prop} is ${JSON.stringify(v)}, not one of ${list(allowed)}; set ${prop} to one of them, or change "${rule}.${listKey}" in the policy config.`];
  };
const strings = { type: "array", items: { type: "string" } };

export const RULES: Rule<any>[] = [
  {
    name: "ibm-max-ttl",
    kind: "ibm",
    description: "IBM Quantum sessions set maxTtlSeconds, at most the configured cap (QPU time is billed).",
    defaults: { maxTtlSeconds: 28800 },
    schema: { maxTtlSeconds: num },
    check: cappedNumber("ibm-max-ttl", "maxTtlSeconds", "maxTtlSeconds", "IBM's default is 28800 s"),
  },
  {
    name: "ibm-allowed-modes",
    kind: "ibm",
    description: "IBM Quantum sessions use an allowed mode.",
    defaults: { modes: ["batch", "dedicated"] },
    schema: { modes: strings },
    check: allowedValue("ibm-allowed-modes", "mode", "modes", "dedicated", false),
  },
  {
    name: "ibm-allowed-backends",
    kind: "ibm",
    description: "IBM Quantum sessions use an allowed backend (an empty list allows any).",
    defaults: { backends: [] },
    schema: { backends: strings },
    check: allowedValue("ibm-allowed-backends", "backend", "backends", undefined, true),
  },
  {
    name: "ibm-delete-behavior",
    kind: "ibm",
    description: "In the named stacks, IBM Quantum sessions say what destroy does to queued jobs, with an allowed deleteBehavior.",
    defaults: { stacks: ["prod", "production"], allowed: ["close"] },
    schema: { stacks: strings, allowed: strings },
    check: (s, c: { stacks: string[]; allowed: string[] }) => {
      if (!inStacks(s, c.stacks)) return [];
      const v = s.props.deleteBehavior;
      if (v === undefined) return [`${s.name}: deleteBehavior is not set in stack ${s.stack}; set deleteBehavior to ${list(c.allowed)}, or change "ibm-delete-behavior" in the policy config.`];
      return c.allowed.includes(String(v)) ? [] : [`${s.name}: deleteBehavior is ${JSON.stringify(v)} in stack ${s.stack}, not one of ${list(c.allowed)}; set deleteBehavior to one of them, or change "ibm-delete-behavior.allowed" in the policy config.`];
    },
  },
  {
    name: "deepnote-idle-shutdown",
    kind: "deepnote",
    description: "Deepnote sessions set idleShutdownSeconds, at most the configured cap (the machine is billed while idle).",
    defaults: { maxIdleShutdownSeconds: 3600 },
    schema: { maxIdleShutdownSeconds: num },
    check: cappedNumber("deepnote-idle-shutdown", "idleShutdownSeconds", "maxIdleShutdownSeconds", "Deepnote's default is undocumented"),
  },
  {
    name: "deepnote-readonly-storage",
    kind: "deepnote",
    description: 'In the named stacks, Deepnote sessions use storageMode "readonly".',
    defaults: { stacks: ["prod", "production"] },
    schema: { stacks: strings },
    check: (s, c: { stacks: string[] }) =>
      !inStacks(s, c.stacks) || s.props.storageMode === "readonly"
        ? []
        : [`${s.name}: storageMode is ${JSON.stringify(s.props.storageMode ?? "read_write")} in stack ${s.stack}; set storageMode to "readonly", or remove the stack from "deepnote-readonly-storage.stacks" in the policy config.`],
  },
  {
    name: "oci-allowed-kernels",
    kind: "oci",
    description: "OCI notebook sessions use an allowed kernel (an empty list allows any).",
    defaults: { kernels: [] },
    schema: { kernels: strings },
    check: allowedValue("oci-allowed-kernels", "kernelName", "kernels", "python3", true),
  },
  {
    name: "oci-allowed-clusters",
    kind: "oci",
    description: "OCI notebook sessions name an allowed cluster (an empty list allows any).",
    defaults: { clusters: [] },
    schema: { clusters: strings },
    check: allowedValue("oci-allowed-clusters", "clusterId", "clusters", null, true),
  },
  {
    name: "jupyter-https",
    kind: "jupyter",
    description: "Jupyter sessions reach their server over https, except on loopback (the token travels with every request).",
    defaults: {},
    schema: {},
    check: (s) => {
      let u: URL;
      try {
        u = new URL(String(s.props.url));
      } catch {
        return []; // not known yet (another resource's output) or invalid: check() reports the latter
      }
      const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(u.hostname);
      return u.protocol === "https:" || loopback ? [] : [`${s.name}: url ${JSON.stringify(s.props.url)} is not https; use https, or a loopback address for a server on this machine.`];
    },
  },
];

/** Per-stack caps that differ from the default of 10: notebook sessions are cheaper than machines and QPUs. */
const CAPS: Partial<Record<Kind, number>> = { oci: 20, jupyter: 20 };

/** A stack-wide cap on open sessions of each kind. */
export const COUNT_RULE = {
  name: "max-sessions-per-stack",
  description: "A stack opens at most the configured number of sessions of each kind.",
  defaults: Object.fromEntries(KIND_NAMES.map((k) => [k, CAPS[k] ?? 10])) as Record<Kind, number>,
  check(subjects: Subject[], caps: Record<Kind, number>): string[] {
    const out: string[] = [];
    for (const kind of Object.keys(caps) as Kind[]) {
      const n = subjects.filter((s) => s.kind === kind).length;
      if (n > caps[kind]) out.push(`the stack opens ${n} ${kind} sessions, over the limit of ${caps[kind]}; remove some, or raise "max-sessions-per-stack.${kind}" in the policy config.`);
    }
    return out;
  },
};

/** Who a resource is, from its type and URN; undefined when it is not a session. */
export function subjectOf(type: string, urn: string, name: string, props: Record<string, unknown>): Subject | undefined {
  const kind = TYPES[type];
  if (!kind) return undefined;
  const stack = /^urn:pulumi:([^:]+)::/.exec(urn)?.[1] ?? "";
  return { kind, name, stack, props };
}
