import type { IncomingHttpHeaders } from "node:http";
import type { z } from "zod";
import type { EmulatorClock } from "./clock";
import type { StateBox } from "./state";

export interface EmulatorRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  /** The request target exactly as received, path and query encoded as the client sent them (what OCI signatures cover). */
  target: string;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  /** Route parameters (`:id` in the route's path). */
  params: Record<string, string>;
  /** The request id the emulator assigned (or echoed) for this request. */
  requestId: string;
  /** Host header as sent: OCI signatures cover it. */
  host: string;
  /** `host:port` the emulator listens on: what a correctly addressed request's Host names. */
  serverHost: string;
  /** The JSON body checked against `schema`; throws the vendor's 400 otherwise. */
  json<T>(schema: z.ZodType<T>): T;
}

export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string>;
  /** A JSON value, or undefined for no body. */
  body?: unknown;
  /** Free text for the request log (e.g. "answered from the idempotency store"). */
  note?: string;
}

/**
 * What handlers throw for an error answer; the kit renders it in the vendor's error
 * container (`errorBody`). `code` is the vendor's, or one of the kit's below, which
 * each vendor maps to its own.
 */
export class HttpError extends Error {
  readonly headers: Record<string, string>;
  /** Vendor-specific fields for the error body (IBM's `solution`). */
  readonly extra: Record<string, unknown>;
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    more: { headers?: Record<string, string>; extra?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.headers = more.headers ?? {};
    this.extra = more.extra ?? {};
  }
}

/** Codes the kit itself raises; vendors map them onto their own. */
export type KitCode = "BadRequest" | "InvalidJson" | "InvalidBody" | "NotFound" | "MethodNotAllowed" | "PayloadTooLarge" | "InternalError" | "InjectedFault";

export type RouteHandler = (req: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>;

export interface Route {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** `/api/v1/sessions/:id`; a segment `:name` matches one path segment. */
  path: string;
  handler: RouteHandler;
  /** Reached without the vendor's `authorize` (IBM's IAM token endpoint). */
  public?: boolean;
}

/** What each vendor module supplies; the server kit does the rest. */
export interface VendorEmulator {
  /** Short name used in logs and the control endpoint ("ibmQuantum"). */
  readonly name: string;
  readonly clock: EmulatorClock;
  routes(): Route[];
  /** The vendor's error body for a status and code (vendor or kit code). */
  errorBody(status: number, code: string, message: string, req?: EmulatorRequest, extra?: Record<string, unknown>): EmulatorResponse;
  /** The vendor's auth gate (throws HttpError), run before every non-public API route. */
  authorize?(req: EmulatorRequest): void;
  /** Everything the emulator holds: `/_emulator/state`, state files, reset. */
  readonly state: StateBox;
  /** Vendor-specific control routes, mounted under `/_emulator/`. */
  controlRoutes?(): Route[];
  /** Header names worth recording in the request log (lower case). */
  loggedHeaders?: string[];
  /** Name of the response header that carries the request id (`opc-request-id`, …). */
  requestIdHeader?: string;
  /** Removes what the emulator made outside its state (temp files) once its server has closed. */
  dispose?(): void;
}

export interface RequestLogEntry {
  seq: number;
  time: string;
  method: string;
  path: string;
  status: number;
  requestId: string;
  headers: Record<string, string>;
  note?: string;
  fault?: string;
}

/**
 * A fault rule: requests matching `method` and `path` (a regular expression over the
 * path) are, with `probability` (default 1; drawn from the emulator's seeded random
 * source, so a run replays), disturbed `times` times (default 1; null = no limit):
 * - "respond" (default): answered with `status` (default 500) in the vendor's error
 *   body (or `body`), plus `headers` (e.g. `retry-after`), without reaching the handler;
 * - "latency": delayed by `delayMs`, then handled normally;
 * - "reset-before-handler": the connection is reset, nothing happens;
 * - "reset-after-handler": handled (committed), then the connection is reset;
 * - "truncate-body": handled, then half of the response body is sent;
 * - "invalid-json": answered with `status` (default 200) and a body that is not JSON.
 * `delayMs` delays any mode.
 */
export type FaultMode = "respond" | "latency" | "reset-before-handler" | "reset-after-handler" | "truncate-body" | "invalid-json";

export interface FaultRule {
  id?: string;
  method?: string;
  path: string;
  mode?: FaultMode;
  probability?: number;
  times?: number | null;
  status?: number;
  code?: string;
  message?: string;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
}
