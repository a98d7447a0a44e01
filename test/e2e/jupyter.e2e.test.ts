import type { RunningJupyter } from "../../emulators/jupyter/server";
import { collect, openStack, type E2EStack } from "../support/engine";
import { jupyterApi, startTestJupyter } from "../support/jupyter";

/** jupyter.Session under the real Pulumi CLI against a real Jupyter Server. */
jest.setTimeout(180_000);

const TYPE = "pulumi-nodejs:dynamic/jupyter:Session";
let server: RunningJupyter;
let api: ReturnType<typeof jupyterApi>;
let s: E2EStack;
const out = collect();

type Sess = { id: string; path: string; name: string; kernel: { id: string; name: string; execution_state: string } };
const listed = async (): Promise<Sess[]> => (await api("/sessions")).json();
const ids = () => s.resourceIds(TYPE);
const args = (extra: Record<string, unknown> = {}) => ({ url: server.url, path: "work/a.ipynb", pollIntervalMs: 100, waitTimeoutSeconds: 60, ...extra });

beforeAll(async () => {
  server = await startTestJupyter();
  api = jupyterApi(server);
  s = await openStack("jupyter", { JUPYTER_TOKEN: server.token });
});
afterAll(async () => {
  await s?.destroyAndRemove().catch(() => undefined);
  await server?.close();
});

describe("jupyter.Session end to end", () => {
  it("up opens a session whose kernel is idle", async () => {
    await s.setSessions({ nb: args({ name: "first" }) });
    await s.stack.up({ onOutput: out.onOutput });
    const [only] = await listed();
    expect(only).toMatchObject({ id: (await ids()).nb, path: "work/a.ipynb", name: "first", kernel: { execution_state: "idle" } });
  });

  it("preview right after up shows no changes", async () => {
    expect((await s.stack.preview({ onOutput: out.onOutput })).changeSummary).toEqual({ same: 2 });
  });

  it("a rename and a new path update the same session", async () => {
    const id = (await ids()).nb;
    await s.setSessions({ nb: args({ name: "renamed", path: "work/b.ipynb" }) });
    const up = await s.stack.up({ onOutput: out.onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(await listed()).toEqual([expect.objectContaining({ id, name: "renamed", path: "work/b.ipynb" })]);
  });

  it("a kernel change starts a new kernel in the same session", async () => {
    const id = (await ids()).nb;
    const before = (await listed())[0].kernel.id;
    await s.setSessions({ nb: args({ name: "renamed", path: "work/b.ipynb", kernelName: "python3-alt" }) });
    await s.stack.up({ onOutput: out.onOutput });
    const [now] = await listed();
    expect(now.id).toBe(id);
    expect(now.kernel.id).not.toBe(before);
    expect(now.kernel).toMatchObject({ name: "python3-alt", execution_state: "idle" });
  });

  it("does not take over a session that already exists for the path unless told to", async () => {
    const other = await (await api("/sessions", { method: "POST", body: JSON.stringify({ path: "work/theirs.ipynb", type: "notebook", kernel: { name: "python3" } }) })).json();
    await s.setSessions({ nb: args({ name: "renamed", path: "work/b.ipynb", kernelName: "python3-alt" }), theirs: args({ path: "work/theirs.ipynb" }) });
    const err = await s.stack.up({ onOutput: out.onOutput }).catch((e) => e);
    expect(String(err.message)).toMatch(/already exists for path "work\/theirs.ipynb".*adoptExisting: true/s);
    expect((await ids()).theirs).toBeUndefined();
    await s.setSessions({ nb: args({ name: "renamed", path: "work/b.ipynb", kernelName: "python3-alt" }), theirs: args({ path: "work/theirs.ipynb", adoptExisting: true }) });
    await s.stack.up({ onOutput: out.onOutput });
    expect((await ids()).theirs).toBe(other.id);
  });

  it("refresh drops a session deleted out of band, and up recreates it", async () => {
    const id = (await ids()).theirs;
    expect((await api(`/sessions/${id}`, { method: "DELETE" })).status).toBe(204);
    await s.stack.refresh({ onOutput: out.onOutput });
    expect((await ids()).theirs).toBeUndefined();
    await s.stack.up({ onOutput: out.onOutput });
    const again = (await ids()).theirs;
    expect(again).toBeTruthy();
    expect(again).not.toBe(id);
  });

  it("a kernel that never starts keeps failing up, across a refresh, until the session is fixed", async () => {
    const base = { nb: args({ name: "renamed", path: "work/b.ipynb", kernelName: "python3-alt" }), theirs: args({ path: "work/theirs.ipynb", adoptExisting: true }) };
    const stuck = args({ path: "work/slow.ipynb", kernelName: "never-starts", waitTimeoutSeconds: 1 });
    await s.setSessions({ ...base, slow: stuck });
    const err = await s.stack.up({ onOutput: out.onOutput }).catch((e) => e);
    expect(String(err.message)).toMatch(/did not reach idle or busy .*last state: starting/);
    const slow = (await ids()).slow;
    expect(slow).toBeTruthy();
    // The engine forgets init errors on refresh; the session must still not pass for live.
    await s.stack.refresh({ onOutput: out.onOutput });
    expect((await s.stack.preview({ onOutput: out.onOutput })).changeSummary).toMatchObject({ update: 1 });
    const again = await s.stack.up({ onOutput: out.onOutput }).catch((e) => e);
    expect(String(again.message)).toMatch(/did not reach idle or busy/);
    // Fixed in place (a kernel that starts): the same session, live, and up is clean again.
    await s.setSessions({ ...base, slow: { ...stuck, kernelName: "python3", waitTimeoutSeconds: 60 } });
    const up = await s.stack.up({ onOutput: out.onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
    expect((await ids()).slow).toBe(slow);
    expect(["idle", "busy"]).toContain((await listed()).find((x) => x.id === slow)?.kernel.execution_state);
    expect((await s.stack.preview({ onOutput: out.onOutput })).changeSummary).not.toHaveProperty("update");
  });

  it("a wrong token fails up with a message naming JUPYTER_TOKEN", async () => {
    const wrong = await openStack("jupyter", { JUPYTER_TOKEN: "not-the-token" });
    try {
      await wrong.setSessions({ x: args({ path: "work/wrong.ipynb" }) });
      const err = await wrong.stack.up().catch((e) => e);
      expect(String(err.message)).toMatch(/HTTP 403/);
      expect(String(err.message)).toMatch(/JUPYTER_TOKEN/);
    } finally {
      await wrong.destroyAndRemove();
    }
  });

  it("a missing token fails preview with a message naming JUPYTER_TOKEN", async () => {
    const bare = await openStack("jupyter", {});
    try {
      await bare.setSessions({ x: args({ path: "work/none.ipynb" }) });
      const err = await bare.stack.preview().catch((e) => e);
      expect(String(err.message)).toMatch(/JUPYTER_TOKEN.*pulumi-sessions:jupyterToken/s);
    } finally {
      await bare.destroyAndRemove();
    }
  });

  it("destroy leaves the server with no sessions and no kernels", async () => {
    await s.stack.destroy({ onOutput: out.onOutput });
    expect(await listed()).toEqual([]);
    expect(await (await api("/kernels")).json()).toEqual([]);
  });

  it("never writes the token to state or CLI output", async () => {
    expect(out.text() + (await s.stateText())).not.toContain(server.token);
  });
});
