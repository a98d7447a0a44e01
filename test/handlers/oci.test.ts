import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { startOciAidpEmulator } from "../../emulators/oci-aidp";
import { demoCredentials } from "../../emulators/oci-aidp/demo-key";
import { UNKNOWN } from "../../provider/core/resource";
import { PACKAGE_VERSION } from "../../provider/core/version";
import { hostForRegion, OciNotebookClient, resolveEndpoint } from "../../provider/oci/client";
import { handlers as handlersOf } from "../../provider";
const handlers = handlersOf("oci");
import { forgetPaths } from "../../provider/notebook/mapping";
import { tempDir } from "../support/tmp";

const scopeOf = (i: Record<string, unknown>) => new OciNotebookClient(i as never).scope;

/** The OCI handlers against the in-process emulator: signing, retry token, etag. */
let emu: Awaited<ReturnType<typeof startOciAidpEmulator>>;
const saved = { ...process.env };

beforeAll(async () => {
  emu = await startOciAidpEmulator({ port: 0, activationDelayMs: 50 });
  Object.assign(process.env, { OCI_CONFIG_FILE: emu.info.configFile, OCI_CLI_PROFILE: "DEFAULT" });
});
afterAll(async () => {
  process.env = saved;
  await emu.running.close();
});

let n = 0;
const inputs = async (extra: Record<string, unknown> = {}) =>
  (await handlers.check({}, { aiDataPlatformId: emu.info.aiDataPlatformId, workspaceKey: emu.info.workspaceKey, endpoint: emu.info.url, path: `h/${++n}.ipynb`, pollIntervalMs: 20, waitTimeoutSeconds: 5, ...extra })).inputs as Record<string, unknown>;

