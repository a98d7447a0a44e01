import { requireSetting } from "../core/config";
import { ImportIdError, WhereNeededError } from "../core/errors";
import { nameFrom, type SessionVendor } from "../core/vendor";
import { changingPaths, createOrAdopt, notebookOutputs, patchBody, patchIn, refreshNotebookInputs } from "../notebook/mapping";
import type { NotebookSession } from "../notebook/schemas";
import type { JupyterSessionInputs } from "./schemas";
import { JUPYTER_TOKEN } from "./settings";
import { JupyterClient } from "./client";
import { nudgeKernel } from "./kernel";
import { currentDeadline } from "../core/deadline";

/** How long one nudge waits for the kernel's reply (and never past the wait's deadline). */
const NUDGE_TIMEOUT_MS = 10_000;

const token = () => requireSetting(JUPYTER_TOKEN, "the Jupyter Server token");
const client = (inputs: JupyterSessionInputs) => new JupyterClient(inputs.url, token());

export const vendor: SessionVendor<JupyterSessionInputs, NotebookSession> = {
  // A missing token fails at preview; a wrong one can only fail at `up` (preview makes no API call).
  preflight: () => {
    requireSetting(JUPYTER_TOKEN, "the Jupyter Server token");
  },

  async create(inputs) {
    const c = client(inputs);
    const s = await createOrAdopt(
      {
        kind: "Jupyter session",
        scope: c.scope,
        // Jupyter Server lists every session at once (no filter, no pages): the list is complete.
        find: async (path) => (await c.list()).find((x) => x.path === path),
        create: () => c.create({ path: inputs.path, type: inputs.type, name: inputs.name, kernel: { name: inputs.kernelName } }),
      },
      inputs.path,
      inputs.adoptExisting,
    );
    return { id: s.id, remote: s };
  },

  get: (id, inputs) => client(inputs).get(id),
  stateOf: (s) => s.kernel?.execution_state ?? "unknown",
  // Live means the kernel answers: idle, or busy running a cell. A dead kernel will not recover.
  waitFor: () => ({ target: ["idle", "busy"], failure: ["dead"] }),
  // A new kernel says `starting` until a client talks to it (see kernel.ts).
  // A kernel that answered is up: read again at once rather than after a poll interval.
  onPending: async (_id, s, inputs) => {
    if (!s.kernel?.id || s.kernel.execution_state !== "starting") return false;
    const deadline = currentDeadline();
    const budget = Math.min(NUDGE_TIMEOUT_MS, deadline === undefined ? NUDGE_TIMEOUT_MS : Math.max(1, deadline - Date.now()));
    return nudgeKernel(inputs.url, token(), s.kernel.id, budget);
  },
  outputs: (s) => notebookOutputs(s),
  refreshInputs: refreshNotebookInputs,

  async update(id, olds, news) {
    const body = patchBody(olds, news);
    if (!Object.keys(body).length) return;
    const c = client(news);
    await patchIn(c.scope, body, () => c.patch(id, body));
  },

  delete(id, inputs) {
    const c = client(inputs);
    return changingPaths(c.scope, () => c.delete(id));
  },

  // `pulumi import`: the session's own URL, "<server url>/api/sessions/<session id>".
  importId(raw) {
    const m = /^(https?:\/\/.+?)\/api\/sessions\/([^/\s]+)$/.exec(raw);
    if (!m) throw new ImportIdError("Jupyter session", raw, '"<server url>/api/sessions/<session id>"', "http://127.0.0.1:8888/api/sessions/6a1b…");
    return { id: m[2], inputs: { url: m[1] } };
  },
  async findCreated(inputs, { held }) {
    const s = (await client(inputs).list()).find((x) => x.path === inputs.path);
    return s && !held.has(s.id) ? [s.id] : [];
  },
  async discover(where) {
    if (!where.url) throw new WhereNeededError("Jupyter session", ["jupyter.url"]);
    const url = String(where.url).replace(/\/+$/, "");
    return (await client({ url } as JupyterSessionInputs).list()).map((s) => ({
      id: s.id,
      importId: `${url}/api/sessions/${s.id}`,
      name: nameFrom("jupyter", s.path ?? s.id),
      note: `path ${s.path ?? "(none)"}, kernel ${s.kernel?.name ?? "none"} ${s.kernel?.execution_state ?? ""}`.trim(),
    }));
  },
  importInputs: (s) => ({ path: s.path ?? undefined, type: s.type ?? undefined, kernelName: s.kernel?.name ?? undefined }),
};
