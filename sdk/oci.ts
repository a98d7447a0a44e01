import * as pulumi from "@pulumi/pulumi";
import type { KernelInfo, NotebookSessionCommonArgs } from "./notebook";
import { NOTEBOOK_OUTPUTS } from "./notebook";
import { seedOutputs, withoutPromiseStacks } from "./provider";
import provider = require("./providers/oci");

export type { KernelInfo } from "./notebook";

export interface NotebookSessionArgs extends NotebookSessionCommonArgs {
  /** OCID of the AI Data Platform instance. Changing it replaces the session. */
  aiDataPlatformId: pulumi.Input<string>;
  /** Workspace key. Changing it replaces the session. */
  workspaceKey: pulumi.Input<string>;
  /** "notebook" (default), "file" or "agentflow". Changing it replaces the session. */
  type?: pulumi.Input<"notebook" | "file" | "agentflow">;
  /** Cluster key. Updated in place. */
  clusterId?: pulumi.Input<string>;
  /** Agent flow key (type "agentflow"). Changing it replaces the session. */
  agentFlowKey?: pulumi.Input<string>;
  /** Sent as the `datalake-tenant-id` header on create. */
  tenantId?: pulumi.Input<string>;
  /** Data-plane URL; overrides `region`. The real host varies per tenancy (see README). */
  endpoint?: pulumi.Input<string>;
  /** Region for the endpoint template (default: the OCI config profile's region). */
  region?: pulumi.Input<string>;
}

const OUTPUTS = [...NOTEBOOK_OUTPUTS, "lifecycleState", "clusterId", "agentFlowKey", "etag", "apiEndpoint"] as const;

/**
 * An OCI AI Data Platform notebook session: `pulumi-nodejs:dynamic/oci:NotebookSession`.
 * Requests are signed with your OCI config file (OCI_CONFIG_FILE / OCI_CLI_PROFILE).
 */
export class NotebookSession extends pulumi.dynamic.Resource {
  declare readonly aiDataPlatformId: pulumi.Output<string>;
  declare readonly workspaceKey: pulumi.Output<string>;
  declare readonly path: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string | null>;
  declare readonly type: pulumi.Output<string>;
  declare readonly kernelName: pulumi.Output<string>;
  declare readonly lifecycleState: pulumi.Output<"CREATING" | "ACTIVE" | "FAILED">;
  declare readonly kernel: pulumi.Output<KernelInfo>;
  declare readonly clusterId: pulumi.Output<string | null>;
  declare readonly agentFlowKey: pulumi.Output<string | null>;
  declare readonly etag: pulumi.Output<string | null>;
  /** The data-plane URL the session was created at (read, update and delete use it). */
  declare readonly apiEndpoint: pulumi.Output<string>;
  declare readonly providerVersion: pulumi.Output<string>;

  constructor(name: string, args: NotebookSessionArgs, opts?: pulumi.CustomResourceOptions) {
    const restore = withoutPromiseStacks();
    try {
      super(provider, name, seedOutputs(OUTPUTS, args), opts, "oci", "NotebookSession");
    } finally {
      restore();
    }
  }
}
