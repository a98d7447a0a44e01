import * as net from "node:net";
import { z } from "zod";
import { manualClock } from "../../emulators/core/clock";
import { startEmulator, MAX_REQUEST_BYTES, type RunningEmulator } from "../../emulators/core/server";
import { stateBox } from "../../emulators/core/state";
import { HttpError, type VendorEmulator } from "../../emulators/core/types";

/** The one emulator kit, with a toy vendor: errors, bodies, faults, control endpoint. */
const Item = z.strictObject({ name: z.string().min(1) });

function toyVendor(): VendorEmulator {
  const state = stateBox(() => ({ items: [] as string[] }), { accept: (raw): raw is { items: string[] } => typeof raw === "object" && raw !== null && "items" in raw });
  return {
    name: "toy",
    clock: manualClock(),
    state,
    routes: () => [
      { method: "POST", path: "/items", handler: (req) => (state.current.items.push(req.json(Item).name), { status: 201, body: { n: state.current.items.length } }) },
      { method: "GET", path: "/items/:name", handler: (req) => ({ status: 200, body: { name: state.current.items.find((i) => i === req.params.name) ?? fail() } }) },
      { method: "GET", path: "/open", public: true, handler: () => ({ status: 200, body: { open: true } }) },
    ],
    authorize: (req) => {
      if (req.headers.authorization !== "ok") throw new HttpError(401, "Denied", "no");
    },
    errorBody: (status, code, message) => ({ status, body: { toyError: { status, code, message } } }),
  };
  function fail(): never {
    throw new HttpError(404, "NoSuchItem", "no such item");
  }
}

let emu: RunningEmulator;
const call = (p: string, init: RequestInit = {}) => fetch(`${emu.origin}${p}`, { ...init, headers: { authorization: "ok", "content-type": "application/json", ...(init.headers ?? {}) } });
const fault = (rule: unknown) => fetch(`${emu.origin}/_emulator/faults`, { method: "POST", body: JSON.stringify(rule) });

beforeAll(async () => {
  emu = await startEmulator(toyVendor(), { port: 0 });
});
afterAll(() => emu.close());
afterEach(() => emu.faults.clear());

describe("emulator kit", () => {
  it("renders an error a handler throws in the vendor's error body", async () => {
    const res = await call("/items/none");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ toyError: { status: 404, code: "NoSuchItem", message: "no such item" } });
  });

  it("answers a body that is not JSON, or not the schema, with the vendor's 400", async () => {
    expect(await (await call("/items", { method: "POST", body: "{nope" })).json()).toMatchObject({ toyError: { status: 400, code: "InvalidJson" } });
    expect(await (await call("/items", { method: "POST", body: JSON.stringify({ name: "" }) })).json()).toMatchObject({ toyError: { status: 400, code: "InvalidBody" } });
  });

  it("runs the vendor's auth gate on every route but public ones", async () => {
    expect((await fetch(`${emu.origin}/items/x`)).status).toBe(401);
    expect((await fetch(`${emu.origin}/open`)).status).toBe(200);
  });

  it("keeps at least the latest requests in its log, and never twice as many", async () => {
    const small = await startEmulator(toyVendor(), { port: 0, logEntries: 10 });
    try {
      const seen: number[] = [];
      for (let i = 0; i < 45; i++) {
        await fetch(`${small.origin}/open`);
        seen.push(small.log.length);
        expect(small.log.at(-1)!.seq).toBe(i + 1);
      }
      expect(Math.min(...seen.slice(10))).toBe(10);
      expect(Math.max(...seen)).toBe(19);
      expect(small.log.map((e) => e.seq)).toEqual(Array.from({ length: small.log.length }, (_, k) => 46 - small.log.length + k));
    } finally {
      await small.close();
    }
  });

  it("survives a malformed request target and keeps serving", async () => {
    const raw = await new Promise<string>((resolve) => {
      const sock = net.connect(emu.port, "127.0.0.1", () => sock.write("GET http://[ HTTP/1.1\r\nHost: x\r\n\r\n"));
      let text = "";
      sock.on("data", (d) => (text += d));
      sock.on("close", () => resolve(text));
      sock.on("error", () => resolve(text));
      setTimeout(() => sock.destroy(), 1000);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 (400|404)/);
    expect((await call("/open")).status).toBe(200);
  });

  it("refuses a request body over the limit with 413", async () => {
    const res = await call("/items", { method: "POST", body: JSON.stringify({ name: "x".repeat(MAX_REQUEST_BYTES) }) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ toyError: { code: "PayloadTooLarge" } });
    expect((await call("/open")).status).toBe(200);
  });

  it("refuses a fault rule whose path is not a regular expression, and serves others unharmed", async () => {
    const res = await fault({ path: "(" });
    expect(res.status).toBe(400);
    expect((await call("/open")).status).toBe(200);
  });

  it("draws fault probabilities from a seed, so a run replays", async () => {
    const draw = async () => {
      await fetch(`${emu.origin}/_emulator/faults/seed`, { method: "POST", body: JSON.stringify({ seed: 42 }) });
      await fault({ path: "^/open$", probability: 0.5, times: null, status: 503 });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await call("/open")).status);
      emu.faults.clear();
      return statuses;
    };
    const a = await draw();
    expect(a).toContain(503);
    expect(a).toContain(200);
    expect(await draw()).toEqual(a);
  });

  it("serves 429 with Retry-After, latency without an error, truncated and invalid JSON bodies", async () => {
    await fault({ path: "^/open$", status: 429, headers: { "retry-after": "1" } });
    const limited = await call("/open");
    expect([limited.status, limited.headers.get("retry-after")]).toEqual([429, "1"]);
    await fault({ path: "^/open$", mode: "latency", delayMs: 50 });
    expect(await (await call("/open")).json()).toEqual({ open: true });
    await fault({ path: "^/open$", mode: "truncate-body" });
    await expect((await call("/open")).json()).rejects.toThrow();
    await fault({ path: "^/open$", mode: "invalid-json" });
    const bad = await call("/open");
    expect(bad.status).toBe(200);
    expect(await bad.text()).not.toMatch(/^\{/);
    const stats = await (await fetch(`${emu.origin}/_emulator/faults/stats`)).json();
    expect(stats.injected).toMatchObject({ respond: expect.any(Number), latency: 1, "truncate-body": 1, "invalid-json": 1 });
  });

  it("resets the connection before or after the handler ran", async () => {
    await fault({ method: "POST", path: "^/items$", mode: "reset-before-handler" });
    await expect(call("/items", { method: "POST", body: JSON.stringify({ name: "a" }) })).rejects.toThrow();
    await fault({ method: "POST", path: "^/items$", mode: "reset-after-handler" });
    await expect(call("/items", { method: "POST", body: JSON.stringify({ name: "b" }) })).rejects.toThrow();
    const state = await (await fetch(`${emu.origin}/_emulator/state`)).json();
    expect(state.store.items).toEqual(["b"]);
  });
});
