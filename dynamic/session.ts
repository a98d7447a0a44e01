import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { commonOutputs } from "../provider/core/outputs";
import type { AnyKind, KINDS, KindName } from "../provider/kinds";
import { withoutPromiseStacks } from "./promise-stacks";

/**
 * One class shape for every kind's dynamic resource: its argument and output types are
 * the kind's zod schemas (z.input / z.output), so they cannot drift from what the
 * handlers accept and store. The generated modules (./<kind>.ts) give each its name.
 */

/** A value as a program may pass it: plain, a promise or an Output, at every level. */
export type DeepInput<T> = T extends string | number | boolean | null | undefined
  ? pulumi.Input<T>
  : T extends readonly (infer E)[]
    ? pulumi.Input<DeepInput<E>[]>
    : T extends object
      ? pulumi.Input<{ [P in keyof T]: DeepInput<T[P]> }>
      : pulumi.Input<T>;

type Kind<K extends KindName> = (typeof KINDS)[K];
type Common = { [P in keyof typeof commonOutputs]: z.output<(typeof commonOutputs)[P]> };

/** The constructor arguments of kind K: its inputs as the schema accepts them. */
export type DynamicArgs<K extends KindName> = { [P in keyof z.input<Kind<K>["inputs"]>]: DeepInput<z.input<Kind<K>["inputs"]>[P]> };

/** Everything kind K stores: its inputs (defaults applied), its outputs, and the common ones. */
export type DynamicOutputs<K extends KindName> = Omit<z.output<Kind<K>["inputs"]>, keyof z.output<Kind<K>["outputs"]>> & z.output<Kind<K>["outputs"]> & Common;

/** A dynamic resource of kind K: each stored value is an output of the same name. */
export type DynamicSession<K extends KindName> = pulumi.dynamic.Resource & { readonly [P in keyof DynamicOutputs<K>]-?: pulumi.Output<DynamicOutputs<K>[P]> };

export interface DynamicSessionClass<K extends KindName> {
  new (name: string, args: DynamicArgs<K>, opts?: pulumi.CustomResourceOptions): DynamicSession<K>;
}

/**
 * The class of kind `name`, with type token `pulumi-nodejs:dynamic/<name>:<type>`.
 * `outputs`: every stored key, seeded `undefined` so each comes back as an output.
 * `provider`: the kind's provider module (its exports are the serialized provider).
 */
export function sessionClass<K extends KindName>(name: K, type: AnyKind["type"], outputs: readonly string[], provider: () => pulumi.dynamic.ResourceProvider): DynamicSessionClass<K> {
  class Session extends pulumi.dynamic.Resource {
    constructor(resourceName: string, args: DynamicArgs<K>, opts?: pulumi.CustomResourceOptions) {
      const props: Record<string, unknown> = {};
      for (const k of outputs) props[k] = undefined;
      const restore = withoutPromiseStacks();
      try {
        super(provider(), resourceName, { ...props, ...args }, opts, name, type);
      } finally {
        restore();
      }
    }
  }
  return Session as unknown as DynamicSessionClass<K>;
}
