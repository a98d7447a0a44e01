import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { IBM_DEMO, startIbmQuantumEmulator } from "../../emulators/ibm-quantum";
import { qiskitVenv } from "../support/venvs";
import { tempDir } from "../support/tmp";

/**
 * IBM's own client, qiskit-ibm-runtime (pinned in requirements-qiskit.txt), unmodified,
 * against the IBM emulator: the README's snippet as printed there, and the client's session
 * operations (qiskit_session_ops.py), checked by what the client reports.
 */
const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "../..");
const venv = qiskitVenv();
const suite = venv ? describe : describe.skip;
if (!venv) console.warn("qiskit-ibm-runtime conformance suite skipped: no python3 on this machine (install Python 3.10+ to run it)");

let emu: Awaited<ReturnType<typeof startIbmQuantumEmulator>>;
const origin = () => emu.running.origin;
const python = (args: string[], env: Record<string, string>) =>
  run(path.join(venv!, "bin", "python"), args, { env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env }, timeout: 120_000 });
const stored = (id: string) => emu.emulator.state.current.sessions[id];

/** The first ```python block of the README's Qiskit section. */
function readmeSnippet(): string {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const section = readme.split("\n## Test your Qiskit code against the emulator in your CI\n")[1];
  const code = /```python\n([\s\S]*?)```/.exec(section ?? "");
  if (!code) throw new Error("README: no python snippet under 'Test your Qiskit code against the emulator in your CI'");
  return code[1];
}

suite("qiskit-ibm-runtime against the IBM emulator", () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let seen: Record<string, any>;

  beforeAll(async () => {
    // Jobs queued through the control endpoint keep running for the whole script, so "draining" is observable.
    emu = await startIbmQuantumEmulator({ port: 0, jobDurationMs: 10 * 60_000 });
    const { stdout } = await python([path.join(__dirname, "qiskit_session_ops.py")], {
      IBM_EMULATOR: origin(),
      QISKIT_IBM_TOKEN: IBM_DEMO.apiKey,
      QISKIT_IBM_INSTANCE: IBM_DEMO.instance,
    });
    seen = JSON.parse(stdout.trim().split("\n").pop()!);
  }, 180_000);
  afterAll(() => emu?.running.close());

  it("the README snippet, pasted as is, opens and closes a session", async () => {
    const dir = tempDir("ps-qiskit-");
    const file = path.join(dir, "snippet.py");
    fs.writeFileSync(file, readmeSnippet());
    const { stdout } = await python([file], { IBM_EMULATOR: origin() });
    const m = /^opened ([a-z0-9]{20}) Pending\nclosed Closed\n$/.exec(stdout);
    expect(m).not.toBeNull();
    expect(stored(m![1])).toMatchObject({ state: "closed", acceptingJobs: false, backend: "ibm_fez", maxTtl: 600, mode: "dedicated" });
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it("finds the instance through Global Search and its plan through Global Catalog", () => {
    expect(seen.instances).toEqual([{ crn: IBM_DEMO.instance, plan: "open", name: "pulumi-sessions-emulator", tags: [], pricing_type: "free" }]);
  });

  it("lists the backends and builds a backend from their configuration, status and calibration", () => {
    expect(seen.backends).toEqual({
      names: ["ibm_fez", "ibm_torino", "ibm_kingston", "ibm_marrakesh"],
      num_qubits: 133,
      target_qubits: 133,
      operational: true,
      pending_jobs: 0,
      t1_q0: expect.any(Number),
    });
    expect(seen.backends.t1_q0).toBeGreaterThan(1e-5);
  });

  it("reports the instance's usage against the Open plan's allowance", () => {
    expect(seen.usage).toEqual({ usage_limit_seconds: 600, usage_remaining_seconds: 600, usage_limit_reached: false });
  });

  it("a Session opens pending, runs, drains on close and ends on cancel", () => {
    const s = seen.session;
    expect(s.id).toMatch(/^[a-z0-9]{20}$/);
    expect(s.opened).toMatchObject({ id: s.id, mode: "dedicated", max_time: 600, state: "open", accepting_jobs: true, backend_name: null });
    expect(s.status_opened).toBe("Pending");
    expect(s.status_running).toBe("In progress, accepting new jobs");
    expect(s.from_id).toEqual({ id: s.id, backend: "ibm_fez" });
    expect(s.after_close).toEqual({ state: "active", accepting_jobs: false });
    expect(s.status_draining).toBe("In progress, not accepting new jobs");
    expect(s.after_cancel).toEqual({ state: "closed", accepting_jobs: false });
    expect(s.status_cancelled).toBe("Closed");
    expect(stored(s.id)).toMatchObject({ state: "closed", backend: "ibm_fez" });
  });

  it("Session.from_id on a session that never ran says the backend is unknown (IBMRuntimeError)", () => {
    expect(seen.session.from_id_while_open).toEqual({ type: "IBMRuntimeError", message: expect.stringContaining("The backend of this session is unknown") });
  });

  it("a Session used as a context manager is closed when the block ends", () => {
    const s = seen.session_context_manager;
    expect(s).toMatchObject({ inside: "Pending", after: "Closed", details: { state: "closed", accepting_jobs: false, backend_name: "ibm_kingston" } });
    expect(stored(s.id).state).toBe("closed");
  });

  it("a Batch opens in batch mode, is refused as a Session, and cancels", () => {
    const b = seen.batch;
    expect(b).toMatchObject({ mode: "batch", max_time: 28800, from_id_as_batch: b.id, after_cancel: { state: "closed", accepting_jobs: false } });
    expect(b.from_id_as_session).toEqual({ type: "IBMInputValueError", message: expect.stringContaining("has execution mode batch instead of dedicated") });
    expect(stored(b.id)).toMatchObject({ mode: "batch", state: "closed" });
  });

  it("errors reach the client as its own exception types", () => {
    const e = seen.errors;
    expect(e.unknown_session).toEqual({ type: "IBMInputValueError", message: expect.stringContaining("Session not found") });
    expect(e.unknown_session.message).toContain('"code":1217');
    expect(e.unknown_backend).toEqual({ type: "QiskitBackendNotFoundError", message: expect.stringContaining("No backend matches") });
    expect(e.bad_api_key).toEqual({ type: "InvalidAccountError", message: expect.stringContaining("Unable to retrieve instances") });
    expect(e.instance_not_in_account).toEqual({ type: "IBMInputValueError", message: expect.stringContaining("does not have access to the instance") });
  });

  it("every request the client made carried the IBM-API-Version it pins and was answered without a server error", () => {
    const log = emu.running.log;
    const api = log.filter((r) => r.path.startsWith("/api/v1/") && r.path !== "/api/v1/versions");
    expect(api.length).toBeGreaterThan(20);
    expect(new Set(api.map((r) => r.headers["ibm-api-version"]))).toEqual(new Set(["2026-04-15"]));
    expect(log.filter((r) => r.status >= 500)).toEqual([]);
  });
});
