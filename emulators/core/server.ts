import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { systemClock, type EmulatorClock } from "./clock";
import { FaultSet } from "./faults";
import { HttpError, type EmulatorRequest, type EmulatorResponse, type FaultRule, type RequestLogEntry, type Route, type VendorEmulator } from "./types";

export interface StartOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback only: emulators never listen on other interfaces. */
  host?: "127.0.0.1" | "localhost" | "::1";
  clock?: EmulatorClock;
  /** Persist the vendor's state here after every change and restore it on start. */
  stateFile?: string;
  /** Seed of the random source fault probabilities draw from (default 1). */
  faultSeed?: number;
  /** Added to every API request (bench: real API latency on loopback). */
  latencyMs?: number;
  /** Keep every Authorization header received (secrets tests grep for them); off by default. */
  keepAuthorizations?: boolean;
  /** The request log keeps at least this many of the latest requests (default 5,000). */
  logEntries?: number;
}

export interface RunningEmulator {
  readonly vendor: VendorEmulator;
  /** Origin, e.g. `http://127.0.0.1:43121`. */
  readonly origin: string;
  readonly port: number;
  readonly clock: EmulatorClock;
  readonly log: RequestLogEntry[];
  readonly faults: FaultSet;
  /** Authorization headers received, when started with `keepAuthorizations`. */
  readonly authorizations: string[];
  addFault(rule: FaultRule): FaultRule;
  setLatency(ms: number): void;
  close(): Promise<void>;
}

interface CompiledRoute extends Route {
  pattern: RegExp;
  names: string[];
}

