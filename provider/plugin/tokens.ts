import { KIND_NAMES, pluginToken, type KindName } from "../kinds";

/** The plugin's resource types, by kind (derived from the registry, provider/kinds.ts). */
export const TOKEN_OF = Object.fromEntries(KIND_NAMES.map((k) => [k, pluginToken(k)])) as Record<KindName, string>;

/** Type token → kind, for requests that name their type. */
export const TYPE_TOKENS: Record<string, KindName> = Object.fromEntries(KIND_NAMES.map((k) => [pluginToken(k), k]));
