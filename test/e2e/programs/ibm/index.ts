import * as pulumi from "@pulumi/pulumi";
import { ibm } from "pulumi-sessions";

// The test sets `sessions` to a map of resource name → QuantumSession args.
const sessions = new pulumi.Config().requireObject<Record<string, ibm.QuantumSessionArgs>>("sessions");

export const ids: Record<string, pulumi.Output<string>> = {};
export const states: Record<string, pulumi.Output<string>> = {};
for (const [name, args] of Object.entries(sessions)) {
  const s = new ibm.QuantumSession(name, args);
  ids[name] = s.id;
  states[name] = s.state;
}
