/**
 * The serialized provider of the ibm resource. It is this module's exports, so Pulumi's
 * closure serializer stores it in state as one `require` of this file (installed
 * package) instead of inlining its code (pulumi.md §2.5): fewer bytes per resource.
 */
import { makeProvider } from "../provider";
export = makeProvider("ibm");
