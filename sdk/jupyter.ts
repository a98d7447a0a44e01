import * as pulumi from "@pulumi/pulumi";
import type { KernelInfo, NotebookSessionCommonArgs } from "./notebook";
import { NOTEBOOK_OUTPUTS } from "./notebook";
import { seedOutputs, withoutPromiseStacks } from "./provider";
import provider = require("./providers/jupyter");

export type { KernelInfo } from "./notebook";

export interface SessionArgs extends NotebookSessionCommonArgs {
  /** The server's base URL, e.g. "http://127.0.0.1:8888". Changing it replaces the session. */
  url: pulumi.Input<string>;
  /** "notebook" (default), "file" or "console". Updated in place. */
  type?: pulumi.Input<"notebook" | "file" | "console">;
}

/** A Jupyter Server session (`/api/sessions`): `pulumi-nodejs:dynamic/jupyter:Session`. Token: JUPYTER_TOKEN or pulumi-sessions:jupyterToken. */
export class Session extends pulumi.dynamic.Resource {
  declare readonly url: pulumi.Output<string>;
  declare readonly path: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string | null>;
  declare readonly type: pulumi.Output<string>;
  declare readonly kernelName: pulumi.Output<string>;
  declare readonly kernel: pulumi.Output<KernelInfo>;
  declare readonly providerVersion: pulumi.Output<string>;

  constructor(name: string, args: SessionArgs, opts?: pulumi.CustomResourceOptions) {
    const restore = withoutPromiseStacks();
    try {
      super(provider, name, seedOutputs(NOTEBOOK_OUTPUTS, args), opts, "jupyter", "Session");
    } finally {
      restore();
    }
  }
}
