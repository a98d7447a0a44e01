/**
 * What the serialized dynamic providers `require` at run time (kept out of the
 * closure so state holds a few hundred bytes of provider code, not the client).
 * Vendor modules load lazily: a stack with only Jupyter sessions never loads OCI's signer.
 */
import type { SessionHandlers } from "./core/resource";

export { configure } from "./core/config";

export type VendorName = "ibm" | "oci" | "jupyter" | "deepnote";

const cache = new Map<VendorName, SessionHandlers>();

export function handlers(vendor: VendorName): SessionHandlers {
  let h = cache.get(vendor);
  if (!h) {
    switch (vendor) {
      case "ibm":
        h = (require("./ibm/session") as typeof import("./ibm/session")).handlers;
        break;
      default:
        h = loadOptional(vendor);
    }
    cache.set(vendor, h);
  }
  return h;
}

function loadOptional(vendor: VendorName): SessionHandlers {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(`./${vendor}/session`) as { handlers: SessionHandlers }).handlers;
}
