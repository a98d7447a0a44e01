import type * as pulumi from "@pulumi/pulumi";

/** The kernel of a Jupyter-shaped session (Jupyter Server, OCI AI Data Platform). */
export interface KernelInfo {
  id: string;
  name: string | null;
  /** unknown | starting | idle | busy | terminating | restarting | autorestarting | dead */
  executionState: string | null;
  lastActivity: string | null;
  connections: number | null;
}

/** Inputs jupyter.Session and oci.NotebookSession share. */
export interface NotebookSessionCommonArgs {
  /** The notebook or file path the session is for. Changing it renames the session in place (same id). */
  path: pulumi.Input<string>;
  /** A label for the session. Updated in place. */
  name?: pulumi.Input<string>;
  /** Kernelspec name. Changing it starts a new kernel in the same session (same session id, new kernel id). */
  kernelName?: pulumi.Input<string>;
  /** Manage a session that already exists for `path` instead of failing (default false). Destroy then deletes it. */
  adoptExisting?: pulumi.Input<boolean>;
  /** How long create waits for the session to be ready (default 300). */
  waitTimeoutSeconds?: pulumi.Input<number>;
  /** First pause between polls while waiting (default 1000); later pauses grow by half, up to 15 s. */
  pollIntervalMs?: pulumi.Input<number>;
}

export const NOTEBOOK_OUTPUTS = ["path", "name", "type", "kernel", "providerVersion"] as const;
