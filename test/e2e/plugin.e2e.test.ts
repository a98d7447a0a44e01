import { DEEPNOTE_DEMO, startDeepnoteEmulator } from "../../emulators/deepnote";
import { startIbmQuantumEmulator } from "../../emulators/ibm-quantum";
import { startOciAidpEmulator } from "../../emulators/oci-aidp";
import type { RunningJupyter } from "../../emulators/jupyter/server";
import { handlers, type VendorName } from "../../provider";
import { providerEnv } from "../support/emulators";
import { collect, openStack, type E2EStack } from "../support/engine";
import { startTestJupyter } from "../support/jupyter";

/**
 * The provider plugin (`pulumi-resource-sessions`, found on PATH as a global npm install
 * puts it) under the real Pulumi CLI, through its generated TypeScript SDK
 * (`pulumi-sessions/plugin`): import of sessions made out of band, the per-property
 * diff, and customTimeouts bounding the wait.
 */
jest.setTimeout(300_000);

let ibm: Awaited<ReturnType<typeof startIbmQuantumEmulator>>;
let dn: Awaited<ReturnType<typeof startDeepnoteEmulator>>;
let oci: Awaited<ReturnType<typeof startOciAidpEmulator>>;
let jupyter: RunningJupyter;
let s: E2EStack;
let env: Record<string, string>;
const out = collect();

const T = { ibm: "sessions:ibm:QuantumSession", deepnote: "sessions:deepnote:Session", oci: "sessions:oci:NotebookSession", jupyter: "sessions:jupyter:Session" } as const;

/** A session made outside the stack, with the package's own handlers (what another tool or a person would do). */
async function outOfBand(vendor: VendorName, args: Record<string, unknown>): Promise<string> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const h = handlers(vendor);
    const checked = await h.check({}, args);
    return (await h.create(checked.inputs as Record<string, unknown>)).id;
  } finally {
    process.env = saved;
  }
}

