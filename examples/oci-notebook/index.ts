import * as pulumi from "@pulumi/pulumi";
import { oci } from "pulumi-sessions";

// Requests are signed with your OCI CLI config (OCI_CONFIG_FILE / OCI_CLI_PROFILE); no key is a resource input.
const config = new pulumi.Config();

const session = new oci.NotebookSession("analysis", {
  aiDataPlatformId: config.require("aiDataPlatformId"),
  workspaceKey: config.require("workspaceKey"),
  // Set endpoint (or region) when your tenancy's data-plane host differs from the SDK's template.
  endpoint: config.get("endpoint"),
  path: config.get("path") ?? "Workspace/analysis.ipynb",
  kernelName: config.get("kernelName") ?? "python3",
});

export const sessionId = session.id;
export const lifecycleState = session.lifecycleState;
