import type { RunningJupyter } from "../../emulators/jupyter/server";
import { handlers as handlersOf } from "../../provider";
const handlers = handlersOf("jupyter");
import { eventually, jupyterApi, startCell, startTestJupyter } from "../support/jupyter";

/** The Jupyter handlers against a real Jupyter Server (no engine). */
jest.setTimeout(120_000);

let server: RunningJupyter;
const saved = { ...process.env };

beforeAll(async () => {
  server = await startTestJupyter();
  process.env.JUPYTER_TOKEN = server.token;
});
afterAll(async () => {
  process.env = saved;
  await server?.close();
});

let n = 0;
const inputs = async (extra: Record<string, unknown> = {}) =>
  (await handlers.check({}, { url: server.url, path: `h/${++n}.ipynb`, pollIntervalMs: 50, waitTimeoutSeconds: 60, ...extra })).inputs as Record<string, unknown>;

describe("Jupyter session handlers", () => {
  it("renaming a session whose kernel is busy running a cell succeeds: a busy kernel is live", async () => {
    const i = await inputs();
    const { id, outs } = await handlers.create(i);
    const kernelId = (outs as { kernel: { id: string } }).kernel.id;
    await startCell(server, kernelId, "import time; time.sleep(30)");
    const api = jupyterApi(server);
    await eventually(async () => (await (await api(`/sessions/${id}`)).json()).kernel.execution_state, (st) => st === "busy", 10_000);
    const { outs: after } = await handlers.update(id, outs as Record<string, unknown>, { ...i, name: "renamed", waitTimeoutSeconds: 3 });
    expect(after).toMatchObject({ id, name: "renamed", kernel: { id: kernelId, executionState: "busy" } });
    await handlers.delete(id, after as Record<string, unknown>);
  });
});
