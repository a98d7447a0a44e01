import * as pulumi from "@pulumi/pulumi";
import { deepnote, ibm, jupyter, oci } from "pulumi-sessions/plugin";

// The test sets `sessions` to a map of resource name → { kind, args, customTimeouts? }.
type Entry = { kind: "ibm" | "oci" | "deepnote" | "jupyter"; args: Record<string, unknown>; customTimeouts?: pulumi.CustomTimeouts };
const sessions = new pulumi.Config().requireObject<Record<string, Entry>>("sessions");
export const ids: Record<string, pulumi.Output<string>> = {};
for (const [name, e] of Object.entries(sessions)) {
  const opts: pulumi.CustomResourceOptions = e.customTimeouts ? { customTimeouts: e.customTimeouts } : {};
  const r =
    e.kind === "ibm"
      ? new ibm.QuantumSession(name, e.args as unknown as ibm.QuantumSessionArgs, opts)
      : e.kind === "oci"
        ? new oci.NotebookSession(name, e.args as unknown as oci.NotebookSessionArgs, opts)
        : e.kind === "deepnote"
          ? new deepnote.Session(name, e.args as unknown as deepnote.SessionArgs, opts)
          : new jupyter.Session(name, e.args as unknown as jupyter.SessionArgs, opts);
  ids[name] = r.id;
}
