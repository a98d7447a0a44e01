/** pulumi-sessions: compute sessions as Pulumi resources. `import { ibm, deepnote, jupyter } from "pulumi-sessions"`. */
export * as ibm from "./ibm";
export * as deepnote from "./deepnote";
export * as jupyter from "./jupyter";
