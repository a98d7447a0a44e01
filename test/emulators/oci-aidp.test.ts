import { sign } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigFileAuthenticationDetailsProvider, DefaultRequestSigner } from "oci-common";
import { request } from "undici";
import { manualClock } from "../../emulators/core/clock";
import { OCI_DEMO, startOciAidpEmulator } from "../../emulators/oci-aidp";
import { demoCredentials } from "../../emulators/oci-aidp/demo-key";
import { tempDir } from "../support/tmp";

/** The OCI emulator, driven by requests signed with the official oci-common signer. */
const clock = manualClock(Date.now());
let emu: Awaited<ReturnType<typeof startOciAidpEmulator>>;
let signer: DefaultRequestSigner;
let base: string;

async function send(method: string, p: string, body?: unknown, extra: Record<string, string> = {}, tamper?: (h: Headers) => void) {
  const text = body === undefined ? undefined : JSON.stringify(body);
  const headers = new Headers({ "content-type": "application/json", ...extra });
  const uri = `${base}${p}`;
  await signer.signHttpRequest({ method: method as never, uri, headers, body: text });
  tamper?.(headers);
  return fetch(uri, { method, headers, body: tamper && text ? text.replace("a", "b") : text });
}

beforeAll(async () => {
  emu = await startOciAidpEmulator({ port: 0, clock, activationDelayMs: 1000 });
  signer = new DefaultRequestSigner(new ConfigFileAuthenticationDetailsProvider(emu.info.configFile, "DEFAULT"));
  base = emu.info.url;
});
afterAll(() => emu.running.close());
const P = `/20260430/aiDataPlatforms/${OCI_DEMO.aiDataPlatformId}/workspaces/${OCI_DEMO.workspaceKey}/notebook/api/sessions`;

