import { IBM_DEMO, startIbmQuantumEmulator } from "../../emulators/ibm-quantum";
import { manualClock } from "../../emulators/core/clock";
import { withWarnings } from "../../provider/core/log";
import { providerEnv } from "../support/emulators";
import { handlers as handlersOf } from "../../provider";
const handlers = handlersOf("ibm");
import * as auth from "../../provider/ibm/auth";
import { DeadlineError, withDeadline } from "../../provider/core/deadline";

/** The IBM handlers against the in-process emulator (no engine): the wrapper's contract. */
let emu: Awaited<ReturnType<typeof startIbmQuantumEmulator>>;
const saved = { ...process.env };

beforeAll(async () => {
  emu = await startIbmQuantumEmulator({ port: 0, jobDurationMs: 60_000 });
  Object.assign(process.env, {
    QISKIT_IBM_URL: emu.info.url,
    IAM_URL: emu.info.iamUrl,
    QISKIT_IBM_TOKEN: emu.info.apiKey,
    QISKIT_IBM_INSTANCE: emu.info.instance,
  });
});
afterAll(async () => {
  process.env = saved;
  await emu.running.close();
});
beforeEach(() => auth.clearTokenCache());

const inputs = async (extra: Record<string, unknown> = {}) => (await handlers.check({}, { backend: "ibm_fez", pollIntervalMs: 20, waitTimeoutSeconds: 5, ...extra })).inputs as Record<string, unknown>;

