import { randomUUID } from "node:crypto";
import { request as undiciRequest, type Dispatcher } from "undici";
import type { z } from "zod";
import { systemClock, type Clock } from "./clock";
import { ApiError, ConnectionError } from "./errors";
import { excerpt } from "./redact";
import { defaultRetryPolicy, isRetryableStatus, retryDelayMs, type RetryPolicy } from "./retry";

/** What an auth hook sees and may add headers to (signing needs the final body). */
export interface OutgoingRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
}

export interface AuthHook {
  apply(req: OutgoingRequest): Promise<void> | void;
  /** Called on a 401: drop cached tokens; the request is then retried once. */
  invalidate?(): void;
}

export interface VendorError {
  code?: string;
  message?: string;
  requestId?: string;
}

export interface HttpClientOptions {
  /** Vendor name for messages ("IBM Quantum"). */
  vendor: string;
  baseUrl: string;
  auth?: AuthHook;
  /** Pulls the vendor's code/message/request id out of an error response. */
  parseError: (status: number, body: unknown, headers: Record<string, string>) => VendorError;
  defaultHeaders?: Record<string, string>;
  /** Per-status advice that beats the generic one ("set QISKIT_IBM_TOKEN …"). */
  hints?: Partial<Record<number, string>>;
  dispatcher?: Dispatcher;
  clock?: Clock;
  retry?: Partial<RetryPolicy>;
  /** Per attempt. */
  timeoutMs?: number;
}

export interface RequestOptions<S extends z.ZodType | undefined = undefined> {
  /** For messages: "create IBM Quantum session". */
  operation: string;
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** A form-encoded body instead of JSON (IAM). */
  form?: Record<string, string>;
  /** Zod schema for a 2xx body; omitted → body ignored. */
  schema?: S;
  /** Non-2xx statuses handed back instead of thrown (e.g. 404 on read). */
  allow?: number[];
  /** Sent on every attempt with the same value, which makes a POST safe to retry. */
  idempotency?: { header: string; token: string };
  /** A POST the vendor documents as safe to retry on 5xx (IBM). */
  replaySafeOnStatus?: boolean;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface HttpResponse<T> {
  status: number;
  headers: Record<string, string>;
  data: T;
  requestId?: string;
}

type Parsed<S> = S extends z.ZodType ? z.infer<S> : undefined;

const IDEMPOTENT = new Set(["GET", "PUT", "DELETE"]);

/** One HTTP pipeline for every vendor: auth, retries, timeouts, zod parsing, errors. */
export class HttpClient {
  readonly vendor: string;
  private readonly opts: HttpClientOptions;
  private readonly clock: Clock;
  private readonly policy: RetryPolicy;
  /** Counts attempts: the bench reports API calls per resource. */
  requestCount = 0;

  constructor(opts: HttpClientOptions) {
    this.opts = opts;
    this.vendor = opts.vendor;
    this.clock = opts.clock ?? systemClock;
    this.policy = { ...defaultRetryPolicy, ...opts.retry };
  }

  url(path: string, query?: RequestOptions["query"]): URL {
    const base = this.opts.baseUrl.replace(/\/+$/, "");
    const url = new URL(base + (path.startsWith("/") ? path : `/${path}`));
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    return url;
  }

