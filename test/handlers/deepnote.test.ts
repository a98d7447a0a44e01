import { startDeepnoteEmulator, DEEPNOTE_DEMO } from "../../emulators/deepnote";
import { handlers as handlersOf } from "../../provider";
const handlers = handlersOf("deepnote");
import { deepnoteBaseUrl } from "../../provider/deepnote/settings";
import { withWarnings } from "../../provider/core/log";

/** The Deepnote handlers against the in-process emulator. */
let emu: Awaited<ReturnType<typeof startDeepnoteEmulator>>;
const saved = { ...process.env };

beforeAll(async () => {
  emu = await startDeepnoteEmulator({ port: 0, runDurationMs: 100 });
  Object.assign(process.env, { DEEPNOTE_API_URL: emu.info.url, DEEPNOTE_TOKEN: emu.info.token });
});
afterAll(async () => {
  process.env = saved;
  await emu.running.close();
});

const inputs = async (extra: Record<string, unknown> = {}) =>
  (await handlers.check({}, { notebookId: DEEPNOTE_DEMO.notebookId, pollIntervalMs: 20, waitTimeoutSeconds: 5, ...extra })).inputs as Record<string, unknown>;

describe("Deepnote handlers", () => {
  it("appends /v2 to an origin, and keeps a base that has it", () => {
    process.env.DEEPNOTE_API_URL = "https://api.deepnote.com";
    expect(deepnoteBaseUrl()).toBe("https://api.deepnote.com/v2");
    process.env.DEEPNOTE_API_URL = emu.info.url;
    expect(deepnoteBaseUrl()).toBe(emu.info.url);
  });

  it("rejects input values of the wrong type in check", async () => {
    const r = await handlers.check({}, { notebookId: "n", inputs: { a: 1, b: ["x", 2] } });
    expect(r.failures?.map((f) => f.property).sort()).toEqual(["inputs.a", "inputs.b"]);
  });

  it("create without waiting for the initial run returns at once with the run id", async () => {
    const { outs } = await handlers.create(await inputs({ waitForInitialRun: false }));
    expect(outs).toMatchObject({ initialRunId: expect.any(String), state: expect.any(String) });
  });

  it("a wait's poll asks for the session status and the initial run together, not one after the other", async () => {
    // Status answers slowly: had the run been asked after it, the run would be logged after it.
    emu.running.addFault({ method: "GET", path: "/status$", mode: "latency", delayMs: 150, times: null });
    try {
      const before = emu.running.log.at(-1)?.seq ?? 0;
      await handlers.create(await inputs());
      const polls = emu.running.log.filter((e) => e.seq > before && e.method === "GET").map((e) => (e.path.includes("/runs/") ? "run" : "status"));
      expect(polls[0]).toBe("run");
      expect(polls.filter((p) => p === "status").length).toBe(polls.filter((p) => p === "run").length);
    } finally {
      emu.running.faults.clear();
    }
  });

  it("refresh of a session whose initial run succeeded asks for the session only, not the run again", async () => {
    const { id, outs } = await handlers.create(await inputs());
    expect(outs).toMatchObject({ initialRunStatus: "success" });
    const before = emu.running.log.length;
    const read = await handlers.read(id, outs as Record<string, unknown>);
    expect(read.props).toMatchObject({ initialRunStatus: "success" });
    expect(emu.running.log.slice(before).map((e) => e.path.split("?")[0])).toEqual([`/v2/sessions/${id}/status`]);
  });

  it("a failed initial run throws the init-error shape with the run's message", async () => {
    await fetch(`${emu.running.origin}/_emulator/deepnote/next-run`, { method: "POST", body: JSON.stringify({ status: "internal_error", message: "kernel died" }) });
    const err = await handlers.create(await inputs()).catch((e) => e);
    expect(err.id).toBeTruthy();
    expect(err.message).toMatch(/run:internal_error \(kernel died\)/);
    expect(err.properties).toMatchObject({ initialRunId: expect.any(String), initError: expect.any(String) });
  });

  it("an initial run that Deepnote answers 404 for is not taken as done", async () => {
    emu.running.addFault({ method: "GET", path: "^/v2/runs/", status: 404, times: 1000 });
    try {
      const err = await handlers.create(await inputs({ waitTimeoutSeconds: 0.3 })).catch((e) => e);
      expect(err.id).toBeTruthy();
      expect(err.message).toMatch(/did not reach run:success .*last state: run:not-found/);
    } finally {
      emu.running.faults.clear();
    }
  });

  it("a create whose answer was lost says what may exist and when it stops, and is not sent twice", async () => {
    emu.running.addFault({ method: "POST", path: "^/v2/sessions$", mode: "reset-after-handler" });
    const before = Object.keys(emu.emulator.state.current.sessions).length;
    const err = await handlers.create(await inputs({ idleShutdownSeconds: 600 })).catch((e) => e);
    expect(err.code).toBe("PS_UNKNOWN_OUTCOME");
    expect(err.message).toMatch(/sent once; not retried/);
    expect(err.message).toMatch(new RegExp(`may have been opened.*stops by itself after 600 s without activity`, "s"));
    expect(Object.keys(emu.emulator.state.current.sessions).length).toBe(before + 1);
    expect(emu.running.log.filter((e) => e.method === "POST" && e.path === "/v2/sessions").slice(-1)[0].fault).toMatch(/reset after handler/);
  });

  it("delete treats a session that already ended as gone", async () => {
    const { id, outs } = await handlers.create(await inputs());
    await fetch(`${emu.running.origin}/_emulator/deepnote/sessions/${id}/expire`, { method: "POST" });
    await expect(handlers.delete(id, outs as Record<string, unknown>)).resolves.toBeUndefined();
  });

  it("delete falls back to interrupt with a warning when there is no stop endpoint", async () => {
    const { id, outs } = await handlers.create(await inputs());
    emu.running.addFault({ method: "DELETE", path: `/v2/sessions/${id}$`, status: 405 });
    const warnings: string[] = [];
    await withWarnings(async (m) => void warnings.push(m), () => handlers.delete(id, outs as Record<string, unknown>));
    expect(warnings).toEqual([expect.stringMatching(/no stop endpoint.*idle shutdown/)]);
    expect(emu.running.log.some((e) => e.method === "POST" && e.path === `/v2/sessions/${id}/interrupt`)).toBe(true);
  });
});