describe("IBM Quantum handlers", () => {
  it("create takes a live session from the create's answer, with no read after it, and returns plain JSON outputs", async () => {
    const { id, outs } = await handlers.create(await inputs());
    expect(id).toMatch(/^[a-z0-9]{20}$/);
    expect(outs).toMatchObject({ id, state: "open", acceptingJobs: true, mode: "dedicated", providerVersion: expect.any(String) });
    expect(JSON.parse(JSON.stringify(outs))).toEqual(outs);
    expect(emu.running.log.filter((e) => e.path.includes(id)).map((e) => e.method)).toEqual([]);
  });

  it("create reads the session when a later step changed it (a drain asked for at create)", async () => {
    const { id, outs } = await handlers.create(await inputs({ acceptingJobs: false }));
    expect(outs).toMatchObject({ id, state: "closed", acceptingJobs: false });
    expect(emu.running.log.filter((e) => e.path.includes(id)).map((e) => e.method)).toEqual(["PATCH", "GET"]);
  });

  it("sends the pinned IBM-API-Version and the instance CRN", async () => {
    await handlers.create(await inputs());
    const post = emu.running.log.filter((e) => e.method === "POST" && e.path === "/api/v1/sessions").pop()!;
    expect(post.headers).toMatchObject({ "ibm-api-version": "2026-04-15", "service-crn": emu.info.instance });
  });

  it("asks IAM for one token per process, not one per resource", async () => {
    const before = auth.iamRequestCount;
    await Promise.all([1, 2, 3].map(async () => handlers.create(await inputs())));
    expect(auth.iamRequestCount - before).toBe(1);
  });

  it("runs the shared IAM token request under its own bound: a short deadline fails only its own resource", async () => {
    emu.running.addFault({ path: "^/identity/token$", mode: "latency", delayMs: 1500, times: 1 });
    const hook = auth.iamAuth(emu.info.iamUrl, emu.info.apiKey);
    const req = () => ({ method: "GET", url: new URL(emu.info.url), headers: {} as Record<string, string> });
    const short = req();
    const long = req();
    const [a, b] = await Promise.allSettled([
      withDeadline(Date.now() + 300, async () => hook.apply(short), "customTimeouts.create"),
      withDeadline(Date.now() + 20_000, async () => hook.apply(long)),
    ]);
    expect(a.status).toBe("rejected");
    expect((a as PromiseRejectedResult).reason).toBeInstanceOf(DeadlineError);
    expect(String((a as PromiseRejectedResult).reason.message)).toMatch(/deadline set by customTimeouts\.create/);
    expect(b.status).toBe("fulfilled");
    expect(long.headers.authorization).toMatch(/^Bearer /);
  });

  it("fetches a new token when the cached one expired", async () => {
    await handlers.create(await inputs());
    const before = auth.iamRequestCount;
    // Past the 1 h token life: the API answers 401, the client re-authenticates once.
    emu.running.clock.advance(2 * 3600_000);
    const { outs } = await handlers.create(await inputs());
    expect(outs).toMatchObject({ state: "open" });
    expect(auth.iamRequestCount - before).toBe(1);
  });

  it("read returns an empty id for a session closed while it should accept jobs", async () => {
    const { id, outs } = await handlers.create(await inputs());
    await fetch(`${emu.running.origin}/_emulator/ibm/sessions/${id}/close`, { method: "POST" });
    expect((await handlers.read(id, outs as Record<string, unknown>)).id).toBe("");
  });

  it("refresh keeps the version of the provider code stored in state, so the next up still updates it", async () => {
    const { id, outs } = await handlers.create(await inputs());
    const read = await handlers.read(id, { ...(outs as Record<string, unknown>), providerVersion: "0.1.0" });
    expect(read.props).toMatchObject({ id, providerVersion: "0.1.0" });
    expect(await handlers.diff(id, read.props as Record<string, unknown>, await inputs())).toMatchObject({ changes: true, replaces: [] });
  });

  it("read returns an empty id for a session IBM no longer knows", async () => {
    const { outs } = await handlers.create(await inputs());
    expect((await handlers.read("nosuchsession000000", outs as Record<string, unknown>)).id).toBe("");
  });

  it("read reports accepting_jobs drift as a changed input", async () => {
    const { id, outs } = await handlers.create(await inputs());
    const token = (await (await fetch(`${emu.info.iamUrl}/identity/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=${emu.info.apiKey}` })).json()) as { access_token: string };
    // Someone submits a job then flips accepting_jobs outside Pulumi.
    await fetch(`${emu.running.origin}/_emulator/ibm/sessions/${id}/jobs`, { method: "POST" });
    await fetch(`${emu.info.url}/sessions/${id}`, { method: "PATCH", headers: { authorization: `Bearer ${token.access_token}`, "service-crn": emu.info.instance, "content-type": "application/json" }, body: JSON.stringify({ accepting_jobs: false }) });
    const r = await handlers.read(id, outs as Record<string, unknown>);
    expect(r.id).toBe(id);
    expect(r.inputs).toMatchObject({ acceptingJobs: false });
  });

  it("delete with deleteBehavior=cancel cancels queued jobs and closes", async () => {
    const { id, outs } = await handlers.create(await inputs({ deleteBehavior: "cancel" }));
    await fetch(`${emu.running.origin}/_emulator/ibm/sessions/${id}/jobs`, { method: "POST" });
    await fetch(`${emu.running.origin}/_emulator/ibm/sessions/${id}/jobs`, { method: "POST" });
    await handlers.delete(id, outs as Record<string, unknown>);
    expect(emu.running.log.some((e) => e.method === "DELETE" && e.path === `/api/v1/sessions/${id}/close`)).toBe(true);
    const snap = (await (await fetch(`${emu.running.origin}/_emulator/state`)).json()) as { sessions: { id: string; state: string }[] };
    expect(snap.sessions.find((x) => x.id === id)?.state).toBe("closed");
  });

  it("delete treats an unknown session as already gone", async () => {
    const { outs } = await handlers.create(await inputs());
    await expect(handlers.delete("nosuchsession000000", outs as Record<string, unknown>)).resolves.toBeUndefined();
  });

  it("a wait timeout throws the init-error shape with the id, outputs and provider kept", async () => {
    emu.running.addFault({ method: "GET", path: "^/api/v1/sessions/[^/]+$", status: 404, times: 100 });
    try {
      // A drain at create changes the session, so the create's answer is stale and the wait reads.
      const err = await handlers.create({ ...(await inputs({ acceptingJobs: false })), __provider: "code" }).catch((e) => e);
      expect(err.id).toMatch(/^[a-z0-9]{20}$/);
      expect(err.properties).toMatchObject({ id: err.id, __provider: "code", backend: "ibm_fez" });
      expect(err.reasons[0]).toMatch(/no longer exists/);
    } finally {
      emu.running.faults.clear();
    }
  });

  it("a drain asked for at create that fails after the POST still records the session", async () => {
    emu.running.addFault({ method: "PATCH", path: "^/api/v1/sessions/", status: 500, times: 20 });
    try {
      const err = await handlers.create({ ...(await inputs({ acceptingJobs: false })), __provider: "code" }).catch((e) => e);
      expect(err.id).toMatch(/^[a-z0-9]{20}$/);
      expect(emu.emulator.state.current.sessions[err.id]).toBeDefined();
      expect(err.properties).toMatchObject({ id: err.id, initError: expect.stringMatching(/HTTP 500/), serviceCrn: emu.info.instance });
    } finally {
      emu.running.faults.clear();
    }
  });

  it("resuming after that init error drains the session it recorded, opening no other", async () => {
    emu.running.addFault({ method: "PATCH", path: "^/api/v1/sessions/", status: 500, times: 20 });
    const i = await inputs({ acceptingJobs: false });
    const err = await handlers.create(i).catch((e) => e);
    emu.running.faults.clear();
    const before = Object.keys(emu.emulator.state.current.sessions).length;
    const { outs } = await handlers.update(err.id, err.properties, i);
    expect(outs).toMatchObject({ id: err.id, state: "closed", acceptingJobs: false });
    expect(outs).not.toHaveProperty("initError");
    expect(Object.keys(emu.emulator.state.current.sessions)).toHaveLength(before);
  });

  it("read, update and delete address the instance the session was opened in, not a changed default", async () => {
    const { id, outs } = await handlers.create(await inputs());
    const other = emu.info.instance.replace("00000000-demo", "11111111-othr");
    process.env.QISKIT_IBM_INSTANCE = other;
    try {
      expect((await handlers.read(id, outs as Record<string, unknown>)).id).toBe(id);
      await handlers.delete(id, outs as Record<string, unknown>);
      expect(emu.emulator.state.current.sessions[id]).toMatchObject({ state: "closed" });
    } finally {
      process.env.QISKIT_IBM_INSTANCE = emu.info.instance;
    }
  });

  it("a drained session that closed since the last refresh is replaced, not patched, when it must accept jobs again", async () => {
    const i = await inputs();
    const { id, outs } = await handlers.create(i);
    const drained = (await handlers.update(id, outs as Record<string, unknown>, { ...i, acceptingJobs: false })).outs as Record<string, unknown>;
    expect(drained).toMatchObject({ state: "closed" });
    // The stored state says "open" (as if refreshed before the drain finished).
    const stale = { ...drained, state: "open" };
    expect(await handlers.diff(id, stale, { ...i, acceptingJobs: true })).toMatchObject({ changes: true, replaces: ["acceptingJobs"] });
  });

  it("sends the create again after a 5xx, which IBM documents as safe to retry: one session", async () => {
    const before = Object.keys(emu.emulator.state.current.sessions).length;
    const posts = () => emu.running.log.filter((e) => e.method === "POST" && e.path === "/api/v1/sessions");
    const sent = posts().length;
    emu.running.addFault({ method: "POST", path: "^/api/v1/sessions$", status: 500, times: 1 });
    const { id } = await handlers.create(await inputs());
    expect(posts().slice(sent).map((e) => e.status)).toEqual([500, 200]);
    expect(Object.keys(emu.emulator.state.current.sessions)).toHaveLength(before + 1);
    expect(emu.emulator.state.current.sessions[id]).toBeDefined();
  });

  it("a create refused by IBM names status, code, request id and the fix", async () => {
    const err = await handlers.create(await inputs({ backend: "ibm_nonexistent" })).catch((e) => e);
    expect(err.code).toBe("PS_API_ERROR");
    expect(err.message).toMatch(/cannot create IBM Quantum session: create IBM Quantum session failed: HTTP 400, code 1211: Backend ibm_nonexistent is not available/);
    expect(err.message).toMatch(/request id \w+/);
  });
});

