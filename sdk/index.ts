/** pulumi-sessions: compute sessions as Pulumi resources. `import { ibm } from "pulumi-sessions"`. */
export * as ibm from "./ibm";
