import * as pulumi from "@pulumi/pulumi";
import { jupyter } from "pulumi-sessions";

// The server's token comes from JUPYTER_TOKEN or `pulumi config set --secret pulumi-sessions:jupyterToken …`.
const config = new pulumi.Config();

const session = new jupyter.Session("scratch", {
  url: config.require("url"),
  path: config.get("path") ?? "scratch.ipynb",
  kernelName: config.get("kernelName") ?? "python3",
});

export const sessionId = session.id;
export const kernelState = session.kernel.apply((k) => k.executionState);