const LOG_ENTRIES = 5000;
/** Request bodies over this are answered 413: no session API takes megabytes. */
export const MAX_REQUEST_BYTES = 1024 * 1024;

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.path
    .split("/")
    .map((seg) => {
      if (seg.startsWith(":")) {
        names.push(seg.slice(1));
        return "([^/]+)";
      }
      return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return { ...route, pattern: new RegExp(`^${source}/?$`), names };
}

function match(routes: CompiledRoute[], method: string, path: string) {
  let pathMatched = false;
  for (const r of routes) {
    const m = r.pattern.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (r.method !== method) continue;
    const params: Record<string, string> = {};
    r.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1])));
    return { route: r, params, pathMatched };
  }
  return { route: undefined, params: {}, pathMatched };
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_REQUEST_BYTES) {
        req.removeAllListeners("data");
        req.resume();
        reject(new HttpError(413, "PayloadTooLarge", `request body over ${MAX_REQUEST_BYTES} bytes`));
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** `req.json(schema)`: emulators are strict about what they receive. */
function jsonReader(rawBody: Buffer) {
  return <T>(schema: z.ZodType<T>): T => {
    let value: unknown = {};
    if (rawBody.length) {
      try {
        value = JSON.parse(rawBody.toString("utf8"));
      } catch {
        throw new HttpError(400, "InvalidJson", "Request body is not valid JSON.");
      }
    }
    const r = schema.safeParse(value);
    if (!r.success) throw new HttpError(400, "InvalidBody", `Invalid request body: ${r.error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`).join("; ")}`);
    return r.data;
  };
}

/** Lenient JSON for control routes (they are ours, not the vendor's). */
export function controlBody<T = Record<string, unknown>>(req: EmulatorRequest): Partial<T> {
  try {
    return (req.rawBody.length ? JSON.parse(req.rawBody.toString("utf8")) : {}) as Partial<T>;
  } catch {
    throw new HttpError(400, "InvalidJson", "control body is not valid JSON");
  }
}

/**
 * Serves one vendor emulator on loopback with the shared control endpoint:
 *   GET  /_emulator/state        the vendor's snapshot
 *   POST /_emulator/reset        forget everything (sessions, log, faults)
 *   GET  /_emulator/requests     the request log (method, path, status, selected headers)
 *   POST /_emulator/faults       add a fault rule (FaultRule); GET lists, DELETE clears them
 *   POST /_emulator/faults/seed  {seed}: restart the random source fault probabilities draw from
 *   GET  /_emulator/faults/stats faults injected so far, by mode
 *   POST /_emulator/clock        {advanceMs}: move the emulator's clock forward
 *   POST /_emulator/latency      {ms}: delay every API request
 * plus the vendor's own control routes under /_emulator/.
 */
export async function startEmulator(vendor: VendorEmulator, opts: StartOptions = {}): Promise<RunningEmulator> {
  const clock = vendor.clock;
  const log: RequestLogEntry[] = [];
  const logEntries = opts.logEntries ?? LOG_ENTRIES;
  const faults = new FaultSet(opts.faultSeed ?? 1);
  let latencyMs = opts.latencyMs ?? 0;
  const authorizations: string[] = [];
  let seq = 0;

  if (opts.stateFile && fs.existsSync(opts.stateFile)) {
    try {
      vendor.state.restore(JSON.parse(fs.readFileSync(opts.stateFile, "utf8")));
    } catch (e) {
      process.stderr.write(`[${vendor.name}] ignoring unreadable state file ${opts.stateFile}: ${String(e)}\n`);
    }
  }
  const persist = () => {
    if (!opts.stateFile) return;
    const tmp = `${opts.stateFile}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(vendor.state.snapshot()));
    fs.renameSync(tmp, opts.stateFile);
  };

  const control: Route[] = [
    { method: "GET", path: "/_emulator/state", handler: () => ({ status: 200, body: vendor.state.snapshot() }) },
    {
      method: "POST",
      path: "/_emulator/reset",
      handler: () => {
        vendor.state.reset();
        log.length = 0;
        faults.clear();
        return { status: 204 };
      },
    },
    { method: "GET", path: "/_emulator/requests", handler: () => ({ status: 200, body: log }) },
    { method: "POST", path: "/_emulator/faults", handler: (req) => ({ status: 201, body: faults.add(controlBody<FaultRule>(req) as FaultRule) }) },
    { method: "GET", path: "/_emulator/faults", handler: () => ({ status: 200, body: faults.list() }) },
    { method: "DELETE", path: "/_emulator/faults", handler: () => (faults.clear(), { status: 204 }) },
    {
      method: "POST",
      path: "/_emulator/faults/seed",
      handler: (req) => {
        const seed = Number(controlBody<{ seed: number }>(req).seed);
        if (!Number.isInteger(seed)) throw new HttpError(400, "InvalidBody", "seed must be an integer");
        faults.reseed(seed);
        return { status: 204 };
      },
    },
    { method: "GET", path: "/_emulator/faults/stats", handler: () => ({ status: 200, body: { seed: faults.seed, injected: faults.injected } }) },
    {
      method: "POST",
      path: "/_emulator/clock",
      handler: (req) => {
        const ms = Number(controlBody<{ advanceMs: number }>(req).advanceMs ?? 0);
        if (!Number.isFinite(ms) || ms < 0) throw new HttpError(400, "InvalidBody", "advanceMs must be a non-negative number");
        clock.advance(ms);
        return { status: 200, body: { now: new Date(clock.now()).toISOString() } };
      },
    },
    {
      method: "POST",
      path: "/_emulator/latency",
      handler: (req) => {
        const ms = Number(controlBody<{ ms: number }>(req).ms);
        if (!Number.isFinite(ms) || ms < 0) throw new HttpError(400, "InvalidBody", "ms must be a non-negative number");
        latencyMs = ms;
        return { status: 204 };
      },
    },
    ...(vendor.controlRoutes?.() ?? []),
  ];
  const controlRoutes = control.map(compile);
  const vendorRoutes = vendor.routes().map(compile);
  let serverHost = "";
  /** The response each request is answered on (send/reset are shared by every path). */
  const resOf = new WeakMap<EmulatorRequest, http.ServerResponse>();

  const server = http.createServer(async (req, res) => {
    const method = (req.method ?? "GET").toUpperCase();
    const idHeader = vendor.requestIdHeader;
    const incomingId = idHeader ? req.headers[idHeader] : undefined;
    const requestId = typeof incomingId === "string" && /^[A-Za-z0-9_-]{1,98}$/.test(incomingId) ? incomingId : randomUUID().replace(/-/g, "");
    const ereq: EmulatorRequest = {
      method,
      path: "",
      query: new URLSearchParams(),
      target: req.url ?? "/",
      headers: req.headers,
      rawBody: Buffer.alloc(0),
      params: {},
      requestId,
      host: req.headers.host ?? "",
      serverHost,
      json: jsonReader(Buffer.alloc(0)),
    };
    resOf.set(ereq, res);
    if (opts.keepAuthorizations && typeof req.headers.authorization === "string") authorizations.push(req.headers.authorization);
    let out: EmulatorResponse;
    let fault: FaultRule | undefined;
    let isControl = false;
    try {
      let url: URL;
      try {
        url = new URL(req.url ?? "/", "http://emulator");
      } catch {
        throw new HttpError(400, "BadRequest", "malformed request target");
      }
      ereq.path = url.pathname;
      ereq.query = url.searchParams;
      isControl = url.pathname.startsWith("/_emulator/");
      ereq.rawBody = await readBody(req);
      ereq.json = jsonReader(ereq.rawBody);
      fault = isControl ? undefined : faults.take(method, url.pathname);
      const delay = (isControl ? 0 : latencyMs) + (fault?.delayMs ?? 0);
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      if (fault?.mode === "reset-before-handler") return reset(ereq, 0, "fault: connection reset before handler");
      if (fault?.mode === "invalid-json") return send(ereq, { status: fault.status ?? 200 }, "fault: invalid JSON body", "<html>not json</html>");
      if (fault && (fault.mode ?? "respond") === "respond") {
        const base = vendor.errorBody(fault.status ?? 500, fault.code ?? "InjectedFault", fault.message ?? "injected fault", ereq);
        out = { ...base, body: fault.body ?? base.body, headers: { ...base.headers, ...fault.headers } };
      } else {
        out = await handle(ereq, isControl);
        if (method !== "GET") persist();
      }
    } catch (e) {
      out = e instanceof HttpError
        ? withHeaders(vendor.errorBody(e.status, e.code, e.message, ereq, e.extra), e.headers)
        : vendor.errorBody(500, "InternalError", `emulator error: ${(e as Error).message}`, ereq);
    }
    if (fault?.mode === "reset-after-handler") return reset(ereq, out.status, "fault: connection reset after handler", out.note);
    if (fault?.mode === "truncate-body") {
      const full = out.body === undefined ? "" : JSON.stringify(out.body);
      return send(ereq, out, "fault: truncated body", full.slice(0, Math.floor(full.length / 2)));
    }
    send(ereq, out, fault ? `fault ${fault.status ?? 500}` : undefined, undefined, isControl);
  });

  async function handle(ereq: EmulatorRequest, isControl: boolean): Promise<EmulatorResponse> {
    const found = match(isControl ? controlRoutes : vendorRoutes, ereq.method, ereq.path);
    if (!found.route) {
      throw found.pathMatched
        ? new HttpError(405, "MethodNotAllowed", `${ereq.method} is not allowed on ${ereq.path}`)
        : new HttpError(404, "NotFound", `no route for ${ereq.method} ${ereq.path}`);
    }
    ereq.params = found.params;
    if (!isControl && !found.route.public) vendor.authorize?.(ereq);
    return found.route.handler(ereq);
  }

  function withHeaders(r: EmulatorResponse, headers: Record<string, string>): EmulatorResponse {
    return Object.keys(headers).length ? { ...r, headers: { ...r.headers, ...headers } } : r;
  }

  function reset(ereq: EmulatorRequest, status: number, note: string, handlerNote?: string) {
    record(ereq, status, note, handlerNote);
    resOf.get(ereq)?.socket?.destroy();
  }

  function send(ereq: EmulatorRequest, out: EmulatorResponse, fault?: string, raw?: string, isControl = false) {
    const res = resOf.get(ereq)!;
    if (!isControl) record(ereq, out.status, fault, out.note);
    const headers: Record<string, string> = { ...(out.headers ?? {}) };
    const idHeader = vendor.requestIdHeader;
    if (idHeader && !headers[idHeader]) headers[idHeader] = ereq.requestId;
    // The service's own clock, as clients may read it (a test moves it): not the machine's.
    headers.date ??= new Date(vendor.clock.now()).toUTCString();
    let payload: string | undefined = raw;
    if (payload === undefined && out.body !== undefined && out.status !== 204) payload = JSON.stringify(out.body);
    if (payload !== undefined) {
      headers["content-type"] ??= "application/json";
      headers["content-length"] = String(Buffer.byteLength(payload));
    }
    res.writeHead(out.status, headers);
    res.end(payload);
  }

  function record(req: EmulatorRequest, status: number, fault?: string, note?: string) {
    const headers: Record<string, string> = {};
    for (const h of vendor.loggedHeaders ?? []) {
      const v = req.headers[h];
      if (typeof v === "string") headers[h] = v;
    }
    log.push({
      seq: ++seq,
      time: new Date(clock.now()).toISOString(),
      method: req.method,
      // As received: a re-encoded query would not be what the client sent (or signed).
      path: req.target,
      status,
      requestId: req.requestId,
      headers,
      ...(note ? { note } : {}),
      ...(fault ? { fault } : {}),
    });
    // Cut back to `logEntries` once there are twice as many: cutting one entry off the
    // front on every request cost ~10 µs each, a tenth of the emulator's CPU under load.
    if (log.length >= 2 * logEntries) log.splice(0, log.length - logEntries);
  }

  // Keep-alive sockets would hold `close()` open; tests close emulators often.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host === "::1" ? "[::1]" : opts.host ?? "127.0.0.1";
  serverHost = `${host}:${port}`;
  return {
    vendor,
    origin: `http://${host}:${port}`,
    port,
    clock,
    log,
    faults,
    authorizations,
    addFault: (rule) => faults.add(rule),
    setLatency: (ms) => {
      latencyMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          vendor.dispose?.();
          resolve();
        });
      }),
  };
}

/** Builds a vendor on one clock and serves it: what every `start…Emulator` does. */
export async function startVendor<V extends VendorEmulator, O extends { clock?: EmulatorClock }>(
  make: (opts: O & { clock: EmulatorClock }) => V,
  opts: O & StartOptions,
): Promise<{ emulator: V; running: RunningEmulator }> {
  const clock = opts.clock ?? systemClock();
  const emulator = make({ ...opts, clock });
  const running = await startEmulator(emulator, opts);
  return { emulator, running };
}
