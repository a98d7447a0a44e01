import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { systemClock, type EmulatorClock } from "./clock";
import type { EmulatorRequest, EmulatorResponse, FaultRule, RequestLogEntry, Route, VendorEmulator } from "./types";

export interface StartOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback only: emulators never listen on other interfaces. */
  host?: "127.0.0.1" | "localhost" | "::1";
  clock?: EmulatorClock;
  /** Persist the vendor's state here after every change and restore it on start. */
  stateFile?: string;
}

export interface RunningEmulator {
  readonly vendor: VendorEmulator;
  /** Origin, e.g. `http://127.0.0.1:43121`. */
  readonly origin: string;
  readonly port: number;
  readonly clock: EmulatorClock;
  readonly log: RequestLogEntry[];
  readonly faults: FaultRule[];
  addFault(rule: FaultRule): FaultRule;
  close(): Promise<void>;
}

interface CompiledRoute extends Route {
  pattern: RegExp;
  names: string[];
}

const MAX_LOG = 5000;

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
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Parses a JSON body or returns undefined; emulators are strict about what they receive. */
export function jsonBody(req: EmulatorRequest): unknown {
  if (req.rawBody.length === 0) return undefined;
  try {
    return JSON.parse(req.rawBody.toString("utf8"));
  } catch {
    return Symbol.for("invalid-json");
  }
}
export const INVALID_JSON = Symbol.for("invalid-json");

/**
 * Serves one vendor emulator on loopback with the shared control endpoint:
 *   GET  /_emulator/state      the vendor's snapshot
 *   POST /_emulator/reset      forget everything (sessions, log, faults)
 *   GET  /_emulator/requests   the request log (method, path, status, selected headers)
 *   POST /_emulator/faults     add a fault rule (see FaultRule); DELETE clears them
 *   POST /_emulator/clock      {advanceMs}: move the emulator's clock forward
 * plus the vendor's own control routes under /_emulator/.
 */
