import * as fs from "node:fs";
import * as path from "node:path";
import { manualClock } from "../../emulators/core/clock";
import { startDeepnoteEmulator, DEEPNOTE_DEMO } from "../../emulators/deepnote";
import { tempDir } from "../support/tmp";

let emu: Awaited<ReturnType<typeof startDeepnoteEmulator>>;
const clock = manualClock();
const api = (path: string, init: RequestInit = {}, token = DEEPNOTE_DEMO.token) =>
  fetch(`${emu.info.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...(init.headers ?? {}) } });
const post = (path: string, body: unknown) => api(path, { method: "POST", body: JSON.stringify(body) });
const create = async (extra: Record<string, unknown> = {}) =>
  (await (await post("/sessions", { notebookId: DEEPNOTE_DEMO.notebookId, ...extra })).json()) as { session: { id: string; sessionNotebookId: string }; run: { runId: string } };

beforeAll(async () => {
  emu = await startDeepnoteEmulator({ port: 0, clock, runDurationMs: 1000 });
});
afterAll(() => emu.running.close());

describe("Deepnote emulator", () => {
  it("rejects calls without a valid API key with 401 {message}", async () => {
    const res = await api("/sessions", { method: "POST", body: "{}" }, "wrong");
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: expect.any(String) });
  });

  it("answers a create with 202 {session, run}", async () => {
    const res = await post("/sessions", { notebookId: DEEPNOTE_DEMO.notebookId, inputs: { city: "Prague", flag: true, tags: ["a"] } });
    expect(res.status).toBe(202);
    const body = await res.json();
    expect(body.session.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.session.sessionNotebookId).toMatch(/^[0-9a-f]{32}$/);
    expect(body.run).toMatchObject({ status: "pending", runId: expect.any(String) });
  });

  it("validates the create body", async () => {
    expect((await post("/sessions", {})).status).toBe(400);
    expect((await post("/sessions", { notebookId: DEEPNOTE_DEMO.notebookId, idleShutdownSeconds: -1 })).status).toBe(400);
    expect((await post("/sessions", { notebookId: "nope" })).status).toBe(404);
  });

  it("runs the initial run to success as time passes", async () => {
    const { run } = await create();
    clock.advance(600);
    expect((await (await api(`/runs/${run.runId}`)).json()).run.status).toBe("running");
    clock.advance(600);
    expect((await (await api(`/runs/${run.runId}`)).json()).run).toMatchObject({ status: "success", completedAt: expect.any(String) });
  });

  it("fails the next initial run on demand", async () => {
    await fetch(`${emu.running.origin}/_emulator/deepnote/next-run`, { method: "POST", body: JSON.stringify({ status: "error", message: "boom" }) });
    const { run } = await create();
    clock.advance(2000);
    expect((await (await api(`/runs/${run.runId}`)).json()).run).toMatchObject({ status: "error", error: { message: "boom" } });
  });

  it("status needs notebookId and accepts the source or the session copy", async () => {
    const { session } = await create();
    expect((await api(`/sessions/${session.id}/status`)).status).toBe(400);
    expect((await api(`/sessions/${session.id}/status?notebookId=${DEEPNOTE_DEMO.notebookId}`)).status).toBe(200);
    const st = await (await api(`/sessions/${session.id}/status?notebookId=${session.sessionNotebookId}`)).json();
    expect(st).toMatchObject({ session: { id: session.id }, kernel: { state: expect.any(String) } });
  });

  it("validates execute's timeoutMs and reports user exceptions with 200, timeouts with 408", async () => {
    const { session } = await create();
    const ex = (body: Record<string, unknown>) => post(`/sessions/${session.id}/execute`, { notebookId: DEEPNOTE_DEMO.notebookId, ...body });
    for (const timeoutMs of [0, 120001, 1.5]) expect((await ex({ code: "1", timeoutMs })).status).toBe(400);
    const err = await ex({ code: "raise ValueError('bad')" });
    expect(err.status).toBe(200);
    expect((await err.json()).outputs[0]).toMatchObject({ output_type: "error", ename: "ValueError" });
    expect((await ex({ code: "time.sleep(5)", timeoutMs: 1000 })).status).toBe(408);
    expect((await (await ex({ code: 'print("hi")' })).json()).outputs[0]).toMatchObject({ output_type: "stream", text: "hi\n" });
  });

  it("ends a session after idleShutdownSeconds without activity, while an executed one stays", async () => {
    const idle = (await create({ idleShutdownSeconds: 60 })).session;
    const used = (await create({ idleShutdownSeconds: 60 })).session;
    clock.advance(40_000);
    await post(`/sessions/${used.id}/execute`, { notebookId: DEEPNOTE_DEMO.notebookId, code: "1" });
    // Status polls are not activity.
    await api(`/sessions/${idle.id}/status?notebookId=${DEEPNOTE_DEMO.notebookId}`);
    clock.advance(30_000);
    expect((await api(`/sessions/${idle.id}/status?notebookId=${DEEPNOTE_DEMO.notebookId}`)).status).toBe(404);
    expect((await api(`/sessions/${used.id}/status?notebookId=${DEEPNOTE_DEMO.notebookId}`)).status).toBe(200);
  });

  it("interrupt answers {session}", async () => {
    const { session } = await create();
    const res = await post(`/sessions/${session.id}/interrupt`, { notebookId: DEEPNOTE_DEMO.notebookId });
    expect(res.status).toBe(200);
    expect((await res.json()).session.id).toBe(session.id);
  });

  it("stops a session with DELETE (inferred endpoint), after which status is 404", async () => {
    const { session } = await create();
    expect((await api(`/sessions/${session.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await api(`/sessions/${session.id}/status?notebookId=${DEEPNOTE_DEMO.notebookId}`)).status).toBe(404);
  });

  // The oracle is the vendor's page (a fixture with its URL), not the emulator's own table.
  const documented: Record<number, string> = JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/deepnote-sessions-errors.json"), "utf8")).createSession;
  it.each([403, 409, 429, 500])("answers an injected %i on create with the message Deepnote documents for it", async (status) => {
    emu.running.addFault({ method: "POST", path: "^/v2/sessions$", status });
    const res = await post("/sessions", { notebookId: DEEPNOTE_DEMO.notebookId });
    expect(res.status).toBe(status);
    const { message } = await res.json();
    expect(documented[status].toLowerCase()).toContain(String(message).toLowerCase());
  });

  it("keeps its sessions across a restart with a state file", async () => {
    const dir = tempDir("ps-dn-state-");
    const file = path.join(dir, "deepnote.json");
    const a = await startDeepnoteEmulator({ port: 0, clock, stateFile: file });
    const res = await fetch(`${a.info.url}/sessions`, { method: "POST", headers: { authorization: `Bearer ${DEEPNOTE_DEMO.token}`, "content-type": "application/json" }, body: JSON.stringify({ notebookId: DEEPNOTE_DEMO.notebookId }) });
    const id = (await res.json()).session.id;
    await a.running.close();
    const b = await startDeepnoteEmulator({ port: 0, clock, stateFile: file });
    const st = await fetch(`${b.info.url}/sessions/${id}/status?notebookId=${DEEPNOTE_DEMO.notebookId}`, { headers: { authorization: `Bearer ${DEEPNOTE_DEMO.token}` } });
    expect(st.status).toBe(200);
    await b.running.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