const ociArgs = (extra: Record<string, unknown> = {}) => ({ aiDataPlatformId: oci.info.aiDataPlatformId, workspaceKey: oci.info.workspaceKey, ...extra });
const ociControl = (p: string, body: unknown) => fetch(`${oci.running.origin}/_emulator/${p}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

beforeAll(async () => {
  [ibm, dn, oci, jupyter] = await Promise.all([
    startIbmQuantumEmulator({ port: 0 }),
    startDeepnoteEmulator({ port: 0 }),
    startOciAidpEmulator({ port: 0, activationDelayMs: 200 }),
    startTestJupyter(),
  ]);
  env = { ...providerEnv({ ibm, deepnote: dn, oci, jupyter }), AIDP_DP_ENDPOINT: oci.info.url };
  s = await openStack("plugin-ts", env);
});
afterAll(async () => {
  await s?.destroyAndRemove().catch(() => undefined);
  await Promise.all([ibm?.running.close(), dn?.running.close(), oci?.running.close(), jupyter?.close()]);
});

describe("the provider plugin under the real CLI", () => {
  it("pulumi import adopts a session of each kind made out of band, and the next preview is empty", async () => {
    const ids = {
      ibm: await outOfBand("ibm", { backend: "ibm_fez" }),
      deepnote: await outOfBand("deepnote", { notebookId: DEEPNOTE_DEMO.notebookId, waitForInitialRun: false }),
      oci: await outOfBand("oci", ociArgs({ path: "Workspace/imported.ipynb" })),
      jupyter: await outOfBand("jupyter", { url: jupyter.url, path: "work/imported.ipynb" }),
    };
    const imported = await s.stack.import({
      resources: [
        { type: T.ibm, name: "ibm", id: ids.ibm },
        { type: T.deepnote, name: "deepnote", id: `${DEEPNOTE_DEMO.notebookId}/${ids.deepnote}` },
        { type: T.oci, name: "oci", id: `${oci.info.aiDataPlatformId}/${oci.info.workspaceKey}/${ids.oci}` },
        { type: T.jupyter, name: "jupyter", id: `${jupyter.url}/api/sessions/${ids.jupyter}` },
      ],
      protect: false,
      generateCode: false,
      onOutput: out.onOutput,
    });
    expect(imported.summary.resourceChanges).toMatchObject({ import: 4 });
    const inState = { ...(await s.resourceIds(T.ibm)), ...(await s.resourceIds(T.deepnote)), ...(await s.resourceIds(T.oci)), ...(await s.resourceIds(T.jupyter)) };
    expect(inState).toEqual(ids);

    // The program now declares them as a user would after importing: a preview shows nothing to do.
    await s.setSessions({
      ibm: { kind: "ibm", args: { backend: "ibm_fez" } },
      deepnote: { kind: "deepnote", args: { notebookId: DEEPNOTE_DEMO.notebookId } },
      oci: { kind: "oci", args: ociArgs({ path: "Workspace/imported.ipynb" }) },
      jupyter: { kind: "jupyter", args: { url: jupyter.url, path: "work/imported.ipynb" } },
    });
    const preview = await s.stack.preview({ onOutput: out.onOutput, diff: true });
    expect(preview.changeSummary).toEqual({ same: 5 });
  });

  it("a malformed import id fails with the format to use, importing nothing", async () => {
    await expect(s.stack.import({ resources: [{ type: T.oci, name: "bad", id: "not-an-ocid/x" }], protect: false, generateCode: false })).rejects.toThrow(
      /the import id must be "<aiDataPlatformId>\/<workspaceKey>\/<session id>"/,
    );
    expect(await s.resourceIds(T.oci)).toEqual({ oci: expect.any(String) });
  });

  it("preview --diff shows an in-place update and a replace per property, without output noise", async () => {
    const base = await s.stack.exportStack();
    await s.setSessions({ ibm: { kind: "ibm", args: { backend: "ibm_fez", acceptingJobs: false } } });
    const update = collect();
    const p1 = await s.stack.preview({ diff: true, onOutput: update.onOutput });
    expect(p1.changeSummary).toMatchObject({ update: 1 });
    expect(update.text()).toMatch(/~ acceptingJobs\s*:\s*true => false/);
    expect(update.text()).not.toMatch(/startedAt|timestamps|providerVersion/);

    await s.setSessions({ ibm: { kind: "ibm", args: { backend: "ibm_torino" } } });
    const replace = collect();
    const p2 = await s.stack.preview({ diff: true, onOutput: replace.onOutput });
    expect(p2.changeSummary).toMatchObject({ replace: 1 });
    expect(replace.text()).toMatch(/~ backend\s*:\s*"ibm_fez" => "ibm_torino"/);
    expect(replace.text()).not.toMatch(/startedAt|timestamps|providerVersion/);
    expect((await s.stack.exportStack()).deployment).toEqual(base.deployment);
  });

  it("reads credentials from sessions:* config (config over the environment), and a --secret one never lands in state", async () => {
    await s.setSessions({ dn: { kind: "deepnote", args: { notebookId: DEEPNOTE_DEMO.notebookId, waitForInitialRun: false } } });
    await s.stack.setConfig("sessions:deepnoteToken", { value: "not-the-token", secret: true });
    const refused = collect();
    await expect(s.stack.up({ onOutput: refused.onOutput })).rejects.toThrow();
    expect(refused.text()).toMatch(/401/);
    await s.stack.setConfig("sessions:deepnoteToken", { value: dn.info.token, secret: true });
    await s.stack.up({ onOutput: out.onOutput });
    expect((await s.resourceIds(T.deepnote)).dn).toBeTruthy();
    const text = await s.stateText();
    expect(text).not.toContain(dn.info.token);
    expect(text).not.toContain("not-the-token");
    await s.stack.removeConfig("sessions:deepnoteToken");
  });

  it("customTimeouts shorter than the activation fail up with a clear timeout and keep the session in state", async () => {
    await s.stack.destroy({ onOutput: out.onOutput });
    await ociControl("oci/activation-delay", { ms: 15_000 });
    await s.setSessions({ slow: { kind: "oci", args: ociArgs({ path: "Workspace/slow.ipynb", pollIntervalMs: 200 }), customTimeouts: { create: "2s" } } });
    const failed = collect();
    await expect(s.stack.up({ onOutput: failed.onOutput })).rejects.toThrow();
    expect(failed.text()).toMatch(/customTimeouts\.create/);
    expect(failed.text()).not.toMatch(/waitTimeoutSeconds/);
    const kept = (await s.resourceIds(T.oci)).slow;
    expect(kept).toBeTruthy();
    const remote = (await (await fetch(`${oci.running.origin}/_emulator/state`)).json()).sessions as { id: string }[];
    expect(remote.map((r) => r.id)).toContain(kept);

    // With room to wait (no customTimeouts: waitTimeoutSeconds, 300 s), the next up resumes the same session.
    await ociControl("oci/activation-delay", { ms: 0 });
    await s.setSessions({ slow: { kind: "oci", args: ociArgs({ path: "Workspace/slow.ipynb", pollIntervalMs: 200 }) } });
    await s.stack.up({ onOutput: out.onOutput });
    expect((await s.resourceIds(T.oci)).slow).toBe(kept);
  });
});