describe("OCI notebook session handlers", () => {
  it("create retries a lost answer with the same retry token and gets the same session", async () => {
    emu.running.addFault({ method: "POST", path: "/sessions$", mode: "reset-after-handler" });
    const { id } = await handlers.create(await inputs());
    const posts = emu.running.log.filter((e) => e.method === "POST" && e.path.endsWith("/sessions"));
    const [a, b] = posts.slice(-2);
    expect(a.headers["opc-retry-token"]).toBeTruthy();
    expect(b.headers["opc-retry-token"]).toBe(a.headers["opc-retry-token"]);
    expect(b.note).toBe("answered from the idempotency store");
    expect(Object.keys(emu.emulator.state.current.sessions)).toContain(id);
  });

  it("create retries 503 with the same retry token", async () => {
    emu.running.addFault({ method: "POST", path: "/sessions$", status: 503, times: 2 });
    await handlers.create(await inputs());
    const tokens = emu.running.log.filter((e) => e.method === "POST" && e.path.endsWith("/sessions")).slice(-3).map((e) => e.headers["opc-retry-token"]);
    expect(new Set(tokens).size).toBe(1);
  });

  it("update re-reads once on 412 and retries with the fresh etag", async () => {
    const i = await inputs({ name: "one" });
    const { id, outs } = await handlers.create(i);
    // Someone else changes the session: our stored etag is now stale.
    emu.emulator.state.current.sessions[id].version++;
    emu.running.addFault({ method: "PATCH", path: "/sessions/", status: 412, code: "NoEtagMatch", times: 1 });
    const { outs: after } = await handlers.update(id, outs as Record<string, unknown>, { ...i, name: "two" });
    expect(after).toMatchObject({ id, name: "two" });
    expect(emu.running.log.filter((e) => e.method === "PATCH").map((e) => e.status).slice(-2)).toEqual([412, 200]);
  });

  it("refuses to take over an existing session for the path unless adoptExisting", async () => {
    const i = await inputs();
    const { id } = await handlers.create(i);
    await expect(handlers.create(i)).rejects.toThrow(/already exists for path .*adoptExisting: true/);
    expect((await handlers.create({ ...i, adoptExisting: true })).id).toBe(id);
  });

  it("finds a session this process did not make by listing the workspace with the path filter, and refuses it", async () => {
    const i = await inputs();
    const { id } = await handlers.create(i);
    forgetPaths(scopeOf(i)); // as a new process would: only the service knows of it
    const before = emu.running.log.at(-1)!.seq;
    await expect(handlers.create(i)).rejects.toThrow(new RegExp(`already exists for path .*id ${id}`));
    const lists = emu.running.log.filter((e) => e.seq > before && e.method === "GET" && /\/sessions\?/.test(e.path));
    expect(lists.map((e) => new URL(e.path, "http://x").searchParams.get("path"))).toEqual([i.path]);
  });

  it("creates nothing when the path listing cannot be completed (a service that ignores the filter, many pages)", async () => {
    const i = await inputs();
    // A workspace of 1,001 sessions, and a service that answers every page regardless of the path asked for.
    const store = emu.emulator.state.current;
    const template = store.sessions[(await handlers.create(await inputs())).id];
    for (let k = 0; k < 1001; k++) store.sessions[`filler-${k}`] = { ...template, id: `filler-${k}`, path: `filler/${k}.ipynb` };
    await fetch(`${emu.running.origin}/_emulator/oci/ignore-path-filter`, { method: "POST", body: JSON.stringify({ ignore: true }) });
    const before = emu.running.log.at(-1)!.seq;
    try {
      const err = await handlers.create(i).catch((e) => e);
      expect(err.code).toBe("PS_LISTING_INCOMPLETE");
      expect(err.message).toMatch(/cannot tell whether a OCI notebook session already exists for path .*Nothing was created/);
      expect(emu.running.log.filter((e) => e.seq > before && e.method === "POST")).toEqual([]);
    } finally {
      await fetch(`${emu.running.origin}/_emulator/oci/ignore-path-filter`, { method: "POST", body: JSON.stringify({ ignore: false }) });
      for (let k = 0; k < 1001; k++) delete store.sessions[`filler-${k}`];
    }
  });

  it("two resources asking for one path in the same run: the second is refused, not handed the first's session", async () => {
    const i = await inputs();
    const results = await Promise.allSettled([handlers.create(i), handlers.create(i)]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(String((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason)).toMatch(/already exists for path/);
  });

  it("a path freed by a delete can be taken again at once (a listing from before the delete is not trusted)", async () => {
    const i = await inputs();
    const other = await inputs(); // a create in the same workspace, so a listing is fresh
    const { id, outs } = await handlers.create(i);
    await handlers.create(other);
    await handlers.delete(id, outs as Record<string, unknown>);
    const again = await handlers.create(i);
    expect(again.id).not.toBe(id);
  });

  it("reports a request signed with a key OCI does not know as 401 NotAuthenticated, with request id and what to check", async () => {
    const stranger = demoCredentials(tempDir("ps-oci-stranger-"));
    process.env.OCI_CONFIG_FILE = stranger.configFile;
    try {
      const err = await handlers.create(await inputs()).catch((e) => e);
      expect(err.message).toMatch(/HTTP 401, code NotAuthenticated/);
      expect(err.message).toMatch(/request id [0-9a-f]+/);
      expect(err.message).toMatch(/OCI_CONFIG_FILE/);
    } finally {
      process.env.OCI_CONFIG_FILE = emu.info.configFile;
    }
  });

  it("reports an unknown platform as 404 NotAuthorizedOrNotFound naming the inputs to check", async () => {
    const err = await handlers.create(await inputs({ aiDataPlatformId: "ocid1.aidataplatform.oc1.iad.unknown" })).catch((e) => e);
    expect(err.message).toMatch(/HTTP 404, code NotAuthorizedOrNotFound/);
    expect(err.message).toMatch(/aiDataPlatformId/);
  });

  it("a FAILED session's error says what is known and where to look", async () => {
    await fetch(`${emu.running.origin}/_emulator/oci/fail-next-create`, { method: "POST" });
    const err = await handlers.create(await inputs()).catch((e) => e);
    expect(err.id).toBeTruthy();
    expect(err.message).toMatch(/entered state FAILED \(kernel python3 is dead; the service gives no reason/);
  });

  it("reads the config file and key once per process, not on every call", async () => {
    const dir = tempDir("ps-oci-once-");
    const config = path.join(dir, "config");
    fs.copyFileSync(emu.info.configFile, config);
    process.env.OCI_CONFIG_FILE = config;
    try {
      const { id, outs } = await handlers.create(await inputs());
      fs.writeFileSync(config, "this is not an OCI config\n");
      expect((await handlers.read(id, outs as Record<string, unknown>)).id).toBe(id);
    } finally {
      process.env.OCI_CONFIG_FILE = emu.info.configFile;
    }
  });

  it("read, update and delete address the endpoint the session was created at, whatever the settings say now", async () => {
    const i = await inputs({ endpoint: undefined });
    process.env.AIDP_DP_ENDPOINT = emu.info.url;
    const { id, outs } = await handlers.create(i);
    expect(outs).toMatchObject({ apiEndpoint: emu.info.url });
    process.env.AIDP_DP_ENDPOINT = "http://127.0.0.1:9";
    try {
      expect((await handlers.read(id, outs as Record<string, unknown>)).id).toBe(id);
      await handlers.delete(id, outs as Record<string, unknown>);
      expect(emu.emulator.state.current.sessions[id]).toBeUndefined();
    } finally {
      delete process.env.AIDP_DP_ENDPOINT;
    }
  });
});

describe("OCI notebook session diff", () => {
  const olds = { aiDataPlatformId: "p", workspaceKey: "w", endpoint: "http://e", path: "a.ipynb", name: "a.ipynb", kernelName: "python3", type: "notebook", adoptExisting: false, waitTimeoutSeconds: 5, pollIntervalMs: 20, providerVersion: PACKAGE_VERSION };

  it("replaces the session when endpoint or region is removed", async () => {
    const { endpoint: _e, ...noEndpoint } = olds;
    expect(await handlers.diff("id", olds, noEndpoint)).toMatchObject({ changes: true, replaces: ["endpoint"] });
    expect(await handlers.diff("id", { ...olds, region: "us-ashburn-1" }, olds)).toMatchObject({ changes: true, replaces: ["region"] });
  });

  it("leaves the name the service chose alone when name is unset", async () => {
    const { name: _n, ...noName } = olds;
    expect(await handlers.diff("id", olds, noName)).toMatchObject({ changes: false });
  });

  it("plans a replace with another input unknown without failing, deleting first to be safe", async () => {
    expect(await handlers.diff("id", olds, { ...olds, type: "file", endpoint: UNKNOWN })).toMatchObject({ changes: true, replaces: expect.arrayContaining(["type"]), deleteBeforeReplace: true });
  });
});

describe("OCI endpoint", () => {
  const auth = { apply: () => undefined, region: () => "eu-frankfurt-1" };
  it("prefers the resource's endpoint, then its region, then AIDP_DP_ENDPOINT, then the profile's region", () => {
    process.env.AIDP_DP_ENDPOINT = "https://global.example";
    try {
      expect(resolveEndpoint({ endpoint: "https://mine.example", region: "us-ashburn-1" }, auth)).toBe("https://mine.example");
      expect(resolveEndpoint({ region: "us-ashburn-1" }, auth)).toBe(hostForRegion("us-ashburn-1"));
      expect(resolveEndpoint({}, auth)).toBe("https://global.example");
    } finally {
      delete process.env.AIDP_DP_ENDPOINT;
    }
    expect(resolveEndpoint({}, auth)).toBe(hostForRegion("eu-frankfurt-1"));
  });
});

describe("OCI path lookup paging", () => {
  it("follows opc-next-page when a service does not apply the path filter", async () => {
    const pages: Record<string, { items: unknown[]; next?: string }> = {
      "": { items: [{ id: "s1", path: "other.ipynb" }], next: "p2" },
      p2: { items: [{ id: "s2", path: "wanted.ipynb" }] },
    };
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      const q = new URL(req.url!, "http://x").searchParams;
      seen.push(`${q.get("path")}|${q.get("page") ?? ""}`);
      const p = pages[q.get("page") ?? ""];
      res.writeHead(200, { "content-type": "application/json", ...(p.next ? { "opc-next-page": p.next } : {}) });
      res.end(JSON.stringify({ items: p.items }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const c = new OciNotebookClient({ aiDataPlatformId: "p", workspaceKey: "w", endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
      expect((await c.findByPath("wanted.ipynb"))?.id).toBe("s2");
      expect(seen).toEqual(["wanted.ipynb|", "wanted.ipynb|p2"]);    } finally {
      server.close();
    }
  });
});
