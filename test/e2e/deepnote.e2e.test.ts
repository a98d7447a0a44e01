import { DEEPNOTE_DEMO, startDeepnoteEmulator } from "../../emulators/deepnote";
import { collect, openStack, type E2EStack } from "../support/engine";

/** deepnote.Session under the real Pulumi CLI against the in-process Deepnote emulator. */
jest.setTimeout(180_000);

const TYPE = "pulumi-nodejs:dynamic/deepnote:Session";
let emu: Awaited<ReturnType<typeof startDeepnoteEmulator>>;
let s: E2EStack;
const out = collect();

type Snap = { sessions: { id: string; live: boolean; inputs: Record<string, unknown> }[] };
const snapshot = async (): Promise<Snap> => (await fetch(`${emu.running.origin}/_emulator/state`)).json();
const live = async () => (await snapshot()).sessions.filter((x) => x.live).map((x) => x.id);
const ids = () => s.resourceIds(TYPE);
const args = (extra: Record<string, unknown> = {}) => ({ notebookId: DEEPNOTE_DEMO.notebookId, pollIntervalMs: 100, waitTimeoutSeconds: 30, ...extra });

beforeAll(async () => {
  emu = await startDeepnoteEmulator({ port: 0, runDurationMs: 600 });
  s = await openStack("deepnote", { DEEPNOTE_API_URL: emu.info.url, DEEPNOTE_TOKEN: emu.info.token });
});
afterAll(async () => {
  await s?.destroyAndRemove().catch(() => undefined);
  await emu?.running.close();
});

describe("deepnote.Session end to end", () => {
  it("rejects bad inputs at preview, naming the property", async () => {
    await s.setSessions({ nb: args({ idleShutdownSeconds: -5, inputs: { n: 3 } }) });
    const err = await s.stack.preview({ onOutput: out.onOutput }).catch((e) => e);
    expect(String(err.message)).toMatch(/idleShutdownSeconds/);
    expect(String(err.message)).toMatch(/inputs\.n/);
    expect(emu.running.log.filter((e) => e.path.startsWith("/v2/")).length).toBe(0);
  });

  it("up waits for the initial run to succeed", async () => {
    await s.setSessions({ nb: args({ inputs: { city: "Prague" } }) });
    await s.stack.up({ onOutput: out.onOutput });
    const state = await s.stack.exportStack();
    const r = state.deployment.resources.find((x: { type: string }) => x.type === TYPE);
    expect(r.outputs).toMatchObject({ initialRunStatus: "success", initialRunId: expect.any(String), sessionNotebookId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(await live()).toEqual([r.id]);
  });

  it("preview right after up shows no changes", async () => {
    expect((await s.stack.preview({ onOutput: out.onOutput })).changeSummary).toEqual({ same: 2 });
  });

  it("an input change replaces the session and stops the old one", async () => {
    const old = (await ids()).nb;
    await s.setSessions({ nb: args({ inputs: { city: "Brno" } }) });
    const up = await s.stack.up({ onOutput: out.onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ replace: 1 });
    const now = (await ids()).nb;
    expect(now).not.toBe(old);
    expect(await live()).toEqual([now]);
  });

  it("a provider-only input change calls no API", async () => {
    const before = emu.running.log.length;
    await s.setSessions({ nb: args({ inputs: { city: "Brno" }, waitTimeoutSeconds: 45 }) });
    const up = await s.stack.up({ onOutput: out.onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(emu.running.log.slice(before)).toEqual([]);
  });

  it("refresh drops a session that idled out, and up opens a new one", async () => {
    const old = (await ids()).nb;
    // Past the idle shutdown (Deepnote's default here: 1800 s) on the emulator's clock.
    await fetch(`${emu.running.origin}/_emulator/clock`, { method: "POST", body: JSON.stringify({ advanceMs: 1801_000 }) });
    await s.stack.refresh({ onOutput: out.onOutput });
    expect((await ids()).nb).toBeUndefined();
    const up = await s.stack.up({ onOutput: out.onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ create: 1 });
    expect((await ids()).nb).not.toBe(old);
  });

  it("an initial run that fails fails the up with the run's error and stays in state", async () => {
    await fetch(`${emu.running.origin}/_emulator/deepnote/next-run`, { method: "POST", body: JSON.stringify({ status: "error", message: "NameError: name 'x' is not defined" }) });
    await s.setSessions({ nb: args({ inputs: { city: "Brno" }, waitTimeoutSeconds: 45 }), failing: args({ storageMode: "readonly" }) });
    const err = await s.stack.up({ onOutput: out.onOutput }).catch((e) => e);
    expect(String(err.message)).toMatch(/NameError: name 'x' is not defined/);
    const failing = (await ids()).failing;
    expect(failing).toBeTruthy();
    expect(await live()).toContain(failing);
    // The engine forgets init errors on refresh; the failed session must not pass for live.
    await s.stack.refresh({ onOutput: out.onOutput });
    expect((await s.stack.preview({ onOutput: out.onOutput })).changeSummary).toMatchObject({ update: 1 });
    // The next up resumes and fails again with the reason.
    const again = await s.stack.up({ onOutput: out.onOutput }).catch((e) => e);
    expect(String(again.message)).toMatch(/run:error/);
    expect(String(again.message)).toMatch(/NameError: name 'x' is not defined/);
  });

  it("destroy stops every session, the one whose initial run failed included", async () => {
    expect(await live()).toContain((await ids()).failing);
    await s.stack.destroy({ onOutput: out.onOutput });
    expect(await live()).toEqual([]);
  });

  it("never writes the API key to state or CLI output", async () => {
    expect(out.text() + (await s.stateText())).not.toContain(emu.info.token);
  });
});
