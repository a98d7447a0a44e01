import type { VendorName } from "../index";

/** The plugin's resource types (decisions.md: type tokens), by the handlers that serve them. */
export const TOKEN_OF = {
  ibm: "sessions:ibm:QuantumSession",
  deepnote: "sessions:deepnote:Session",
  oci: "sessions:oci:NotebookSession",
  jupyter: "sessions:jupyter:Session",
} as const satisfies Record<VendorName, string>;

/** Type token → vendor, for requests that name their type. */
export const TYPE_TOKENS: Record<string, VendorName> = Object.fromEntries(Object.entries(TOKEN_OF).map(([vendor, token]) => [token, vendor as VendorName]));