export async function startEmulator(vendor: VendorEmulator, opts: StartOptions = {}): Promise<RunningEmulator> {
  const clock = opts.clock ?? systemClock();
  const log: RequestLogEntry[] = [];
  const faults: FaultRule[] = [];
  let seq = 0;

  if (opts.stateFile && fs.existsSync(opts.stateFile)) {
    try {
      vendor.restore(JSON.parse(fs.readFileSync(opts.stateFile, "utf8")));
    } catch (e) {
      process.stderr.write(`[${vendor.name}] ignoring unreadable state file ${opts.stateFile}: ${String(e)}\n`);
    }
  }
  const persist = () => {
    if (!opts.stateFile) return;
    const tmp = `${opts.stateFile}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(vendor.snapshot()));
    fs.renameSync(tmp, opts.stateFile);
  };

  const addFault = (rule: FaultRule): FaultRule => {
    const stored = { times: 1, mode: "respond" as const, ...rule, id: rule.id ?? randomUUID() };
    faults.push(stored);
    return stored;
  };

  const control: Route[] = [
    { method: "GET", path: "/_emulator/state", handler: () => ({ status: 200, body: vendor.snapshot() }) },
    {
      method: "POST",
      path: "/_emulator/reset",
      handler: () => {
        vendor.reset();
        log.length = 0;
        faults.length = 0;
        return { status: 204 };
      },
    },
    { method: "GET", path: "/_emulator/requests", handler: () => ({ status: 200, body: log }) },
    {
      method: "POST",
      path: "/_emulator/faults",
      handler: (req) => {
        const rule = jsonBody(req) as FaultRule | undefined;
        if (!rule || typeof rule !== "object" || typeof rule.path !== "string") {
          return { status: 400, body: { message: "fault rule needs at least a path (regular expression)" } };
        }
        return { status: 201, body: addFault(rule) };
      },
    },
    { method: "GET", path: "/_emulator/faults", handler: () => ({ status: 200, body: faults }) },
    {
      method: "DELETE",
      path: "/_emulator/faults",
      handler: () => {
        faults.length = 0;
        return { status: 204 };
      },
    },
    {
      method: "POST",
      path: "/_emulator/clock",
      handler: (req) => {
        const b = jsonBody(req) as { advanceMs?: number } | undefined;
        const ms = Number(b?.advanceMs ?? 0);
        if (!Number.isFinite(ms) || ms < 0) return { status: 400, body: { message: "advanceMs must be a non-negative number" } };
        clock.advance(ms);
        return { status: 200, body: { now: new Date(clock.now()).toISOString() } };
      },
    },
    ...(vendor.controlRoutes?.() ?? []),
  ];
  const controlRoutes = control.map(compile);
  let vendorRoutes = vendor.routes().map(compile);

  const takeFault = (method: string, path: string): FaultRule | undefined => {
    const i = faults.findIndex(
      (f) => (!f.method || f.method.toUpperCase() === method) && new RegExp(f.path).test(path) && (f.times ?? 1) > 0,
    );
    if (i < 0) return undefined;
    const f = faults[i];
    f.times = (f.times ?? 1) - 1;
    if (f.times <= 0) faults.splice(i, 1);
    return f;
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://emulator");
    const method = (req.method ?? "GET").toUpperCase();
    const rawBody = await readBody(req).catch(() => Buffer.alloc(0));
    const idHeader = vendor.requestIdHeader;
    const incomingId = idHeader ? req.headers[idHeader] : undefined;
    const requestId = typeof incomingId === "string" && incomingId ? incomingId : randomUUID().replace(/-/g, "");
    const ereq: EmulatorRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      rawBody,
      params: {},
      requestId,
      host: req.headers.host ?? "",
    };
    const isControl = url.pathname.startsWith("/_emulator/");
    let out: EmulatorResponse;
    let faultNote: string | undefined;
    try {
      const fault = isControl ? undefined : takeFault(method, url.pathname);
      if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault && fault.mode === "reset-before-handler") {
        record(ereq, 0, "fault: connection reset before handler");
        req.socket.destroy();
        return;
      }
      if (fault && fault.mode !== "reset-after-handler") {
        faultNote = `fault ${fault.status ?? 500}`;
        const base = vendor.errorBody(fault.status ?? 500, fault.code ?? "InjectedFault", fault.message ?? "injected fault", ereq);
        out = { ...base, body: fault.body ?? base.body, headers: { ...base.headers, ...fault.headers } };
      } else {
        const found = match(isControl ? controlRoutes : vendorRoutes, method, url.pathname);
        if (!found.route) {
          out = found.pathMatched
            ? vendor.errorBody(405, "MethodNotAllowed", `${method} is not allowed on ${url.pathname}`, ereq)
            : vendor.errorBody(404, "NotFound", `no route for ${method} ${url.pathname}`, ereq);
        } else {
          ereq.params = found.params;
          out = await found.route.handler(ereq);
          if (!isControl && method !== "GET") persist();
          if (isControl && method !== "GET") {
            vendorRoutes = vendor.routes().map(compile);
            persist();
          }
        }
        if (fault?.mode === "reset-after-handler") {
          record(ereq, out.status, "fault: connection reset after handler", out.note);
          req.socket.destroy();
          return;
        }
      }
    } catch (e) {
      out = vendor.errorBody(500, "InternalServerError", `emulator error: ${(e as Error).message}`, ereq);
    }
    if (out.resetConnection) {
      record(ereq, out.status, "connection reset", out.note);
      req.socket.destroy();
      return;
    }
    if (!isControl) record(ereq, out.status, faultNote, out.note);
    const headers: Record<string, string> = { ...(out.headers ?? {}) };
    if (idHeader && !headers[idHeader]) headers[idHeader] = requestId;
    let payload: string | undefined;
    if (out.body !== undefined && out.status !== 204) {
      payload = JSON.stringify(out.body);
      headers["content-type"] ??= "application/json";
      headers["content-length"] = String(Buffer.byteLength(payload));
    }
    res.writeHead(out.status, headers);
    res.end(payload);
  });

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
      path: req.path + (req.query.size ? `?${req.query.toString()}` : ""),
      status,
      requestId: req.requestId,
      headers,
      ...(note ? { note } : {}),
      ...(fault ? { fault } : {}),
    });
    if (log.length > MAX_LOG) log.splice(0, log.length - MAX_LOG);
  }

  // Keep-alive sockets would hold `close()` open; tests close emulators often.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host === "::1" ? "[::1]" : opts.host ?? "127.0.0.1";
  return {
    vendor,
    origin: `http://${host}:${port}`,
    port,
    clock,
    log,
    faults,
    addFault,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
