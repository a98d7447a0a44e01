import * as pulumi from "@pulumi/pulumi";
import { seedOutputs, withoutPromiseStacks } from "./provider";
import provider = require("./providers/deepnote");

export interface SessionArgs {
  /** The notebook the session runs (a session works on its own copy). */
  notebookId: pulumi.Input<string>;
  /** Input-block values by block name: a string, a boolean or a list of strings. */
  inputs?: pulumi.Input<Record<string, pulumi.Input<string | boolean | pulumi.Input<string>[]>>>;
  /** "read_write" (default) or "readonly". */
  storageMode?: pulumi.Input<"read_write" | "readonly">;
  /** End the session after this many seconds without activity. */
  idleShutdownSeconds?: pulumi.Input<number>;
  /** Wait until the notebook's initial run succeeds (default true); a failed run fails the create, keeping the session in state. */
  waitForInitialRun?: pulumi.Input<boolean>;
  /** How long create waits (default 600). */
  waitTimeoutSeconds?: pulumi.Input<number>;
  /** First pause between polls while waiting (default 2000, Deepnote's own); later pauses grow by half, up to 15 s. */
  pollIntervalMs?: pulumi.Input<number>;
}

const OUTPUTS = ["sessionNotebookId", "state", "kernelState", "initialRunId", "initialRunStatus", "providerVersion"] as const;

/**
 * A Deepnote interactive session (API v2, preview): `pulumi-nodejs:dynamic/deepnote:Session`.
 * Deepnote has no update endpoint, so every input the API takes replaces the session.
 * Token: DEEPNOTE_TOKEN or pulumi-sessions:deepnoteToken.
 */
export class Session extends pulumi.dynamic.Resource {
  declare readonly notebookId: pulumi.Output<string>;
  declare readonly sessionNotebookId: pulumi.Output<string | null>;
  declare readonly state: pulumi.Output<string>;
  declare readonly kernelState: pulumi.Output<string | null>;
  declare readonly initialRunId: pulumi.Output<string | null>;
  declare readonly initialRunStatus: pulumi.Output<string | undefined>;
  declare readonly providerVersion: pulumi.Output<string>;

  constructor(name: string, args: SessionArgs, opts?: pulumi.CustomResourceOptions) {
    const restore = withoutPromiseStacks();
    try {
      super(provider, name, seedOutputs(OUTPUTS, args), opts, "deepnote", "Session");
    } finally {
      restore();
    }
  }
}
