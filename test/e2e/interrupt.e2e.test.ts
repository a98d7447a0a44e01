import { startOciAidpEmulator } from "../../emulators/oci-aidp";
import { interruptedUp, openStack, type E2EStack } from "../support/engine";

/**
 * Ctrl-C during `pulumi up` while a create is in flight, under the
 * real CLI. What the user runs next is in the README ("Interrupted runs").
 */
jest.setTimeout(240_000);

let emu: Awaited<ReturnType<typeof startOciAidpEmulator>>;
let s: E2EStack;
beforeAll(async () => {
  emu = await startOciAidpEmulator({ port: 0, activationDelayMs: 3000 });
  s = await openStack("oci", { OCI_CONFIG_FILE: emu.info.configFile, OCI_CLI_PROFILE: "DEFAULT" });
});
afterAll(async () => {
  await s?.destroyAndRemove().catch(() => undefined);
  await emu?.running.close();
});

const remote = () => Object.values(emu.emulator.state.current.sessions).map((x) => x.id);
const args = (p: string, extra: Record<string, unknown> = {}) => ({ aiDataPlatformId: emu.info.aiDataPlatformId, workspaceKey: emu.info.workspaceKey, endpoint: emu.info.url, path: p, pollIntervalMs: 100, waitTimeoutSeconds: 60, ...extra });
const pending = async () => ((await s.stack.exportStack()).deployment?.pending_operations ?? []) as unknown[];

describe("Ctrl-C during up", () => {
  it("once: the create in flight finishes and is recorded; nothing is pending, nothing orphaned", async () => {
    await s.setSessions({ a: args("ctrlc/a.ipynb") });
    const out = await interruptedUp(s, "oci", 1, emu.running.log);
    expect(out).toMatch(/cancelling/);
    expect(await pending()).toEqual([]);
    const ids = await s.resourceIds("pulumi-nodejs:dynamic/oci:NotebookSession");
    expect(remote()).toEqual([ids.a]);
    expect((await s.stack.preview()).changeSummary).not.toHaveProperty("create");
  });

  it("twice: refresh --clear-pending-creates, then up with adoptExisting, leaves the one session, in state", async () => {
    await s.setSessions({ a: args("ctrlc/a.ipynb"), b: args("ctrlc/b.ipynb") });
    const out = await interruptedUp(s, "oci", 2, emu.running.log);
    expect(out).toMatch(/terminating/);
    expect(await pending()).toHaveLength(1);
    expect(remote()).toHaveLength(2); // b exists at the service, but only as a pending create in state
    await s.stack.refresh({ clearPendingCreates: true });
    expect(await pending()).toEqual([]);
    await s.setSessions({ a: args("ctrlc/a.ipynb"), b: args("ctrlc/b.ipynb", { adoptExisting: true }) });
    await s.stack.up();
    const ids = await s.resourceIds("pulumi-nodejs:dynamic/oci:NotebookSession");
    expect(remote().sort()).toEqual([ids.a, ids.b].sort());
    await s.stack.destroy();
    expect(remote()).toEqual([]);
  });
});
