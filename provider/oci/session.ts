import { nameFrom, UNKNOWN, type SessionVendor } from "../core/vendor";
import { ImportIdError, WhereNeededError } from "../core/errors";
import { jsonEqual } from "../core/json";
import { kernelOutputs } from "../notebook/schemas";
import { changingPaths, createOrAdopt, patchBody, patchIn, refreshNotebookInputs } from "../notebook/mapping";
import { OciNotebookClient, type SessionWithEtag } from "./client";
import { ociConfigFileAuth } from "./auth";
import type { OciNotebookSessionInputs } from "./schemas";

/** A stored session is addressed where it was created (`apiEndpoint`), whatever the settings say now. */
const client = (inputs: OciNotebookSessionInputs, prior: Record<string, unknown> = {}) =>
  new OciNotebookClient(inputs, { endpoint: typeof prior.apiEndpoint === "string" ? prior.apiEndpoint : undefined });

export const vendor: SessionVendor<OciNotebookSessionInputs, SessionWithEtag> = {
  memoKeys: ["apiEndpoint"],
  // The API answers a create for a path that has a session with that session: a
  // replacement in the same workspace must delete the old one first. Not known yet
  // (preview) → assume the same workspace, the safe side.
  deleteBeforeReplace: (olds, news) =>
    (["aiDataPlatformId", "workspaceKey", "endpoint"] as const).every((k) => news[k] === UNKNOWN || jsonEqual(olds[k], news[k])),
  preflight: () => {
    ociConfigFileAuth();
  },

  async create(inputs) {
    const c = client(inputs);
    const created = await createOrAdopt<SessionWithEtag & { id: string }>(
      {
        kind: "OCI notebook session",
        scope: c.scope,
        find: async (path) => {
          const session = await c.findByPath(path);
          return session ? { session, id: session.id } : undefined;
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
    return { id: created.id, remote: created, memo: { apiEndpoint: c.endpoint } };
  },

  get: (id, inputs, prior) => client(inputs, prior).get(id),
  stateOf: (r) => r.session.lifecycleState ?? "UNKNOWN",
  // FAILED goes down the init-error path too (the id is kept), so destroy deletes it and frees
  // the path; otherwise every later `up` would stop at "a session exists for this path".
  // OCI documents no reason field; `lifecycleDetails` is the OCI convention (inferred).
  waitFor: () => ({ target: ["ACTIVE"], failure: ["FAILED"], reason: failureReason }),
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

  async update(id, olds, news, current, prior) {
    const body = patchBody(olds, news);
    if (olds.clusterId !== news.clusterId && news.clusterId !== undefined) body.cluster_id = news.clusterId;
    if (!Object.keys(body).length) return;
    const c = client(news, prior);
    await patchIn(c.scope, body, () => c.patch(id, body, current.etag));
  },

  delete(id, inputs, prior) {
    const c = client(inputs, prior);
    return changingPaths(c.scope, () => c.delete(id));
  },

  // `pulumi import`: "<aiDataPlatformId>/<workspaceKey>/<session id>" (endpoint from the settings).
  importId(raw) {
    const m = /^(ocid1\.aidataplatform\.[^/\s]+)\/([^/\s]+)\/([^/\s]+)$/.exec(raw);
    if (!m) {
      throw new ImportIdError("OCI notebook session", raw, '"<aiDataPlatformId>/<workspaceKey>/<session id>"', "ocid1.aidataplatform.oc1.iad.aaaa…/my-workspace/3f9c…");
    }
    const inputs = { aiDataPlatformId: m[1], workspaceKey: m[2] };
    return { id: m[3], inputs, memo: { apiEndpoint: client(inputs as OciNotebookSessionInputs).endpoint } };
  },
  // The path names one session in the workspace: the one there is the one the create made (or found).
  async findCreated(inputs, { held }) {
    const s = await client(inputs).findByPath(inputs.path);
    return s && !held.has(s.id) ? [s.id] : [];
  },
  async discover(where) {
    if (!where.aiDataPlatformId || !where.workspaceKey) throw new WhereNeededError("OCI notebook session", ["oci.aiDataPlatformId", "oci.workspaceKey"]);
    const c = client(where as OciNotebookSessionInputs);
    return (await c.listAll()).map((s) => ({
      id: s.id,
      importId: `${where.aiDataPlatformId}/${where.workspaceKey}/${s.id}`,
      name: nameFrom("oci", s.path ?? s.id),
      note: `path ${s.path ?? "(none)"}, ${s.lifecycleState ?? "state unknown"}`,
    }));
  },
  importInputs: ({ session: s }) => ({
    path: s.path ?? undefined,
    type: s.type ?? undefined,
    kernelName: s.kernel?.name ?? undefined,
  }),
};

function failureReason({ session: s }: SessionWithEtag): string {
  const details = (s as { lifecycleDetails?: unknown }).lifecycleDetails;
  if (typeof details === "string" && details) return details;
  const kernel = s.kernel ? `kernel ${s.kernel.name ?? s.kernel.id} is ${s.kernel.execution_state ?? "in an unknown state"}` : "no kernel";
  return `${kernel}; the service gives no reason: check the workspace's cluster and notebook logs in the OCI console`;
}
