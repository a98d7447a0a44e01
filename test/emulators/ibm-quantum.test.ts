import * as path from "node:path";
import { manualClock } from "../../emulators/core/clock";
import { IBM_DEMO, startIbmQuantumEmulator } from "../../emulators/ibm-quantum";
import { isPending } from "../../emulators/ibm-quantum/state";
import { tempDir } from "../support/tmp";

const clock = manualClock(Date.UTC(2026, 10, 1));
let emu: Awaited<ReturnType<typeof startIbmQuantumEmulator>>;
let token: string;

const iam = (apikey: string) =>
  fetch(`${emu.info.iamUrl}/identity/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=${apikey}` });
const api = (p: string, init: RequestInit = {}, headers: Record<string, string> = {}) =>
  fetch(`${emu.info.url}${p}`, { ...init, headers: { authorization: `Bearer ${token}`, "service-crn": IBM_DEMO.instance, "content-type": "application/json", ...headers } });
const create = async (body: Record<string, unknown> = { mode: "dedicated", backend: "ibm_fez" }) => (await api("/sessions", { method: "POST", body: JSON.stringify(body) })).json();
const get = async (id: string) => (await api(`/sessions/${id}`)).json();
const job = (id: string) => api("/jobs", { method: "POST", body: JSON.stringify({ program_id: "sampler", backend: "ibm_fez", session_id: id, params: {} }) });

beforeAll(async () => {
  emu = await startIbmQuantumEmulator({ port: 0, clock, jobDurationMs: 10_000, interactiveTtlSeconds: 60, tokenLifetimeSeconds: 3600 });
  token = (await (await iam(IBM_DEMO.apiKey)).json()).access_token;
});
afterAll(() => emu.running.close());

