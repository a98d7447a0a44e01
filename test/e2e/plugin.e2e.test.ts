import { DEEPNOTE_DEMO } from "../../emulators/deepnote";
import { handlers, type VendorName } from "../../provider";
import { TOKEN_OF } from "../../provider/plugin/tokens";
import { startBackends, type Backends } from "../support/emulators";
import { collect, interruptedUp, openStack, sessionIds, type E2EStack } from "../support/engine";

/**
 * The provider plugin (`pulumi-resource-sessions`, found on PATH as a global npm install
 * puts it) under the real Pulumi CLI, through its generated TypeScript SDK
 * (`pulumi-sessions/plugin`): import of sessions made out of band, the per-property
 * diff, customTimeouts bounding the wait, and Ctrl-C (the engine's Cancel) ending it.
 */
jest.setTimeout(300_000);

let b: Backends;
let s: E2EStack;
let env: Record<string, string>;
const out = collect();

const T = TOKEN_OF;

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

const ociArgs = (extra: Record<string, unknown> = {}) => ({ aiDataPlatformId: b.oci.info.aiDataPlatformId, workspaceKey: b.oci.info.workspaceKey, ...extra });
/** Ids of the sessions the OCI emulator holds. */
const ociRemoteIds = async () => ((await (await fetch(`${b.oci.running.origin}/_emulator/state`)).json()).sessions as { id: string }[]).map((r) => r.id);
const ociControl = (p: string, body: unknown) => fetch(`${b.oci.running.origin}/_emulator/${p}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

beforeAll(async () => {
  b = await startBackends();
  env = { ...b.env, AIDP_DP_ENDPOINT: b.oci.info.url };
  s = await openStack("plugin-ts", env);
});
afterAll(async () => {
  await s?.destroyAndRemove().catch(() => undefined);
  await b?.close();
});

describe("the provider plugin under the real CLI", () => {
  it("pulumi import adopts a session of each kind made out of band, and the next preview is empty", async () => {
    const ids = {
      ibm: await outOfBand("ibm", { backend: "ibm_fez" }),
      deepnote: await outOfBand("deepnote", { notebookId: DEEPNOTE_DEMO.notebookId, waitForInitialRun: false }),
      oci: await outOfBand("oci", ociArgs({ path: "Workspace/imported.ipynb" })),
      jupyter: await outOfBand("jupyter", { url: b.jupyter.url, path: "work/imported.ipynb" }),
    };
    const imported = await s.stack.import({
      resources: [
        { type: T.ibm, name: "ibm", id: ids.ibm },
        { type: T.deepnote, name: "deepnote", id: `${DEEPNOTE_DEMO.notebookId}/${ids.deepnote}` },
        { type: T.oci, name: "oci", id: `${b.oci.info.aiDataPlatformId}/${b.oci.info.workspaceKey}/${ids.oci}` },
        { type: T.jupyter, name: "jupyter", id: `${b.jupyter.url}/api/sessions/${ids.jupyter}` },
      ],
      protect: false,
      generateCode: false,
      onOutput: out.onOutput,
    });
    expect(imported.summary.resourceChanges).toMatchObject({ import: 4 });
    expect(await sessionIds(s)).toEqual(ids);

    // The program now declares them as a user would after importing: a preview shows nothing to do.
    await s.setSessions({
      ibm: { kind: "ibm", args: { backend: "ibm_fez" } },
      deepnote: { kind: "deepnote", args: { notebookId: DEEPNOTE_DEMO.notebookId } },
      oci: { kind: "oci", args: ociArgs({ path: "Workspace/imported.ipynb" }) },
      jupyter: { kind: "jupyter", args: { url: b.jupyter.url, path: "work/imported.ipynb" } },
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
    await s.stack.setConfig("sessions:deepnoteToken", { value: b.dn.info.token, secret: true });
    await s.stack.up({ onOutput: out.onOutput });
    expect((await s.resourceIds(T.deepnote)).dn).toBeTruthy();
    const text = await s.stateText();
    expect(text).not.toContain(b.dn.info.token);
    expect(text).not.toContain("not-the-token");
    await s.stack.removeConfig("sessions:deepnoteToken");
  });

  it("a create whose answer was lost and that found its session warns under that resource, and says so in an output", async () => {
    b.ibm.running.addFault({ method: "POST", path: "^/api/v1/sessions$", mode: "reset-after-handler", times: 1 });
    await s.setSessions({ lost: { kind: "ibm", args: { backend: "ibm_kingston", pollIntervalMs: 100 } } });
    const up = collect();
    await s.stack.up({ onOutput: up.onOutput });
    const id = (await s.resourceIds(T.ibm)).lost;
    expect(up.text()).toMatch(new RegExp(`sessions:ibm:QuantumSession \\(lost\\):\\s*\\n\\s*warning: IBM Quantum session ${id}: the answer to the create was lost`));
    const stored = ((await s.stack.exportStack()).deployment.resources as { urn: string; outputs?: Record<string, unknown> }[]).find((r) => r.urn.endsWith("::lost"));
    expect(stored?.outputs?.createRecovery).toMatch(new RegExp(`session ${id} is the only`));
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
    expect(await ociRemoteIds()).toContain(kept);

    // With room to wait (no customTimeouts: waitTimeoutSeconds, 300 s), the next up resumes the same session.
    await ociControl("oci/activation-delay", { ms: 0 });
    await s.setSessions({ slow: { kind: "oci", args: ociArgs({ path: "Workspace/slow.ipynb", pollIntervalMs: 200 }) } });
    await s.stack.up({ onOutput: out.onOutput });
    expect((await s.resourceIds(T.oci)).slow).toBe(kept);
    // The generated constructors register with frameless promise stacks (scripts/gen-sdks.sh);
    // the source position Pulumi records is still the program's line.
    const state = await s.stack.exportStack();
    const res = (state.deployment.resources as { urn: string; sourcePosition?: string }[]).find((r) => r.urn.endsWith("::slow"));
    expect(res?.sourcePosition).toMatch(/^project:\/\/\/index\.ts#\d+/);
  });

  it("one Ctrl-C ends the wait in flight: the session is kept in state, nothing pending, and the next up resumes it", async () => {
    await s.stack.destroy({ onOutput: out.onOutput });
    // Only the cancel ends this wait in the test's time (waitTimeoutSeconds is 300 s).
    await ociControl("oci/activation-delay", { ms: 200_000 });
    await s.setSessions({ waiting: { kind: "oci", args: ociArgs({ path: "Workspace/waiting.ipynb", pollIntervalMs: 200 }) } });
    const printed = await interruptedUp(s, "plugin-ts", 1, b.oci.running.log);
    expect(printed).toMatch(/cancelling/);
    expect(printed).toMatch(/stopped waiting for OCI notebook session \S+ to reach ACTIVE because the run was cancelled \(last state: CREATING\)/);
    expect(printed).toMatch(/run `pulumi up` again to keep waiting/);
    expect((await s.stack.exportStack()).deployment?.pending_operations ?? []).toEqual([]);
    const kept = (await s.resourceIds(T.oci)).waiting;
    expect(await ociRemoteIds()).toEqual([kept]);

    // The service catches up (its clock moves past the activation, within the signature's 5-minute
    // skew): the next up finishes the same session.
    await ociControl("oci/activation-delay", { ms: 200 });
    await ociControl("clock", { advanceMs: 200_000 });
    const resumed = await s.stack.up({ onOutput: out.onOutput });
    expect(resumed.summary.resourceChanges).toMatchObject({ update: 1 });
    expect((await s.resourceIds(T.oci)).waiting).toBe(kept);
  });
});