describe("IBM Quantum create whose answer is lost", () => {
  afterEach(() => emu.running.faults.clear());
  const sessionsOnEmulator = () => Object.keys(emu.emulator.state.current.sessions);
  /** Opens a session directly, as another pipeline would, with `apiKey`'s identity. */
  const openAs = async (apiKey: string, backend: string, extra: Record<string, unknown> = {}) =>
    (await fetch(`${emu.info.url}/sessions`, {
      method: "POST",
      headers: { authorization: `Bearer ${await bearer(apiKey)}`, "service-crn": emu.info.instance, "content-type": "application/json" },
      body: JSON.stringify({ mode: "dedicated", backend, ...extra }),
    }).then((r) => r.json())) as { id: string };
  /** Our create's answer is lost after IBM made the session; `meanwhile` runs while the request is in flight. */
  const lostCreate = async (backend: string, meanwhile: () => Promise<unknown> = async () => undefined, extra: Record<string, unknown> = {}) => {
    emu.running.addFault({ method: "POST", path: "^/api/v1/sessions$", mode: "reset-after-handler", delayMs: 600 });
    const create = handlers.create(await inputs({ backend, ...extra })).then(
      (r) => r,
      (e) => e as Error & { code?: string; id?: string },
    );
    await meanwhile();
    return create;
  };
  const whileInFlight = (f: () => Promise<unknown>) => async () => {
    await new Promise((r) => setTimeout(r, 100)); // our POST has been sent and waits in the emulator for 600 ms
    await f();
  };

  it("finds the session the lost POST made and carries on with it, saying so in an output and a warning", async () => {
    const before = sessionsOnEmulator();
    const warnings: string[] = [];
    const made = await withWarnings(async (m) => void warnings.push(m), () => lostCreate("ibm_kingston"));
    const { id, outs } = made as { id: string; outs: Record<string, unknown> };
    expect(sessionsOnEmulator().filter((x) => !before.includes(x))).toEqual([id]);
    expect(outs.createRecovery).toMatch(new RegExp(`session ${id} is the only dedicated session on ibm_kingston .* opened by this API key's identity between .* \\(IBM's clock\\)`));
    expect(warnings).toEqual([expect.stringContaining(`IBM Quantum session ${id}: the answer to the create was lost`)]);
  });

  it("never takes a colleague's session opened on the same backend while the request was in flight", async () => {
    let colleague = "";
    const made = await lostCreate("ibm_fez", whileInFlight(async () => (colleague = (await openAs(IBM_DEMO.colleagueApiKey, "ibm_fez")).id)));
    const { id } = made as { id: string };
    expect(colleague).not.toBe("");
    expect(id).not.toBe(colleague);
    expect(emu.emulator.state.current.sessions[id].userId).not.toBe(emu.emulator.state.current.sessions[colleague].userId);
  });

  it("fails naming both, and takes neither, when two sessions of this identity were opened while the request was in flight", async () => {
    let other = "";
    const err = (await lostCreate("ibm_torino", whileInFlight(async () => (other = (await openAs(emu.info.apiKey, "ibm_torino")).id)))) as Error & { code: string; id?: string };
    expect(err.code).toBe("PS_UNKNOWN_OUTCOME");
    expect(err.message).toMatch(/2 sessions could be the one it made/);
    expect(err.message).toContain(other);
    expect(err.message).toMatch(/pulumi import sessions:ibm:QuantumSession <name> crn:v1:.*\//);
    expect(err.message).toMatch(/Session\.from_id\(/);
    expect(err.id).toBeUndefined();
  });

  it("names the one session and takes nothing when adopting lost creates is turned off", async () => {
    const err = (await lostCreate("ibm_marrakesh", undefined, { adoptLostCreate: false })) as Error & { code: string; id?: string };
    expect(err.code).toBe("PS_UNKNOWN_OUTCOME");
    expect(err.message).toMatch(/adopting a lost create is turned off/);
    expect(err.id).toBeUndefined();
    process.env.PULUMI_SESSIONS_IBM_ADOPT_LOST_CREATES = "false";
    try {
      const again = (await lostCreate("ibm_marrakesh")) as Error & { code: string };
      expect(again.code).toBe("PS_UNKNOWN_OUTCOME");
    } finally {
      delete process.env.PULUMI_SESSIONS_IBM_ADOPT_LOST_CREATES;
    }
  });

  it("keeps saying a session may exist, and why it could not be checked, when the listing fails too", async () => {
    emu.running.addFault({ method: "GET", path: "^/api/v1/workloads", status: 500, times: 10 });
    const err = (await lostCreate("ibm_kingston")) as Error & { code: string; id?: string };
    expect(err.code).toBe("PS_UNKNOWN_OUTCOME");
    expect(err.message).toMatch(/may have been opened, and it could not be looked for: list IBM Quantum sessions failed: HTTP 500/);
    expect(err.message).toMatch(/IBM Quantum Platform \(Workloads\)/);
    expect(err.id).toBeUndefined();
  });

  it("sends the POST again when the lost one made nothing", async () => {
    const before = sessionsOnEmulator();
    emu.running.addFault({ method: "POST", path: "^/api/v1/sessions$", mode: "reset-before-handler" });
    const { id } = await handlers.create(await inputs({ backend: "ibm_kingston" }));
    expect(sessionsOnEmulator().filter((x) => !before.includes(x))).toEqual([id]);
  });

  it("keeps parallel creates apart: each resource gets its own session", async () => {
    const before = sessionsOnEmulator();
    emu.running.addFault({ method: "POST", path: "^/api/v1/sessions$", mode: "reset-after-handler" });
    const ids = await Promise.all([1, 2, 3].map(async () => (await handlers.create(await inputs({ backend: "ibm_marrakesh" }))).id));
    expect(new Set(ids).size).toBe(3);
    expect(sessionsOnEmulator().filter((x) => !before.includes(x)).sort()).toEqual([...ids].sort());
  });
});

describe("IBM Quantum create whose answer is lost, on IBM's clock", () => {
  let clocked: Awaited<ReturnType<typeof startIbmQuantumEmulator>>;
  const clock = manualClock(Date.now() - 3_600_000); // IBM's clock an hour behind this machine's
  beforeAll(async () => {
    clocked = await startIbmQuantumEmulator({ port: 0, clock });
  });
  afterAll(() => clocked.running.close());

  it("never takes a session of the same identity created before the request was sent, however the clocks differ", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, providerEnv({ ibm: clocked }));
    try {
      const earlier = await fetch(`${clocked.info.url}/sessions`, {
        method: "POST",
        headers: { authorization: `Bearer ${await bearer(clocked.info.apiKey, clocked.info.iamUrl)}`, "service-crn": clocked.info.instance, "content-type": "application/json" },
        body: JSON.stringify({ mode: "dedicated", backend: "ibm_fez" }),
      }).then((r) => r.json());
      clock.advance(5_000);
      clocked.running.addFault({ method: "POST", path: "^/api/v1/sessions$", mode: "reset-before-handler" });
      const { id } = await handlers.create(await inputs({ backend: "ibm_fez" }));
      expect(id).not.toBe(earlier.id);
      expect(clocked.running.log.filter((e) => e.method === "POST" && e.path === "/api/v1/sessions").map((e) => e.status)).toEqual([200, 0, 200]);
    } finally {
      process.env = saved;
    }
  });
});

async function bearer(apiKey = emu.info.apiKey, iamUrl = emu.info.iamUrl): Promise<string> {
  const res = await fetch(`${iamUrl}/identity/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: `grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=${apiKey}`,
  });
  return (await res.json()).access_token;
}
