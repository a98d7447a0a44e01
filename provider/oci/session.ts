import { sessionResource, type SessionVendor } from "../core/resource";
import { jsonEqual } from "../core/json";
import { kernelOutputs } from "../notebook/schemas";
import { createOrAdopt, patchBody, refreshNotebookInputs } from "../notebook/mapping";
import { OciNotebookClient, type SessionWithEtag } from "./client";
import { ociConfigFileAuth } from "./auth";
import { OciNotebookSessionInputsSchema, ociInputHints, type OciNotebookSessionInputs } from "./schemas";

const client = (inputs: OciNotebookSessionInputs) => new OciNotebookClient(inputs);

export const ociVendor: SessionVendor<OciNotebookSessionInputs, SessionWithEtag> = {
  kind: "OCI notebook session",
  schema: OciNotebookSessionInputsSchema,
  hints: ociInputHints,
  replaceOn: ["aiDataPlatformId", "workspaceKey", "type", "agentFlowKey", "tenantId", "endpoint", "region"],
  updateOn: ["name", "path", "kernelName", "clusterId"],
  // The API answers a create for a path that has a session with that session: a
  // replacement in the same workspace must delete the old one first.
  deleteBeforeReplace: (olds, news) =>
    olds.aiDataPlatformId === news.aiDataPlatformId && olds.workspaceKey === news.workspaceKey && jsonEqual(olds.endpoint, news.endpoint),
  preflight: () => {
    ociConfigFileAuth();
  },

  async create(inputs) {
    const c = client(inputs);
    const created = await createOrAdopt(
      {
        kind: "OCI notebook session",
        findByPath: async (path) => {
          const found = await c.findByPath(path);
          return found ? { session: found, id: found.id } : undefined;
        },
        create: async () => {
          const r = await c.create({
            path: inputs.path,
            name: inputs.name,
            type: inputs.type,
            kernel: { name: inputs.kernelName },
            cluster_id: inputs.clusterId,
            agentFlowKey: inputs.agentFlowKey,
          });
          return { ...r, id: r.session.id };
        },
      },
      inputs.path,
      inputs.adoptExisting,
    );
    return { id: created.id, remote: created };
  },

  get: (id, inputs) => client(inputs).get(id),
  stateOf: (r) => r.session.lifecycleState ?? "UNKNOWN",
  // decisions.md §21: FAILED goes down the init-error path too, so destroy frees the path.
  waitFor: () => ({ target: ["ACTIVE"], failure: ["FAILED"] }),
  isGone: () => false,

  outputs: ({ session: s, etag }) => ({
    name: s.name ?? null,
    path: s.path ?? null,
    type: s.type ?? null,
    lifecycleState: s.lifecycleState ?? null,
    kernel: kernelOutputs(s.kernel),
    clusterId: s.cluster_id ?? null,
    agentFlowKey: s.agentFlowKey ?? null,
    etag: etag ?? null,
  }),

  refreshInputs: (r, inputs) => ({
    ...refreshNotebookInputs(r.session, inputs),
    ...(r.session.cluster_id && inputs.clusterId !== undefined ? { clusterId: r.session.cluster_id } : {}),
  }),

  async update(id, olds, news, current) {
    const body = patchBody(olds, news);
    if (olds.clusterId !== news.clusterId && news.clusterId !== undefined) body.cluster_id = news.clusterId;
    if (Object.keys(body).length) await client(news).patch(id, body, current.etag);
  },

  delete: (id, inputs) => client(inputs).delete(id),
};

export const handlers = sessionResource(ociVendor);
