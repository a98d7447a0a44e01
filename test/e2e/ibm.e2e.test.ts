import { startIbmQuantumEmulator } from "../../emulators/ibm-quantum";
import type { RunningEmulator } from "../../emulators/core";
import { collect, openStack, type E2EStack } from "../support/engine";

/**
 * ibm.QuantumSession under the real Pulumi CLI (test/e2e/programs/ibm), against the
 * in-process IBM Quantum emulator. One stack walks through the lifecycle in order.
 */
jest.setTimeout(180_000);

let emu: { running: RunningEmulator; info: { url: string; iamUrl: string; apiKey: string; instance: string } };
let s: E2EStack;
const out = collect();

const vendorEnv = () => ({
  QISKIT_IBM_URL: emu.info.url,
  IAM_URL: emu.info.iamUrl,
  QISKIT_IBM_TOKEN: emu.info.apiKey,
  QISKIT_IBM_INSTANCE: emu.info.instance,
});

type Sess = { id: string; state: string; accepting_jobs: boolean; mode: string };
async function sessions(): Promise<Sess[]> {
  const snap = (await (await fetch(`${emu.running.origin}/_emulator/state`)).json()) as { sessions: Sess[] | Record<string, Sess> };
  return Array.isArray(snap.sessions) ? snap.sessions : Object.values(snap.sessions);
}
const session = async (id: string) => (await sessions()).find((x) => x.id === id);
const sessionCalls = () => emu.running.log.filter((e) => e.path.startsWith("/api/v1/sessions")).length;
// From the state, not stack outputs: `refresh` does not rewrite outputs.
const ids = () => s.resourceIds("pulumi-nodejs:dynamic/ibm:QuantumSession");
const control = (path: string, body: unknown = {}) =>
  fetch(`${emu.running.origin}/_emulator/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

beforeAll(async () => {
  // Jobs run for a minute of emulator time: they finish when a test moves the clock.
  emu = await startIbmQuantumEmulator({ port: 0, jobDurationMs: 60_000 });
  s = await openStack("ibm", vendorEnv());
});
afterAll(async () => {
  await s?.destroyAndRemove().catch(() => undefined);
  await emu?.running.close();
});

describe("ibm.QuantumSession end to end", () => {
  it("rejects bad inputs at preview, naming the property, with no session API call", async () => {
    await s.setSessions({ bad: { backend: "ibm_fez", mode: "foo", maxTtlSeconds: -1 } });
    const err = await s.stack.preview({ onOutput: out.onOutput }).catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect(String(err.message)).toMatch(/mode/);
    expect(String(err.message)).toMatch(/"batch" or "dedicated"/);
    expect(String(err.message)).toMatch(/maxTtlSeconds/);
    expect(sessionCalls()).toBe(0);
  });

  it("up opens a session that the emulator holds, open and accepting jobs", async () => {
    await s.setSessions({ qs: { backend: "ibm_fez", mode: "dedicated", waitTimeoutSeconds: 30, pollIntervalMs: 100 } });
    const up = await s.stack.up({ onOutput: out.onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ create: 2 }); // the stack and the session
    const id = (await ids()).qs;
    expect(await session(id)).toMatchObject({ state: "open", accepting_jobs: true, mode: "dedicated" });
    // Pulumi records a source position a fixed number of frames above `Resource`; a dynamic
    // resource has one class more than it counts, so the position is the class's constructor.
    // Speeding up construction (withoutPromiseStacks) must not move it anywhere else.
    const state = await s.stack.exportStack();
    const res = (state.deployment.resources as { urn: string; sourcePosition?: string }[]).find((r) => r.urn.endsWith("::qs"));
    expect(res?.sourcePosition).toMatch(/dynamic\/session\.(ts|js)#\d+/);
  });

  it("preview right after up shows no changes", async () => {
    const p = await s.stack.preview({ onOutput: out.onOutput });
    expect(p.changeSummary).toEqual({ same: 2 });
  });

  it("acceptingJobs=false with a job still queued updates in place and keeps the session", async () => {
    const id = (await ids()).qs;
    expect((await control(`ibm/sessions/${id}/jobs`)).ok).toBe(true);
    await s.setSessions({ qs: { backend: "ibm_fez", mode: "dedicated", acceptingJobs: false, waitTimeoutSeconds: 30, pollIntervalMs: 100 } });
    const up = await s.stack.up({ onOutput: out.onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
    expect((await ids()).qs).toBe(id);
    expect(await session(id)).toMatchObject({ accepting_jobs: false });
    expect((await session(id))!.state).not.toBe("closed");
  });

  it("a drained session that IBM closed is converged: refresh keeps it, preview shows no change", async () => {
    const id = (await ids()).qs;
    // Let the queued job finish: IBM then closes the draining session.
    await control("clock", { advanceMs: 10 * 60_000 });
    expect((await session(id))!.state).toBe("closed");
    await s.stack.refresh({ onOutput: out.onOutput });
    expect((await ids()).qs).toBe(id);
    const p = await s.stack.preview({ onOutput: out.onOutput });
    expect(p.changeSummary).toEqual({ same: 2 });
  });

  it("acceptingJobs=true on a closed session opens a new one (replace)", async () => {
    const old = (await ids()).qs;
    await s.setSessions({ qs: { backend: "ibm_fez", mode: "dedicated", acceptingJobs: true, waitTimeoutSeconds: 30, pollIntervalMs: 100 } });
    const up = await s.stack.up({ onOutput: out.onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ replace: 1 });
    expect((await ids()).qs).not.toBe(old);
  });

  it("acceptingJobs=false with no job queued closes the session without a recreate loop", async () => {
    const id = (await ids()).qs;
    await s.setSessions({ qs: { backend: "ibm_fez", mode: "dedicated", acceptingJobs: false, waitTimeoutSeconds: 30, pollIntervalMs: 100 } });
    await s.stack.up({ onOutput: out.onOutput });
    expect((await ids()).qs).toBe(id);
    expect((await session(id))!.state).toBe("closed");
    await s.stack.refresh({ onOutput: out.onOutput });
    const p = await s.stack.preview({ onOutput: out.onOutput });
    expect(p.changeSummary).toEqual({ same: 2 });
  });

  it("a mode change replaces the session and closes the old one", async () => {
    await s.setSessions({ qs: { backend: "ibm_fez", mode: "dedicated", waitTimeoutSeconds: 30, pollIntervalMs: 100 } });
    await s.stack.up({ onOutput: out.onOutput });
    const old = (await ids()).qs;
    await s.setSessions({ qs: { backend: "ibm_fez", mode: "batch", waitTimeoutSeconds: 30, pollIntervalMs: 100 } });
    const up = await s.stack.up({ onOutput: out.onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ replace: 1 });
    const now = (await ids()).qs;
    expect(now).not.toBe(old);
    expect(await session(now)).toMatchObject({ mode: "batch", state: "open" });
    expect((await session(old))!.state).toBe("closed");
  });

  it("refresh drops a session closed out of band, and the next up opens a new one", async () => {
    const old = (await ids()).qs;
    expect((await control(`ibm/sessions/${old}/close`)).ok).toBe(true);
    await s.stack.refresh({ onOutput: out.onOutput });
    expect((await ids()).qs).toBeUndefined();
    const up = await s.stack.up({ onOutput: out.onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ create: 1 });
    expect((await ids()).qs).not.toBe(old);
  });

  it("a create whose wait fails keeps the session in state, and the next up resumes", async () => {
    // The session is created and drained (so the create's answer is stale and the wait
    // reads it), then reads of it fail as "not found": the wait gives up.
    emu.running.addFault({ method: "GET", path: "^/api/v1/sessions/[^/]+$", status: 404, times: 4 });
    await s.setSessions({
      qs: { backend: "ibm_fez", mode: "batch", waitTimeoutSeconds: 30, pollIntervalMs: 100 },
      second: { backend: "ibm_torino", acceptingJobs: false, waitTimeoutSeconds: 30, pollIntervalMs: 100 },
    });
    const err = await s.stack.up({ onOutput: out.onOutput }).catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    emu.running.faults.clear();
    const state = await s.stack.exportStack();
    const kept = state.deployment.resources.find((r: { urn: string }) => r.urn.endsWith("::second"));
    expect(kept?.id).toBeTruthy();
    expect(kept.initErrors?.length).toBeGreaterThan(0);
    emu.running.faults.clear();
    const o = collect();
    const up = await s.stack.up({ onOutput: o.onOutput });
    out.onOutput(o.text());
    expect(o.text()).toMatch(/~ +pulumi-nodejs:dynamic\/ibm:QuantumSession second updat/);
    expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
    expect((await ids()).second).toBe(kept.id);
  });

  it("a create whose answer was lost and that found its session warns through the engine (the dynamic host knows no resource to attach it to)", async () => {
    emu.running.addFault({ method: "POST", path: "^/api/v1/sessions$", mode: "reset-after-handler", times: 1 });
    await s.setSessions({ lost: { backend: "ibm_kingston", pollIntervalMs: 100 } });
    const o = collect();
    await s.stack.up({ onOutput: o.onOutput });
    out.onOutput(o.text());
    const id = (await ids()).lost;
    // A warning diagnostic of the run (the engine's log), naming the session: not a line of provider stderr.
    expect(o.text()).toMatch(new RegExp(`pulumi:pulumi:Stack \\([^)]*\\):\\s*\\n\\s*warning: IBM Quantum session ${id}: the answer to the create was lost`));
  });

  it("destroy closes every session", async () => {
    await s.stack.destroy({ onOutput: out.onOutput });
    const all = await sessions();
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((x) => x.state === "closed")).toBe(true);
  });

  it("never writes the API key or a bearer token to state or CLI output", async () => {
    const text = out.text() + (await s.stateText());
    expect(text).not.toContain(emu.info.apiKey);
    expect(text).not.toMatch(/Bearer\s+[A-Za-z0-9]/);
  });
});

describe("ibm.QuantumSession credentials", () => {
  it("missing credentials fail at preview naming the env var, with no API call", async () => {
    const bare = await openStack("ibm", { QISKIT_IBM_URL: emu.info.url, IAM_URL: emu.info.iamUrl });
    try {
      await bare.setSessions({ qs: { backend: "ibm_fez" } });
      const before = emu.running.log.length;
      const err = await bare.stack.preview().catch((e) => e);
      expect(String(err.message)).toMatch(/QISKIT_IBM_TOKEN/);
      expect(String(err.message)).toMatch(/pulumi-sessions:ibmApiKey/);
      expect(emu.running.log.length).toBe(before);
    } finally {
      await bare.destroyAndRemove();
    }
  });

  it("a key set with `pulumi config set --secret` works and stays out of the state file", async () => {
    const cfg = await openStack("ibm", { QISKIT_IBM_URL: emu.info.url, IAM_URL: emu.info.iamUrl, QISKIT_IBM_INSTANCE: emu.info.instance });
    try {
      await cfg.stack.setConfig("pulumi-sessions:ibmApiKey", { value: emu.info.apiKey, secret: true });
      await cfg.setSessions({ qs: { backend: "ibm_kingston", pollIntervalMs: 100 } });
      const o = collect();
      await cfg.stack.up({ onOutput: o.onOutput });
      expect((await cfg.resourceIds("pulumi-nodejs:dynamic/ibm:QuantumSession")).qs).toBeTruthy();
      expect(o.text() + (await cfg.stateText())).not.toContain(emu.info.apiKey);
    } finally {
      await cfg.destroyAndRemove();
    }
  });
});