describe("OCI AI Data Platform emulator", () => {
  it("accepts a request signed by oci-common", async () => {
    const res = await send("GET", P);
    expect(res.status).toBe(200);
    expect(res.headers.get("opc-request-id")).toBeTruthy();
  });

  it("rejects a tampered body, an unknown key, a skewed date and no signature with 401 NotAuthenticated", async () => {
    const tampered = await send("POST", P, { path: "a.ipynb" }, {}, () => undefined);
    expect(tampered.status).toBe(401);
    expect((await tampered.json()).code).toBe("NotAuthenticated");
    const other = demoCredentials(tempDir("ps-oci-other-"));
    const wrong = new DefaultRequestSigner(new ConfigFileAuthenticationDetailsProvider(other.configFile, "DEFAULT"));
    const h = new Headers();
    await wrong.signHttpRequest({ method: "GET" as never, uri: `${base}${P}`, headers: h });
    expect((await fetch(`${base}${P}`, { headers: h })).status).toBe(401);
    const skewed = await send("GET", P, undefined, { "x-date": new Date(clock.now() - 6 * 60_000).toUTCString() });
    expect(skewed.status).toBe(401);
    expect((await fetch(`${base}${P}`)).status).toBe(401);
  });

  it("rejects a replay signed over an old date with a fresh unsigned x-date added", async () => {
    // Sign over `date` only (as an old request would be), six minutes ago.
    // (oci-common always signs x-date, so this one is signed by hand, as an attacker would replay it.)
    const old = new Date(clock.now() - 6 * 60_000).toUTCString();
    const host = new URL(base).host;
    const text = `date: ${old}\n(request-target): get ${P}\nhost: ${host}`;
    const signature = sign("RSA-SHA256", Buffer.from(text), fs.readFileSync(emu.emulator.demo.keyFile)).toString("base64");
    const headers = new Headers({
      date: old,
      "x-date": new Date(clock.now()).toUTCString(),
      authorization: `Signature version="1",keyId="${emu.emulator.demo.keyId}",algorithm="rsa-sha256",headers="date (request-target) host",signature="${signature}"`,
    });
    const res = await fetch(`${base}${P}`, { headers });
    expect(res.status).toBe(401);
    expect((await res.json()).message).toMatch(/5 minutes/);
  });

  it("rejects a request whose signed host names another endpoint", async () => {
    const headers = new Headers();
    await signer.signHttpRequest({ method: "GET" as never, uri: `http://aidp.example:443${P}`, headers });
    // A validly signed request for another host, delivered here with its Host header intact.
    const res = await request(`${base}${P}`, { headers: { ...Object.fromEntries(headers), host: "aidp.example:443" } });
    expect(res.statusCode).toBe(401);
    expect(((await res.body.json()) as { message: string }).message).toMatch(/does not name this endpoint/);
  });

  it("a later activation-delay change does not turn an ACTIVE session back to CREATING", async () => {
    const s = await (await send("POST", P, { path: "nb/delay.ipynb" })).json();
    clock.advance(1500);
    expect((await (await send("GET", `${P}/${s.id}`)).json()).lifecycleState).toBe("ACTIVE");
    await fetch(`${emu.running.origin}/_emulator/oci/activation-delay`, { method: "POST", body: JSON.stringify({ ms: 3_600_000 }) });
    try {
      expect(await (await send("GET", `${P}/${s.id}`)).json()).toMatchObject({ lifecycleState: "ACTIVE", kernel: { execution_state: "idle" } });
    } finally {
      await fetch(`${emu.running.origin}/_emulator/oci/activation-delay`, { method: "POST", body: JSON.stringify({ ms: 1000 }) });
    }
  });

  it("creates CREATING, then ACTIVE with an idle kernel once time passes, shaped as the seeds", async () => {
    const res = await send("POST", P, { path: "nb/a.ipynb", name: "a", type: "notebook", kernel: { name: "python3" } });
    expect(res.status).toBe(201);
    expect(res.headers.get("etag")).toBeTruthy();
    expect(res.headers.get("location")).toContain("/sessions/");
    const s = await res.json();
    expect(s).toMatchObject({ id: expect.any(String), name: "a", path: "nb/a.ipynb", type: "notebook", lifecycleState: "CREATING", kernel: { id: expect.any(String), name: "python3", execution_state: "starting", last_activity: expect.stringMatching(/Z$/), connections: 0 } });
    clock.advance(1500);
    expect(await (await send("GET", `${P}/${s.id}`)).json()).toMatchObject({ lifecycleState: "ACTIVE", kernel: { execution_state: "idle" } });
  });

  it("returns the existing session for the same path", async () => {
    const a = await (await send("POST", P, { path: "nb/same.ipynb" })).json();
    const b = await (await send("POST", P, { path: "nb/same.ipynb" })).json();
    expect(b.id).toBe(a.id);
  });

  it("answers a repeated retry token from its idempotency store, and refuses it for another request", async () => {
    const body = { path: "nb/retry.ipynb" };
    const first = await send("POST", P, body, { "opc-retry-token": "tok-1" });
    const second = await send("POST", P, body, { "opc-retry-token": "tok-1" });
    expect((await second.json()).id).toBe((await first.json()).id);
    const entries = emu.running.log.filter((e) => e.headers["opc-retry-token"] === "tok-1");
    expect(entries).toHaveLength(2);
    expect(entries[1].note).toBe("answered from the idempotency store");
    const conflict = await send("POST", P, { path: "nb/other.ipynb" }, { "opc-retry-token": "tok-1" });
    expect(conflict.status).toBe(409);
    expect((await conflict.json()).code).toBe("InvalidatedRetryToken");
  });

  it("a create whose answer was lost is answered again, the same, for the same retry token", async () => {
    emu.running.addFault({ method: "POST", path: "/sessions$", mode: "reset-after-handler" });
    await expect(send("POST", P, { path: "nb/lost.ipynb" }, { "opc-retry-token": "tok-lost" })).rejects.toThrow();
    const again = await send("POST", P, { path: "nb/lost.ipynb" }, { "opc-retry-token": "tok-lost" });
    expect(again.status).toBe(201);
    expect(Object.values(emu.emulator.state.current.sessions).filter((s) => s.path === "nb/lost.ipynb")).toHaveLength(1);
    expect(emu.running.log.filter((e) => e.headers["opc-retry-token"] === "tok-lost").pop()?.note).toBe("answered from the idempotency store");
  });

  it("patches with if-match: a stale etag gets 412 NoEtagMatch", async () => {
    const res = await send("POST", P, { path: "nb/etag.ipynb", kernel: { name: "python3" } });
    const s = await res.json();
    const etag = res.headers.get("etag")!;
    const renamed = await send("PATCH", `${P}/${s.id}`, { name: "renamed" }, { "if-match": etag });
    expect(renamed.status).toBe(200);
    expect((await renamed.json()).id).toBe(s.id);
    const stale = await send("PATCH", `${P}/${s.id}`, { name: "again" }, { "if-match": etag });
    expect(stale.status).toBe(412);
    expect((await stale.json()).code).toBe("NoEtagMatch");
    const swapped = await (await send("PATCH", `${P}/${s.id}`, { kernel: { name: "python3-alt" } })).json();
    expect(swapped.kernel.id).not.toBe(s.kernel.id);
  });

  it("lists with filters and pages", async () => {
    for (const n of [1, 2, 3]) await send("POST", P, { path: `list/${n}.ipynb`, cluster_id: "c1" });
    const one = await (await send("GET", `${P}?path=list%2F2.ipynb`)).json();
    expect(one.items.map((s: { path: string }) => s.path)).toEqual(["list/2.ipynb"]);
    const page = await send("GET", `${P}?cluster_id=c1&limit=2`);
    expect((await page.json()).items).toHaveLength(2);
    expect(page.headers.get("opc-next-page")).toBe("2");
  });

  it("deletes with 204, after which the session is NotAuthorizedOrNotFound", async () => {
    const s = await (await send("POST", P, { path: "nb/del.ipynb" })).json();
    expect((await send("DELETE", `${P}/${s.id}`)).status).toBe(204);
    const gone = await send("GET", `${P}/${s.id}`);
    expect(gone.status).toBe(404);
    expect((await gone.json()).code).toBe("NotAuthorizedOrNotFound");
  });

  it("fails the next create on demand", async () => {
    await fetch(`${emu.running.origin}/_emulator/oci/fail-next-create`, { method: "POST" });
    const s = await (await send("POST", P, { path: "nb/fail.ipynb" })).json();
    expect((await (await send("GET", `${P}/${s.id}`)).json()).lifecycleState).toBe("FAILED");
  });

  it("keeps its sessions across a restart with a state file", async () => {
    const dir = tempDir("ps-oci-state-");
    const file = path.join(dir, "oci-aidp.json");
    const a = await startOciAidpEmulator({ port: 0, clock, stateFile: file, stateDir: dir });
    const sa = new DefaultRequestSigner(new ConfigFileAuthenticationDetailsProvider(a.info.configFile, "DEFAULT"));
    const h = new Headers({ "content-type": "application/json" });
    const body = JSON.stringify({ path: "kept.ipynb" });
    await sa.signHttpRequest({ method: "POST" as never, uri: `${a.info.url}${P}`, headers: h, body });
    const id = (await (await fetch(`${a.info.url}${P}`, { method: "POST", headers: h, body })).json()).id;
    await a.running.close();
    const b = await startOciAidpEmulator({ port: 0, clock, stateFile: file, stateDir: dir });
    expect(Object.keys(b.emulator.state.current.sessions)).toContain(id);
    await b.running.close();
  });
});
