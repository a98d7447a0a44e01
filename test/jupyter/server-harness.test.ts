import * as fs from "node:fs";
import * as path from "node:path";
import { eventually, jupyterApi, startTestJupyter } from "../support/jupyter";
import type { RunningJupyter } from "../../emulators/jupyter/server";
import { nudgeKernel } from "../../provider/jupyter/kernel";

/** The Jupyter Server facts the provider relies on, checked against the real server. */
jest.setTimeout(120_000);
let server: RunningJupyter;
let api: ReturnType<typeof jupyterApi>;

beforeAll(async () => {
  server = await startTestJupyter();
  api = jupyterApi(server);
});
afterAll(() => server?.close());

describe("real Jupyter Server", () => {
  it("binds a free port itself (port 0) and is found at the port it reports, none picked beforehand", () => {
    const cmdline = fs.readFileSync(`/proc/${server.pid}/cmdline`, "utf8").split("\0");
    expect(cmdline).toContain("--ServerApp.port=0");
    const info = fs.readdirSync(server.runtimeDir).find((f) => /^jpserver-\d+\.json$/.test(f))!;
    const reported = JSON.parse(fs.readFileSync(path.join(server.runtimeDir, info), "utf8")).port;
    expect(server.url).toBe(`http://127.0.0.1:${reported}`);
  });

  it("refuses the REST API without the token", async () => {
    expect((await fetch(`${server.url}/api/sessions`)).status).toBe(403);
  });

  it("answers a second create for the same path with the same session", async () => {
    const body = JSON.stringify({ path: "a.ipynb", type: "notebook", kernel: { name: "python3" } });
    const first = await api("/sessions", { method: "POST", body });
    const second = await api("/sessions", { method: "POST", body });
    expect([first.status, second.status]).toEqual([201, 201]);
    const [a, b] = [await first.json(), await second.json()];
    expect(b.id).toBe(a.id);
    // A kernel stays "starting" until a client talks to it, as JupyterLab does on connect.
    await nudgeKernel(server.url, server.token, a.kernel.id);
    const k = await eventually(async () => (await (await api(`/sessions/${a.id}`)).json()).kernel, (k) => k.execution_state === "idle");
    expect(k.execution_state).toBe("idle");
    // Over Unix sockets in the server's own runtime dir: no TCP ports picked by bind-and-close to race for.
    const connection = JSON.parse(fs.readFileSync(path.join(server.runtimeDir, `kernel-${a.kernel.id}.json`), "utf8"));
    expect(connection).toMatchObject({ transport: "ipc", ip: expect.stringContaining(server.runtimeDir) });
  });

  it("renames in place and swaps the kernel for a new one on a kernel-name patch", async () => {
    const s = await (await api("/sessions", { method: "POST", body: JSON.stringify({ path: "b.ipynb", type: "notebook", kernel: { name: "python3" } }) })).json();
    const renamed = await (await api(`/sessions/${s.id}`, { method: "PATCH", body: JSON.stringify({ name: "x" }) })).json();
    expect(renamed).toMatchObject({ id: s.id, name: "x" });
    const swapped = await (await api(`/sessions/${s.id}`, { method: "PATCH", body: JSON.stringify({ kernel: { name: "python3-alt" } }) })).json();
    expect(swapped.id).toBe(s.id);
    expect(swapped.kernel.id).not.toBe(s.kernel.id);
    expect(swapped.kernel.name).toBe("python3-alt");
  });

  it("deletes sessions with their kernels", async () => {
    for (const s of await (await api("/sessions")).json()) expect((await api(`/sessions/${s.id}`, { method: "DELETE" })).status).toBe(204);
    expect(await (await api("/sessions")).json()).toEqual([]);
    expect(await eventually(async () => (await api("/kernels")).json(), (k) => k.length === 0)).toEqual([]);
  });
});
