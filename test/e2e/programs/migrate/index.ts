import * as pulumi from "@pulumi/pulumi";
// The change a user makes: `from "pulumi-sessions"` to `from "pulumi-sessions/plugin"`, nothing else.
import * as dynamic from "pulumi-sessions";
import * as plugin from "pulumi-sessions/plugin";

// The test sets `engine` ("dynamic" or "plugin") and `sessions` (resource name → { kind, args }).
type Entry = { kind: "ibm" | "oci" | "deepnote" | "jupyter"; args: Record<string, unknown> };
const config = new pulumi.Config();
const { ibm, deepnote, oci, jupyter } = config.require("engine") === "plugin" ? plugin : dynamic;
const sessions = config.requireObject<Record<string, Entry>>("sessions");
export const ids: Record<string, pulumi.Output<string>> = {};
for (const [name, e] of Object.entries(sessions)) {
  const args = e.args as never;
  const r =
    e.kind === "ibm"
      ? new ibm.QuantumSession(name, args)
      : e.kind === "oci"
        ? new oci.NotebookSession(name, args)
        : e.kind === "deepnote"
          ? new deepnote.Session(name, args)
          : new jupyter.Session(name, args);
  ids[name] = r.id;
}
