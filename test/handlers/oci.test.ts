import { startOciAidpEmulator } from "../../emulators/oci-aidp";
import { handlers } from "../../provider/oci/session";

/** The OCI handlers against the in-process emulator: signing, retry token, etag. */
let emu: Awaited<ReturnType<typeof startOciAidpEmulator>>;
const saved = { ...process.env };

beforeAll(async () => {
  emu = await startOciAidpEmulator({ port: 0, activationDelayMs: 50 });
  Object.assign(process.env, { OCI_CONFIG_FILE: emu.info.configFile, OCI_CLI_PROFILE: "DEFAULT" });
});
afterAll(async () => {
  process.env = saved;
  await emu.running.close();
});

let n = 0;
const inputs = async (extra: Record<string, unknown> = {}) =>
  (await handlers.check({}, { aiDataPlatformId: emu.info.aiDataPlatformId, workspaceKey: emu.info.workspaceKey, endpoint: emu.info.url, path: `h/${++n}.ipynb`, pollIntervalMs: 20, waitTimeoutSeconds: 5, ...extra })).inputs as Record<string, unknown>;

describe("OCI notebook session handlers", () => {
  it("create retries a lost answer with the same retry token and gets the same session", async () => {
    emu.running.addFault({ method: "POST", path: "/sessions$", mode: "reset-after-handler" });
    const { id } = await handlers.create(await inputs());
    const posts = emu.running.log.filter((e) => e.method === "POST" && e.path.endsWith("/sessions"));
    const [a, b] = posts.slice(-2);
    expect(a.headers["opc-retry-token"]).toBeTruthy();
    expect(b.headers["opc-retry-token"]).toBe(a.headers["opc-retry-token"]);
    expect(b.note).toBe("answered from the idempotency store");
    expect(Object.keys(emu.emulator.store.sessions)).toContain(id);
  });

  it("create retries 503 with the same retry token", async () => {
    emu.running.addFault({ method: "POST", path: "/sessions$", status: 503, times: 2 });
    await handlers.create(await inputs());
    const tokens = emu.running.log.filter((e) => e.method === "POST" && e.path.endsWith("/sessions")).slice(-3).map((e) => e.headers["opc-retry-token"]);
    expect(new Set(tokens).size).toBe(1);
  });

  it("update re-reads once on 412 and retries with the fresh etag", async () => {
    const i = await inputs({ name: "one" });
    const { id, outs } = await handlers.create(i);
    // Someone else changes the session: our stored etag is now stale.
    emu.emulator.store.sessions[id].version++;
    emu.running.addFault({ method: "PATCH", path: "/sessions/", status: 412, code: "NoEtagMatch", times: 1 });
    const { outs: after } = await handlers.update(id, outs as Record<string, unknown>, { ...i, name: "two" });
    expect(after).toMatchObject({ id, name: "two" });
    expect(emu.running.log.filter((e) => e.method === "PATCH").map((e) => e.status).slice(-2)).toEqual([412, 200]);
  });

  it("refuses to take over an existing session for the path unless adoptExisting", async () => {
    const i = await inputs();
    const { id } = await handlers.create(i);
    await expect(handlers.create(i)).rejects.toThrow(/already exists for path .*adoptExisting: true/);
    expect((await handlers.create({ ...i, adoptExisting: true })).id).toBe(id);
  });

  it("reports an invalid signature with status, code, request id and what to do", async () => {
    const err = await handlers.create(await inputs({ aiDataPlatformId: "ocid1.aidataplatform.oc1.iad.unknown" })).catch((e) => e);
    expect(err.message).toMatch(/HTTP 404, code NotAuthorizedOrNotFound/);
    expect(err.message).toMatch(/request id [0-9a-f]+/);
  });
});
