import type { VendorName } from "../index";

/** The plugin's resource types (decisions.md: type tokens) → the handlers that serve them. */
export const TYPE_TOKENS: Record<string, VendorName> = {
  "sessions:ibm:QuantumSession": "ibm",
  "sessions:deepnote:Session": "deepnote",
  "sessions:oci:NotebookSession": "oci",
  "sessions:jupyter:Session": "jupyter",
};
