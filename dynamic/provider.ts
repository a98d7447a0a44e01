import type * as pulumi from "@pulumi/pulumi";
import type { KindName } from "../provider/kinds";

/**
 * The serialized dynamic provider of one kind: a few lines per method that `require` the
 * implementation at run time from the program's node_modules. Nothing else is captured —
 * no client, no credential, no config — so state stays small, secrets never land in it,
 * and a package upgrade takes effect on the next operation. Each kind's is the exports of
 * its own module (providers/<kind>, generated), which an installed package serializes as
 * one `require` of that module.
 */
export function dynamicProvider(kind: KindName): pulumi.dynamic.ResourceProvider {
  return {
    async configure(req) {
      require("pulumi-sessions/provider").configure(req);
    },
    async check(olds, news) {
      return require("pulumi-sessions/provider").handlers(kind).check(olds, news);
    },
    async diff(id, olds, news) {
      return require("pulumi-sessions/provider").handlers(kind).diff(id, olds, news);
    },
    async create(inputs) {
      return require("pulumi-sessions/provider").handlers(kind).create(inputs);
    },
    async read(id, props) {
      return require("pulumi-sessions/provider").handlers(kind).read(id, props);
    },
    async update(id, olds, news) {
      return require("pulumi-sessions/provider").handlers(kind).update(id, olds, news);
    },
    async delete(id, props) {
      return require("pulumi-sessions/provider").handlers(kind).delete(id, props);
    },
  };
}
