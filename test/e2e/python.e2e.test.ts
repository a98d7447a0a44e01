import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { DEEPNOTE_DEMO } from "../../emulators/deepnote";
import { startBackends, type Backends } from "../support/emulators";
import { collect, openStack, ROOT, sessionIds, type E2EStack } from "../support/engine";
import { jupyterApi } from "../support/jupyter";
import { pythonSdkVenv } from "../support/venvs";

/**
 * A Python program (test/e2e/programs/python) using the generated `pulumi_sessions`
 * package, pip-installed from the release wheel, run by the real CLI through the Python
 * language host and served by the provider plugin: all four kinds against the emulators
 * and a real Jupyter Server.
 */
jest.setTimeout(300_000);

const venv = pythonSdkVenv();
const suite = venv ? describe : describe.skip;
if (!venv) console.warn("Python program e2e skipped: no python3 on this machine (install Python 3.10+ to run it)");

let b: Backends;
let s: E2EStack;
const out = collect();

const state = async (origin: string) => (await (await fetch(`${origin}/_emulator/state`)).json()) as { sessions: { id: string; state?: string; lifecycleState?: string; path?: string }[] };
const jupyterSessions = async () => (await (await jupyterApi(b.jupyter)("/sessions")).json()) as { id: string; path: string }[];
const ids = () => sessionIds(s);
const program = (over: { ibm?: object; jupyter?: object } = {}) => ({
  ibm: { kind: "ibm", args: { backend: "ibm_fez", poll_interval_ms: 100, ...over.ibm } },
  deepnote: { kind: "deepnote", args: { notebook_id: DEEPNOTE_DEMO.notebookId, poll_interval_ms: 100 } },
  oci: { kind: "oci", args: { ai_data_platform_id: b.oci.info.aiDataPlatformId, workspace_key: b.oci.info.workspaceKey, endpoint: b.oci.info.url, path: "Workspace/py.ipynb", poll_interval_ms: 100 } },
  jupyter: { kind: "jupyter", args: { url: b.jupyter.url, path: "work/py.ipynb", poll_interval_ms: 100, ...over.jupyter } },
});

suite("a Python program through the provider plugin", () => {
  beforeAll(async () => {
    // pip install the release wheel as a user would (`npm run package` built it; global setup runs that).
    const release = process.env.PS_RELEASE_DIR ?? path.join(ROOT, "dist/release");
    const wheel = fs.readdirSync(release).find((f) => /^pulumi_sessions-.*\.whl$/.test(f));
    if (!wheel) throw new Error(`no pulumi_sessions wheel in ${release}: run \`npm run package\``);
    execFileSync(path.join(venv!, "bin/pip"), ["install", "--disable-pip-version-check", "-q", "--no-deps", "--force-reinstall", path.join(release, wheel)], { stdio: "inherit" });
    b = await startBackends();
    // The 3.68 Python host imports the interpreter it finds first: the venv, activated.
    s = await openStack("python", { ...b.env, VIRTUAL_ENV: venv! }, { pathPrefix: path.join(venv!, "bin") });
  }, 180_000);
  afterAll(async () => {
    await s?.destroyAndRemove().catch(() => undefined);
    await b?.close();
  });

  it("up opens one session of each kind", async () => {
    await s.setSessions(program());
    const up = await s.stack.up({ onOutput: out.onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ create: 5 });
    const got = await ids();
    expect(Object.keys(got).sort()).toEqual(["deepnote", "ibm", "jupyter", "oci"]);
    expect((await state(b.ibm.running.origin)).sessions).toEqual([expect.objectContaining({ id: got.ibm, state: "open" })]);
    expect((await state(b.oci.running.origin)).sessions).toEqual([expect.objectContaining({ id: got.oci, lifecycleState: "ACTIVE" })]);
    expect((await state(b.dn.running.origin)).sessions.map((x) => x.id)).toEqual([got.deepnote]);
    expect((await jupyterSessions()).map((x) => x.id)).toEqual([got.jupyter]);
    expect(up.outputs.ibm_id.value).toBe(got.ibm);
  });

  it("preview right after up shows no changes", async () => {
    expect((await s.stack.preview({ onOutput: out.onOutput })).changeSummary).toEqual({ same: 5 });
  });

  it("a path change updates the Jupyter session in place (same id)", async () => {
    const before = (await ids()).jupyter;
    await s.setSessions(program({ jupyter: { path: "work/renamed.ipynb" } }));
    const up = await s.stack.up({ onOutput: out.onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ update: 1, same: 4 });
    expect(await jupyterSessions()).toEqual([expect.objectContaining({ id: before, path: "work/renamed.ipynb" })]);
  });

  it("a backend change replaces the IBM session and closes the old one", async () => {
    const before = (await ids()).ibm;
    await s.setSessions(program({ ibm: { backend: "ibm_torino" }, jupyter: { path: "work/renamed.ipynb" } }));
    const up = await s.stack.up({ onOutput: out.onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ replace: 1 });
    const after = (await ids()).ibm;
    expect(after).not.toBe(before);
    const remote = (await state(b.ibm.running.origin)).sessions;
    expect(remote.find((x) => x.id === before)?.state).toBe("closed");
    expect(remote.find((x) => x.id === after)?.state).toBe("open");
  });

  it("refresh sees a Jupyter session renamed out of band, and the next up puts the program's path back", async () => {
    const id = (await ids()).jupyter;
    const moved = await jupyterApi(b.jupyter)(`/sessions/${id}`, { method: "PATCH", body: JSON.stringify({ path: "work/moved-by-hand.ipynb" }) });
    expect(moved.status).toBe(200);
    await s.stack.refresh({ onOutput: out.onOutput });
    expect((await s.stack.preview({ onOutput: out.onOutput })).changeSummary).toMatchObject({ update: 1 });
    await s.stack.up({ onOutput: out.onOutput });
    expect(await jupyterSessions()).toEqual([expect.objectContaining({ id, path: "work/renamed.ipynb" })]);
  });

  it("refresh drops a Jupyter session deleted out of band, and the next up opens a new one", async () => {
    const gone = (await ids()).jupyter;
    expect((await jupyterApi(b.jupyter)(`/sessions/${gone}`, { method: "DELETE" })).status).toBe(204);
    await s.stack.refresh({ onOutput: out.onOutput });
    expect((await ids()).jupyter).toBeUndefined();
    await s.stack.up({ onOutput: out.onOutput });
    const fresh = (await ids()).jupyter;
    expect(fresh).toBeTruthy();
    expect(fresh).not.toBe(gone);
  });

  it("destroy closes or deletes every session", async () => {
    await s.stack.destroy({ onOutput: out.onOutput });
    expect(await ids()).toEqual({});
    expect((await state(b.ibm.running.origin)).sessions.every((x) => x.state === "closed")).toBe(true);
    expect((await state(b.oci.running.origin)).sessions).toEqual([]);
    expect(await jupyterSessions()).toEqual([]);
  });
});
