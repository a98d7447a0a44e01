import * as pulumi from "@pulumi/pulumi";
import { deepnote, ibm, jupyter, oci } from "pulumi-sessions";

// The test sets `sessions` to a map of resource name → { kind, args }.
type Entry =
  | { kind: "ibm"; args: ibm.QuantumSessionArgs }
  | { kind: "oci"; args: oci.NotebookSessionArgs }
  | { kind: "deepnote"; args: deepnote.SessionArgs }
  | { kind: "jupyter"; args: jupyter.SessionArgs };
const sessions = new pulumi.Config().requireObject<Record<string, Entry>>("sessions");
for (const [name, e] of Object.entries(sessions)) {
  if (e.kind === "ibm") new ibm.QuantumSession(name, e.args);
  else if (e.kind === "oci") new oci.NotebookSession(name, e.args);
  else if (e.kind === "deepnote") new deepnote.Session(name, e.args);
  else new jupyter.Session(name, e.args);
}
