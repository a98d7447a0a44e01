import type * as pulumi from "@pulumi/pulumi";

/**
 * The serialized dynamic provider: a few lines per method that `require` the
 * implementation at run time from the program's node_modules. Nothing else is
 * captured — no client, no credential, no config — so state stays small, secrets
 * never land in it, and a package upgrade takes effect on the next operation.
 * Each vendor's is the exports of its own module (sdk/providers/<vendor>), which an
 * installed package serializes as a `require` of that module.
 */
export type VendorName = "ibm" | "oci" | "jupyter" | "deepnote";

export function makeProvider(vendor: VendorName): pulumi.dynamic.ResourceProvider {
  return {
    async configure(req) {
      require("pulumi-sessions/provider").configure(req);
    },
    async check(olds, news) {
      return require("pulumi-sessions/provider").handlers(vendor).check(olds, news);
    },
    async diff(id, olds, news) {
      return require("pulumi-sessions/provider").handlers(vendor).diff(id, olds, news);
    },
    async create(inputs) {
      return require("pulumi-sessions/provider").handlers(vendor).create(inputs);
    },
    async read(id, props) {
      return require("pulumi-sessions/provider").handlers(vendor).read(id, props);
    },
    async update(id, olds, news) {
      return require("pulumi-sessions/provider").handlers(vendor).update(id, olds, news);
    },
    async delete(id, props) {
      return require("pulumi-sessions/provider").handlers(vendor).delete(id, props);
    },
  };
}

/** Declared outputs must be present (as undefined) in the props to come back typed. */
export function seedOutputs<A extends object>(names: readonly string[], args: A): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const n of names) props[n] = undefined;
  return { ...props, ...args };
}

/**
 * Called around `super(...)` in the four resource classes. While a resource is constructed,
 * `@pulumi/pulumi` takes `new Error().stack` for every promise of every property
 * (debuggablePromise, kept only for its promise-leak report), and under a TypeScript program
 * each stack is mapped through source maps: with ~25 properties per session that was the
 * largest CPU cost of a 300-session program, on the critical path of `up` and `preview`
 * (bench --cpu-prof). Those traces are taken without frames. The resource's source position,
 * which Pulumi captures under its own stack limit, is unaffected (a base class would shift it
 * off the user's code, hence a call in each constructor). Returns the restore function.
 */
export function withoutPromiseStacks(): () => void {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  return () => {
    Error.stackTraceLimit = limit;
  };
}
