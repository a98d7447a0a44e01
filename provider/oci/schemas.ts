import { z } from "zod";
import { httpUrl, ocid, text, token } from "../core/inputs";
import { KernelSchema, notebookInputHints, notebookInputShape, notebookOutputShape } from "../notebook/schemas";

/** OCI AI Data Platform notebook session (docs/services/oci-ai-data-platform.md): the Jupyter shape plus OCI fields. */
export const OciSessionSchema = z.looseObject({
  id: z.string(),
  name: z.string().nullish(),
  path: z.string().nullish(),
  type: z.string().nullish(),
  cluster_id: z.string().nullish(),
  agentFlowKey: z.string().nullish(),
  kernel: KernelSchema.nullish(),
  /** CREATING | ACTIVE | FAILED */
  lifecycleState: z.string().nullish(),
});
export type OciSession = z.infer<typeof OciSessionSchema>;

export const OciSessionCollectionSchema = z.looseObject({ items: z.array(OciSessionSchema) });

export const OciErrorSchema = z.looseObject({ code: z.string().optional(), message: z.string().optional() });

export const OciNotebookSessionInputsSchema = z.object({
  aiDataPlatformId: ocid("aidataplatform").describe("OCID of the AI Data Platform instance. Changing it replaces the session."),
  workspaceKey: token(255).describe("Workspace key. Changing it replaces the session."),
  ...notebookInputShape,
  type: z.enum(["notebook", "file", "agentflow"]).default("notebook").describe("\"notebook\" (default), \"file\" or \"agentflow\". Changing it replaces the session."),
  kernelName: token(128).default("python3").describe("Kernelspec name (default \"python3\"). Changing it starts a new kernel in the same session."),
  clusterId: token(255).optional().describe("Cluster key; the service picks its default cluster when unset. Updated in place."),
  agentFlowKey: token(255).optional().describe("Agent flow key (type \"agentflow\"). Changing it replaces the session."),
  tenantId: text(255).optional().describe("Sent as the `datalake-tenant-id` header on create. Changing it replaces the session."),
  endpoint: httpUrl().optional().describe("Data-plane URL; overrides `region`. Changing it replaces the session."),
  region: z.string().regex(/^[a-z]+-[a-z]+-\d+$/, "expected an OCI region identifier").optional().describe("Region for the endpoint template (default: the OCI config profile's region). Changing it replaces the session."),
});
export type OciNotebookSessionInputs = z.infer<typeof OciNotebookSessionInputsSchema>;

export const ociInputHints: Record<string, string> = {
  ...notebookInputHints,
  aiDataPlatformId: "Set aiDataPlatformId to the OCID of the AI Data Platform instance (ocid1.aidataplatform…)",
  workspaceKey: "Set workspaceKey to the key of the workspace",
  type: 'Set type to "notebook", "file" or "agentflow"',
  clusterId: "Set clusterId to the key of a cluster in the workspace",
  agentFlowKey: "Set agentFlowKey to the key of an agent flow in the workspace (with type \"agentflow\")",
  tenantId: "Set tenantId to the tenant id the service expects in the datalake-tenant-id header, or leave it unset",
  endpoint: 'Set endpoint to the data-plane URL, e.g. "https://datalake.us-ashburn-1.oci.oraclecloud.com"',
  region: 'Set region to an OCI region identifier, e.g. "us-ashburn-1"',
};

/** What an OCI NotebookSession reports beyond its inputs (the `outputs` mapping in session.ts, plus the create's memo). */
export const OciNotebookSessionOutputs = z.object({
  ...notebookOutputShape,
  lifecycleState: z.string().nullable().describe("CREATING | ACTIVE | FAILED | DELETING | … (OCI lifecycle)."),
  agentFlowKey: z.string().nullable().describe("Agent flow key, when the session has one."),
  etag: z.string().nullable().describe("The session's current etag."),
  apiEndpoint: z.string().describe("The data-plane endpoint the session lives on (read, update and delete address it there)."),
});
