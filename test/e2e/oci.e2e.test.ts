import * as fs from "node:fs";
import { startOciAidpEmulator } from "../../emulators/oci-aidp";
import { collect, openStack, type E2EStack } from "../support/engine";

/** oci.NotebookSession under the real Pulumi CLI against the in-process OCI emulator (signed requests). */
jest.setTimeout(180_000);

const TYPE = "pulumi-nodejs:dynamic/oci:NotebookSession";
let emu: Awaited<ReturnType<typeof startOciAidpEmulator>>;
let s: E2EStack;
const out = collect();
const OTHER_PLATFORM = "ocid1.aidataplatform.oc1.iad.aaaaaaaaotherplatform";

type Wire = { id: string; name: string; path: string; kernel: { id: string; name: string }; lifecycleState: string; aiDataPlatformId: string };
const remote = async (): Promise<Wire[]> => (await (await fetch(`${emu.running.origin}/_emulator/state`)).json()).sessions;
const ids = () => s.resourceIds(TYPE);
const args = (extra: Record<string, unknown> = {}) => ({
  aiDataPlatformId: emu.info.aiDataPlatformId,
  workspaceKey: emu.info.workspaceKey,
  endpoint: emu.info.url,
  path: "Workspace/a.ipynb",
  pollIntervalMs: 100,
  waitTimeoutSeconds: 30,
  ...extra,
});
const control = (p: string, body: unknown = {}) => fetch(`${emu.running.origin}/_emulator/${p}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

beforeAll(async () => {
  emu = await startOciAidpEmulator({ port: 0, activationDelayMs: 300 });
  await control("oci/platforms", { aiDataPlatformId: OTHER_PLATFORM, workspaceKey: emu.info.workspaceKey });
  s = await openStack("oci", { OCI_CONFIG_FILE: emu.info.configFile, OCI_CLI_PROFILE: "DEFAULT" });
});
afterAll(async () => {
  await s?.destroyAndRemove().catch(() => undefined);
  await emu?.running.close();
});

describe("oci.NotebookSession end to end", () => {
  it("up creates a session and waits until it is ACTIVE", async () => {
    await s.setSessions({ nb: args({ name: "a" }) });
    await s.stack.up({ onOutput: out.onOutput });
    expect(await remote()).toEqual([expect.objectContaining({ id: (await ids()).nb, name: "a", lifecycleState: "ACTIVE" })]);
  });

  it("preview right after up shows no changes", async () => {
    expect((await s.stack.preview({ onOutput: out.onOutput })).changeSummary).toEqual({ same: 2 });
  });

  it("a rename patches the same session, with if-match", async () => {
    const id = (await ids()).nb;
    await s.setSessions({ nb: args({ name: "renamed" }) });
    const up = await s.stack.up({ onOutput: out.onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
    expect((await remote())[0]).toMatchObject({ id, name: "renamed" });
    expect(emu.running.log.filter((e) => e.method === "PATCH").pop()?.headers["if-match"]).toBeTruthy();
  });

  it("a kernel change keeps the session and starts a new kernel", async () => {
    const [before] = await remote();
    await s.setSessions({ nb: args({ name: "renamed", kernelName: "notebook" }) });
    await s.stack.up({ onOutput: out.onOutput });
    const [after] = await remote();
    expect(after.id).toBe(before.id);
    expect(after.kernel).toMatchObject({ name: "notebook" });
    expect(after.kernel.id).not.toBe(before.kernel.id);
  });

  it("a platform change replaces the session (deleting the old one first in the same path space only)", async () => {
    const old = (await ids()).nb;
    await s.setSessions({ nb: args({ name: "renamed", kernelName: "notebook", aiDataPlatformId: OTHER_PLATFORM }) });
    const up = await s.stack.up({ onOutput: out.onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ replace: 1 });
    const all = await remote();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ aiDataPlatformId: OTHER_PLATFORM });
    expect(all[0].id).not.toBe(old);
  });

  it("refresh drops a session deleted out of band", async () => {
    const id = (await ids()).nb;
    await fetch(`${emu.running.origin}/_emulator/oci/sessions/${id}`, { method: "DELETE" });
    await s.stack.refresh({ onOutput: out.onOutput });
    expect((await ids()).nb).toBeUndefined();
  });

  it("refuses an existing session for the path unless adoptExisting, then adopts it", async () => {
    const theirs = await signedCreate("Workspace/shared.ipynb");
    await s.setSessions({ nb: args({ path: "Workspace/shared.ipynb" }) });
    const err = await s.stack.up({ onOutput: out.onOutput }).catch((e) => e);
    expect(String(err.message)).toMatch(/already exists for path "Workspace\/shared.ipynb".*adoptExisting: true/s);
    expect((await ids()).nb).toBeUndefined();
    await s.setSessions({ nb: args({ path: "Workspace/shared.ipynb", adoptExisting: true }) });
    await s.stack.up({ onOutput: out.onOutput });
    expect((await ids()).nb).toBe(theirs);
  });

  it("a session that goes FAILED keeps failing up, across a refresh, until it is removed; destroy frees its path", async () => {
    await control("oci/fail-next-create");
    await s.setSessions({ nb: args({ path: "Workspace/shared.ipynb", adoptExisting: true }), bad: args({ path: "Workspace/bad.ipynb" }) });
    const err = await s.stack.up({ onOutput: out.onOutput }).catch((e) => e);
    expect(String(err.message)).toMatch(/entered state FAILED/);
    const bad = (await ids()).bad;
    expect(bad).toBeTruthy();
    // The engine forgets init errors on refresh; the FAILED session must not pass for live.
    await s.stack.refresh({ onOutput: out.onOutput });
    expect((await s.stack.preview({ onOutput: out.onOutput })).changeSummary).toMatchObject({ update: 1 });
    const again = await s.stack.up({ onOutput: out.onOutput }).catch((e) => e);
    expect(String(again.message)).toMatch(/entered state FAILED/);
    await s.setSessions({ nb: args({ path: "Workspace/shared.ipynb", adoptExisting: true }) });
    await s.stack.up({ onOutput: out.onOutput });
    expect((await remote()).map((x) => x.id)).not.toContain(bad);
  });

  it("a wait timeout keeps the session in state; the next up, with no input change, resumes and succeeds", async () => {
    const sessions = { nb: args({ path: "Workspace/shared.ipynb", adoptExisting: true }), slow: args({ path: "Workspace/slow.ipynb", waitTimeoutSeconds: 0.05 }) };
    await s.setSessions(sessions);
    // Activation takes a minute for sessions created now; the wait gives up after 50 ms.
    await control("oci/activation-delay", { ms: 60_000 });
    const err = await s.stack.up({ onOutput: out.onOutput }).catch((e) => e);
    await control("oci/activation-delay", { ms: 300 });
    expect(String(err.message)).toMatch(/did not reach ACTIVE/);
    const slow = (await ids()).slow;
    expect(slow).toBeTruthy();
    await control("clock", { advanceMs: 61_000 });
    const o = collect();
    const up = await s.stack.up({ onOutput: o.onOutput, diff: true });
    out.onOutput(o.text());
    expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
    expect((await remote()).find((x) => x.id === slow)?.lifecycleState).toBe("ACTIVE");
    expect((await s.stack.preview({ onOutput: out.onOutput })).changeSummary).not.toHaveProperty("update");
  });

  it("destroy leaves the workspace empty", async () => {
    await s.stack.destroy({ onOutput: out.onOutput });
    expect(await remote()).toEqual([]);
  });

  it("never writes the private key or a request signature to state or CLI output", async () => {
    const text = out.text() + (await s.stateText());
    const pem = fs.readFileSync(emu.emulator.demo.keyFile, "utf8");
    const keyBody = pem.split("\n").filter((l) => l && !l.startsWith("-----"))[1];
    expect(text).not.toContain(keyBody);
    expect(text).not.toMatch(/PRIVATE KEY|Signature version=|signature="/);
  });
});

/** A session created by "someone else": a signed request made with oci-common directly. */
async function signedCreate(path: string): Promise<string> {
  const { ConfigFileAuthenticationDetailsProvider, DefaultRequestSigner } = await import("oci-common");
  const signer = new DefaultRequestSigner(new ConfigFileAuthenticationDetailsProvider(emu.info.configFile, "DEFAULT"));
  const uri = `${emu.info.url}/20260430/aiDataPlatforms/${emu.info.aiDataPlatformId}/workspaces/${emu.info.workspaceKey}/notebook/api/sessions`;
  const body = JSON.stringify({ path, kernel: { name: "python3" } });
  const headers = new Headers({ "content-type": "application/json" });
  await signer.signHttpRequest({ method: "POST" as never, uri, headers, body });
  return (await (await fetch(uri, { method: "POST", headers, body })).json()).id;
}