  async request<S extends z.ZodType | undefined = undefined>(o: RequestOptions<S>): Promise<HttpResponse<Parsed<S>>> {
    const url = this.url(o.path, o.query);
    const body = o.form ? new URLSearchParams(o.form).toString() : o.body === undefined ? undefined : JSON.stringify(o.body);
    const mayRetryConnection = IDEMPOTENT.has(o.method) || !!o.idempotency;
    const mayRetryStatus = mayRetryConnection || !!o.replaySafeOnStatus || o.method === "PATCH";
    let reauthorized = false;
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = {
        accept: "application/json",
        "user-agent": "pulumi-sessions",
        ...this.opts.defaultHeaders,
        ...o.headers,
      };
      if (body !== undefined) headers["content-type"] = o.form ? "application/x-www-form-urlencoded" : "application/json";
      if (o.idempotency) headers[o.idempotency.header] = o.idempotency.token;
      const out: OutgoingRequest = { method: o.method, url, headers, body };
      await this.opts.auth?.apply(out);

      let status: number;
      let resHeaders: Record<string, string>;
      let text: string;
      try {
        this.requestCount++;
        const timeout = AbortSignal.timeout(this.opts.timeoutMs ?? 30000);
        const res = await undiciRequest(url, {
          method: o.method,
          headers: out.headers,
          body: out.body,
          dispatcher: this.opts.dispatcher,
          signal: o.signal ? AbortSignal.any([o.signal, timeout]) : timeout,
        });
        status = res.statusCode;
        resHeaders = flattenHeaders(res.headers);
        text = await res.body.text();
      } catch (e) {
        if (o.signal?.aborted) throw e;
        if (mayRetryConnection && attempt < this.policy.maxRetries) {
          await this.clock.sleep(retryDelayMs(this.policy, attempt + 1, undefined, this.clock.now()), o.signal);
          continue;
        }
        throw new ConnectionError(o.operation, `${this.vendor} at ${url.origin}`, e);
      }

      if (status === 401 && this.opts.auth?.invalidate && !reauthorized) {
        // An expired token is the common cause: fetch a fresh one once.
        this.opts.auth.invalidate();
        reauthorized = true;
        attempt--;
        continue;
      }
      if (status >= 200 && status < 300) {
        return { status, headers: resHeaders, data: this.parse(o, status, text, resHeaders), requestId: this.requestIdOf(undefined, resHeaders) };
      }
      if (isRetryableStatus(status) && (mayRetryStatus || status === 429) && attempt < this.policy.maxRetries) {
        await this.clock.sleep(retryDelayMs(this.policy, attempt + 1, resHeaders["retry-after"], this.clock.now()), o.signal);
        continue;
      }
      const json = safeJson(text);
      if (o.allow?.includes(status)) {
        return { status, headers: resHeaders, data: undefined as Parsed<S>, requestId: this.requestIdOf(json, resHeaders) };
      }
      throw this.apiError(o, url, status, json, text, resHeaders);
    }
  }

  private parse<S extends z.ZodType | undefined>(o: RequestOptions<S>, status: number, text: string, headers: Record<string, string>): Parsed<S> {
    if (!o.schema) return undefined as Parsed<S>;
    const json = safeJson(text);
    const result = o.schema.safeParse(json);
    if (result.success) return result.data as Parsed<S>;
    const issue = result.error.issues[0];
    throw new ApiError({
      status,
      operation: o.operation,
      method: o.method,
      path: this.url(o.path).pathname,
      vendorMessage: `unexpected response shape at ${issue?.path.join(".") || "(root)"}: ${issue?.message}`,
      requestId: this.requestIdOf(json, headers),
      bodyExcerpt: excerpt(text),
      hint: `The ${this.vendor} API answered in a shape this provider does not understand; please report it with the request id.`,
    });
  }

  private requestIdOf(json: unknown, headers: Record<string, string>): string | undefined {
    return (
      this.opts.parseError(200, json, headers).requestId ??
      headers["opc-request-id"] ??
      headers["x-request-id"] ??
      headers["x-correlation-id"]
    );
  }

  apiError(o: Pick<RequestOptions, "operation" | "method">, url: URL, status: number, json: unknown, text: string, headers: Record<string, string>): ApiError {
    const v = this.opts.parseError(status, json, headers);
    return new ApiError({
      status,
      operation: o.operation,
      method: o.method,
      path: url.pathname,
      vendorCode: v.code,
      vendorMessage: v.message ?? (json === undefined && text ? excerpt(text, 200) : undefined),
      requestId: v.requestId ?? this.requestIdOf(json, headers),
      bodyExcerpt: excerpt(text),
      hint: this.opts.hints?.[status],
    });
  }
}

export function newIdempotencyToken(): string {
  return randomUUID();
}

function flattenHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

function safeJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