describe("IBM Quantum emulator", () => {
  it("issues IAM tokens in IAM's shape and rejects unknown keys in IAM's shape", async () => {
    const body = await (await iam(IBM_DEMO.apiKey)).json();
    expect(body).toMatchObject({ access_token: expect.any(String), refresh_token: expect.any(String), token_type: "Bearer", expires_in: 3600, expiration: expect.any(Number) });
    const bad = await iam("nope");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errorCode: "BXNIM0415E", errorMessage: expect.any(String) });
  });

  it("issues access tokens that are JWTs, as IBM's are, whose exp and iat agree with expires_in and expiration", async () => {
    const body = await (await iam(IBM_DEMO.apiKey)).json();
    const parts = String(body.access_token).split(".");
    expect(parts).toHaveLength(3);
    const header = JSON.parse(Buffer.from(parts[0], "base64url").toString());
    const claims = JSON.parse(Buffer.from(parts[1], "base64url").toString());
    expect(header).toMatchObject({ alg: "RS256", kid: expect.any(String) });
    expect(claims).toMatchObject({ iam_id: expect.stringMatching(/^iam-/), account: { bss: expect.any(String) }, grant_type: "urn:ibm:params:oauth:grant-type:apikey" });
    expect(claims.exp - claims.iat).toBe(body.expires_in);
    expect(claims.exp).toBe(body.expiration);
    expect(claims.iat).toBe(Math.floor(clock.now() / 1000));
  });

  it("accepts the apikey authorization scheme the API also takes, and refuses a bad key with IBM's 401", async () => {
    const ok = await api("/sessions", { method: "POST", body: JSON.stringify({ mode: "batch", backend: "ibm_fez" }) }, { authorization: `apikey ${IBM_DEMO.apiKey}` });
    expect(ok.status).toBe(200);
    const bad = await api("/sessions", { method: "POST", body: JSON.stringify({ mode: "batch", backend: "ibm_fez" }) }, { authorization: "apikey not-a-key" });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ errors: [{ code: 1201, message: "Invalid API key." }], trace: expect.any(String) });
  });

  it("answers with a full JobSession in the seed's shape", async () => {
    const s = await create();
    for (const key of ["id", "backend_name", "started_at", "activated_at", "closed_at", "last_job_started", "last_job_completed", "interactive_ttl", "max_ttl", "active_ttl", "state", "state_reason", "accepting_jobs", "mode", "timestamps", "user_id", "elapsed_time"]) {
      expect(s).toHaveProperty(key);
    }
    expect(s).toMatchObject({ id: expect.stringMatching(/^[a-z0-9]{20}$/), state: "open", backend_name: null, accepting_jobs: true, max_ttl: 28800, timestamps: [{ status: "open" }] });
  });

  it("requires a valid token and the instance CRN", async () => {
    expect((await api("/sessions/x", {}, { authorization: "Bearer nope" })).status).toBe(401);
    const noCrn = await fetch(`${emu.info.url}/sessions/x`, { headers: { authorization: `Bearer ${token}` } });
    expect(noCrn.status).toBe(400);
    expect((await api("/sessions/x", {}, { "service-crn": "crn:v1:other" })).status).toBe(403);
  });

  it("expires tokens on its clock", async () => {
    const short = (await (await iam(IBM_DEMO.apiKey)).json()).access_token;
    clock.advance(3601_000);
    const res = await fetch(`${emu.info.url}/sessions/x`, { headers: { authorization: `Bearer ${short}`, "service-crn": IBM_DEMO.instance } });
    expect(res.status).toBe(401);
    token = (await (await iam(IBM_DEMO.apiKey)).json()).access_token;
  });

  it("answers unknown ids and bad bodies with IBM's error container", async () => {
    const missing = await api("/sessions/doesnotexist00000000");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ errors: [{ code: expect.any(Number), message: expect.any(String), more_info: expect.any(String) }], trace: expect.any(String) });
    expect((await api("/sessions", { method: "POST", body: JSON.stringify({ mode: "foo" }) })).status).toBe(400);
    expect((await api("/sessions", { method: "POST", body: JSON.stringify({ mode: "batch", max_ttl: -1 }) })).status).toBe(400);
  });

  it("goes active with a job, inactive after the interactive TTL, and active again with a new job", async () => {
    const s = await create();
    expect((await job(s.id)).status).toBe(200);
    expect(await get(s.id)).toMatchObject({ state: "active", backend_name: "ibm_fez", activated_at: expect.any(String) });
    clock.advance(10_000 + 61_000);
    expect((await get(s.id)).state).toBe("inactive");
    await job(s.id);
    const again = await get(s.id);
    expect(again.state).toBe("active");
    expect(again.timestamps.map((t: { status: string }) => t.status)).toEqual(["open", "active", "inactive", "active"]);
  });

  it("closes when max_ttl, counted from the first job, is reached", async () => {
    const s = await create({ mode: "batch", backend: "ibm_fez", max_ttl: 30 });
    clock.advance(120_000);
    expect((await get(s.id)).state).toBe("open");
    await job(s.id);
    clock.advance(31_000);
    expect(await get(s.id)).toMatchObject({ state: "closed", state_reason: expect.stringMatching(/max_ttl/) });
  });

  it("drains on accepting_jobs=false: stays while a job runs, then closes", async () => {
    const s = await create();
    await job(s.id);
    expect((await api(`/sessions/${s.id}`, { method: "PATCH", body: JSON.stringify({ accepting_jobs: false }) })).status).toBe(204);
    expect(await get(s.id)).toMatchObject({ state: "active", accepting_jobs: false });
    expect((await job(s.id)).status).toBe(400);
    clock.advance(10_000);
    expect((await get(s.id)).state).toBe("closed");
  });

  it("closes at once on accepting_jobs=false with no jobs", async () => {
    const s = await create();
    await api(`/sessions/${s.id}`, { method: "PATCH", body: JSON.stringify({ accepting_jobs: false }) });
    expect((await get(s.id)).state).toBe("closed");
  });

  it("cancel (DELETE …/close) cancels queued jobs and closes", async () => {
    const s = await create();
    await job(s.id);
    await job(s.id);
    expect((await api(`/sessions/${s.id}/close`, { method: "DELETE" })).status).toBe(204);
    expect((await get(s.id)).state).toBe("closed");
    const jobs = (await (await api(`/jobs?session_id=${s.id}`)).json()).jobs.map((j: { status: string }) => j.status);
    expect(jobs).toContain("Cancelled");
  });

  it("records IBM-API-Version in its request log and accepts a request without it", async () => {
    await api("/sessions/x", {}, { "IBM-API-Version": "2026-04-15" });
    expect(emu.running.log.filter((e) => e.path === "/api/v1/sessions/x").map((e) => e.headers["ibm-api-version"])).toContain("2026-04-15");
  });

  it("serves fault rules with IBM's error body", async () => {
    emu.running.addFault({ method: "POST", path: "^/api/v1/sessions$", status: 503 });
    const res = await api("/sessions", { method: "POST", body: JSON.stringify({ mode: "batch", backend: "ibm_fez" }) });
    expect(res.status).toBe(503);
    expect((await res.json()).errors[0]).toMatchObject({ code: expect.any(Number) });
  });

  it("keeps its sessions across a restart with a state file", async () => {
    const file = path.join(tempDir("ps-ibm-state-"), "ibm-quantum.json");
    const a = await startIbmQuantumEmulator({ port: 0, clock, stateFile: file });
    const t = (await (await fetch(`${a.info.iamUrl}/identity/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=${IBM_DEMO.apiKey}` })).json()).access_token;
    const s = await (await fetch(`${a.info.url}/sessions`, { method: "POST", headers: { authorization: `Bearer ${t}`, "service-crn": IBM_DEMO.instance, "content-type": "application/json" }, body: JSON.stringify({ mode: "batch", backend: "ibm_fez" }) })).json();
    await a.running.close();
    const b = await startIbmQuantumEmulator({ port: 0, clock, stateFile: file });
    expect(Object.keys(b.emulator.state.current.sessions)).toContain(s.id);
    await b.running.close();
  });
  it("answers backend questions for its QPUs and IBM's 404 for any other", async () => {
    const list = await (await api("/backends")).json();
    expect(list.devices.map((d: { name: string }) => d.name)).toEqual(["ibm_fez", "ibm_torino", "ibm_kingston", "ibm_marrakesh"]);
    const config = await (await api("/backends/ibm_fez/configuration")).json();
    expect(config).toMatchObject({ backend_name: "ibm_fez", n_qubits: 156, simulator: false, basis_gates: ["cz", "id", "rz", "sx", "x"] });
    expect(config.coupling_map).toHaveLength(2 * 155);
    const queued = emu.emulator.state.current.jobs.filter((j) => j.backend === "ibm_fez" && isPending(j)).length;
    expect(await (await api("/backends/ibm_fez/status")).json()).toMatchObject({ state: true, status: "active", length_queue: queued });
    const props = await (await api("/backends/ibm_fez/properties")).json();
    expect(props.qubits).toHaveLength(156);
    const missing = await api("/backends/ibm_nowhere/configuration");
    expect(missing.status).toBe(404);
    expect((await missing.json()).errors[0]).toMatchObject({ code: 1404, message: "Backend not found: ibm_nowhere" });
  });

  it("lists API versions without auth, the client's pinned 2026-04-15 live", async () => {
    const res = await fetch(`${emu.info.url}/versions`);
    expect(res.status).toBe(200);
    expect((await res.json()).versions).toContainEqual({ version: "2026-04-15", status: "live" });
  });

  it("Global Search and Global Catalog take an IAM bearer token only, and find the instance on the Open plan", async () => {
    const search = (authorization: string, query = "service_name:quantum-computing") =>
      fetch(`${emu.info.globalSearchUrl}/v3/resources/search?limit=100`, { method: "POST", headers: { authorization, "content-type": "application/json" }, body: JSON.stringify({ query, fields: ["crn"] }) });
    expect((await search(`apikey ${IBM_DEMO.apiKey}`)).status).toBe(401);
    expect((await search("Bearer not-a-token")).status).toBe(401);
    const found = await (await search(`Bearer ${token}`)).json();
    expect(found.items).toEqual([expect.objectContaining({ crn: IBM_DEMO.instance, service_plan_unique_id: expect.any(String) })]);
    expect((await (await search(`Bearer ${token}`, "service_name:cloud-object-storage")).json()).items).toEqual([]);
    const plan = await fetch(`${emu.info.globalCatalogUrl}/${found.items[0].service_plan_unique_id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(await plan.json()).toMatchObject({ overview_ui: { en: { display_name: "Open" } }, metadata: { pricing: { type: "free" } } });
    expect((await fetch(`${emu.info.globalCatalogUrl}/no-such-plan`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
  });
});
