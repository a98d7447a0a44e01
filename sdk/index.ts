/** pulumi-sessions: compute sessions as Pulumi resources. `import { ibm, deepnote, oci, jupyter } from "pulumi-sessions"`. */
export * as ibm from "./ibm";
export * as deepnote from "./deepnote";
export * as oci from "./oci";
export * as jupyter from "./jupyter";
