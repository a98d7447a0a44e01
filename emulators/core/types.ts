import type { IncomingHttpHeaders } from "node:http";
import type { EmulatorClock } from "./clock";

export interface EmulatorRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  /** Route parameters (`:id` in the route's path). */
  params: Record<string, string>;
  /** The request id the emulator assigned (or echoed) for this request. */
  requestId: string;
  /** Host header as sent: OCI signatures cover it. */
  host: string;
}

export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string>;
  /** A JSON value, or undefined for no body. */
  body?: unknown;
  /** Free text for the request log (e.g. "answered from the idempotency store"). */
  note?: string;
  /** Destroy the socket instead of answering, after the handler ran (fault injection). */
  resetConnection?: boolean;
}

export type RouteHandler = (req: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>;

export interface Route {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** `/api/v1/sessions/:id`; a segment `:name` matches one path segment. */
  path: string;
  handler: RouteHandler;
}

/** What each vendor module supplies; the server kit does the rest. */
export interface VendorEmulator {
  /** Short name used in logs and the control endpoint ("ibmQuantum"). */
  readonly name: string;
  routes(): Route[];
  /** The vendor's error body for a status (used for faults, 404 routes, bad JSON). */
  errorBody(status: number, code: string, message: string, req?: EmulatorRequest): EmulatorResponse;
  /** JSON-safe dump of everything the emulator holds (for `/_emulator/state` and the state file). */
  snapshot(): unknown;
  /** Restore a snapshot (state file on restart). */
  restore(snapshot: unknown): void;
  reset(): void;
  /** Vendor-specific control routes, mounted under `/_emulator/`. */
  controlRoutes?(): Route[];
  /** Header names worth recording in the request log (lower case). */
  loggedHeaders?: string[];
  /** Name of the response header that carries the request id (`opc-request-id`, …). */
  requestIdHeader?: string;
}

export interface VendorContext {
  clock: EmulatorClock;
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
 * A fault rule: the next `times` requests matching `method` and `path` (a regular
 * expression over the path) are answered with `status` (and the vendor's error body,
 * or `body`) without reaching the handler — or, with `mode: "reset-after-handler"`,
 * reach the handler and then get their connection reset (the "committed, but the
 * client never heard" case).
 */
export interface FaultRule {
  id?: string;
  method?: string;
  path: string;
  status?: number;
  code?: string;
  message?: string;
  body?: unknown;
  headers?: Record<string, string>;
  times?: number;
  delayMs?: number;
  mode?: "respond" | "reset-before-handler" | "reset-after-handler";
}
