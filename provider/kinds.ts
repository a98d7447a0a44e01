/**
 * The registry of session kinds: one line each. The kind union, the type tokens, the
 * plugin's schema (and the SDKs generated from it), the guardrails' type list and the
 * dynamic classes all derive from this list. CONTRIBUTING.md says how to add a kind.
 * Each line is a static `require` so bundlers see it; a kind's behaviour loads lazily.
 */
import type { SettingSpec } from "./core/config";

export const KINDS = {
  ibm: (require("./ibm/kind") as typeof import("./ibm/kind")).kind,
  deepnote: (require("./deepnote/kind") as typeof import("./deepnote/kind")).kind,
  oci: (require("./oci/kind") as typeof import("./oci/kind")).kind,
  jupyter: (require("./jupyter/kind") as typeof import("./jupyter/kind")).kind,
};

export type KindName = keyof typeof KINDS;
export type AnyKind = (typeof KINDS)[KindName];

export const KIND_NAMES = Object.keys(KINDS) as KindName[];

/** The dynamic resource's type token: `pulumi-nodejs:dynamic/<kind>:<Type>` (the engine fixes the package part). */
export const dynamicToken = (k: KindName) => `pulumi-nodejs:dynamic/${KINDS[k].name}:${KINDS[k].type}`;
/** The provider plugin's type token: `sessions:<kind>:<Type>`. */
export const pluginToken = (k: KindName) => `sessions:${KINDS[k].name}:${KINDS[k].type}`;

/** Both token families → kind: what a request or a policy sees. */
export const KIND_OF_TOKEN: Readonly<Record<string, KindName>> = Object.fromEntries(
  KIND_NAMES.flatMap((k) => [
    [dynamicToken(k), k],
    [pluginToken(k), k],
  ]),
);

/** The provider settings of every kind, each once (kinds share some: `jupyterToken`), in registry order. */
export function allSettings(): SettingSpec[] {
  const byKey = new Map<string, SettingSpec>();
  for (const k of KIND_NAMES) for (const spec of KINDS[k].settings) byKey.set(spec.key, spec);
  return [...byKey.values()];
}

export function isKindName(name: string): name is KindName {
  return Object.prototype.hasOwnProperty.call(KINDS, name);
}
