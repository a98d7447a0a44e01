import { randomUUID } from "node:crypto";
import type { Dispatcher } from "undici";
import type { z } from "zod";
import { systemClock, type Clock } from "./clock";
import { deadlineInForce } from "./deadline";
import { ApiError, ConnectionError, type RetryNote } from "./errors";
import { excerpt, redactText } from "./redact";
import { defaultRetryPolicy, isRetryableStatus, retryDelayMs, type RetryPolicy } from "./retry";

/**
 * undici loads on the first request, not with this module: a provider process that only
 * checks and diffs (every `preview`) makes no request, and loading it costs ~0.1 s of CPU
 * per process (bench --cpu-prof).
 */
let undiciModule: typeof import("undici") | undefined;
const undici = () => (undiciModule ??= require("undici") as typeof import("undici"));

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
  /** Where the user sets this URL, named in errors: "QISKIT_IBM_URL / pulumi-sessions:ibmUrl". */
  urlSetting?: string;
  /** Per attempt; an operation's deadline (see deadline.ts) can only shorten it. */
  timeoutMs?: number;
  maxResponseBytes?: number;
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
  /** Sent on every attempt with the same value, which makes a POST safe to repeat. */
  idempotency?: { header: string; token: string };
  /**
   * When the request may be sent again (default: "always" for GET/PUT/DELETE and
   * requests with an idempotency token, else only when it certainly was not processed:
   * 429 or a refused connection).
   * - "always": repeating it changes nothing, even if the first one was applied.
   * - "after-error-status": the vendor promises a 5xx means nothing was done (IBM's
   *   POST /sessions); a lost answer is still an unknown outcome.
   */
  repeatable?: "always" | "after-error-status";
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
/** Connection errors that prove the request never reached the server. */
const NOT_SENT = new Set(["ECONNREFUSED", "UND_ERR_CONNECT_TIMEOUT", "ENOTFOUND", "EAI_AGAIN"]);
/** A TLS handshake that failed: nothing was sent either. */
const TLS_FAILURE = /^(ERR_SSL|ERR_TLS|EPROTO|CERT_|DEPTH_ZERO|UNABLE_TO_|SELF_SIGNED)/;
/** Responses larger than this are refused: no session API answers with megabytes. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

/** One HTTP pipeline for every vendor: auth, retries, deadlines, zod parsing, errors. */
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

  private get setting(): string {
    return this.opts.urlSetting ?? `the ${this.vendor} URL setting`;
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
    const repeatable = o.repeatable ?? (IDEMPOTENT.has(o.method) || o.idempotency ? "always" : undefined);
    const bound = deadlineInForce();
    const deadline = bound?.at;
    const target = `${this.vendor} at ${url.origin}`;
    let reauthorized = false;
    let attempts = 0;
    /** No HTTP answer: says how many times it was sent, whether it may have been applied, and why not again. */
    const noAnswer = (cause: unknown, outcomeUnknown: boolean, why: string) =>
      new ConnectionError(o.operation, target, cause, { attempts, outcomeUnknown, why, setting: this.opts.urlSetting, tls: TLS_FAILURE.test(errorCode(cause)) });
    /** Sleeps before the next attempt, or says why there is none. */
    const retryAfter = async (delayMs: number): Promise<string | undefined> => {
      if (attempts > this.policy.maxRetries) return undefined;
      if (deadline !== undefined && this.clock.now() + delayMs >= deadline) return `no time was left before the deadline set by ${bound!.source} to retry`;
      await this.clock.sleep(delayMs, o.signal);
      return "";
    };
    for (;;) {
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

      const remaining = deadline === undefined ? Infinity : deadline - this.clock.now();
      if (remaining <= 0) throw noAnswer(new Error(`the deadline set by ${bound!.source} was reached`), false, "");
      let status: number;
      let resHeaders: Record<string, string>;
      let text: string;
      attempts++;
      try {
        this.requestCount++;
        const timeout = AbortSignal.timeout(Math.max(1, Math.min(this.opts.timeoutMs ?? 30000, remaining)));
        const res = await undici().request(url, {
          method: o.method,
          headers: out.headers,
          body: out.body,
          dispatcher: this.opts.dispatcher,
          signal: o.signal ? AbortSignal.any([o.signal, timeout]) : timeout,
        });
        status = res.statusCode;
        resHeaders = flattenHeaders(res.headers);
        text = await readBounded(res.body, this.opts.maxResponseBytes ?? MAX_RESPONSE_BYTES);
      } catch (e) {
        if (o.signal?.aborted) throw e;
        if (e instanceof ResponseTooLarge) throw this.tooLarge(o, url, e.limit);
        const code = errorCode(e);
        const notSent = NOT_SENT.has(code) || TLS_FAILURE.test(code);
        if (!notSent && repeatable !== "always") {
          throw noAnswer(e, true, `not retried: a ${o.method} without an idempotency token may already have been applied`);
        }
        const why = await retryAfter(retryDelayMs(this.policy, attempts, undefined, this.clock.now()));
        if (why === "") continue;
        throw noAnswer(e, !notSent && o.method !== "GET", why ?? "");
      }

      if (status === 401 && this.opts.auth?.invalidate && !reauthorized) {
        // An expired token is the common cause: fetch a fresh one once.
        this.opts.auth.invalidate();
        reauthorized = true;
        attempts--;
        continue;
      }
      if (status >= 200 && status < 300) {
        return { status, headers: resHeaders, data: this.parse(o, status, text, resHeaders), requestId: this.requestIdOf(undefined, resHeaders) };
      }
      // 429 means "not processed": always safe to send again. A 5xx only when the vendor says so.
      const mayRetry = isRetryableStatus(status) && (status === 429 || repeatable !== undefined);
      let why = "";
      if (mayRetry) {
        const w = await retryAfter(retryDelayMs(this.policy, attempts, resHeaders["retry-after"], this.clock.now()));
        if (w === "") continue;
        why = w ?? "";
      }
      const json = safeJson(text);
      if (o.allow?.includes(status)) {
        return { status, headers: resHeaders, data: undefined as Parsed<S>, requestId: this.requestIdOf(json, resHeaders) };
      }
      throw this.apiError(o, url, status, json, text, resHeaders, { attempts, why });
    }
  }

  private parse<S extends z.ZodType | undefined>(o: RequestOptions<S>, status: number, text: string, headers: Record<string, string>): Parsed<S> {
    if (!o.schema) return undefined as Parsed<S>;
    const json = safeJson(text);
    const result = o.schema.safeParse(json);
    if (result.success) return result.data as Parsed<S>;
    const issue = result.error.issues[0];
    const what =
      json === undefined
        ? `the response is not JSON (${text ? `starts with: ${excerpt(text, 120)}` : "empty body"})`
        : `unexpected response shape at ${issue?.path.join(".") || "(root)"}: ${issue?.message}`;
    throw ApiError.from({
      status,
      operation: o.operation,
      method: o.method,
      path: this.url(o.path).pathname,
      vendorMessage: what,
      requestId: this.requestIdOf(json, headers),
      bodyExcerpt: excerpt(text),
      hint:
        json === undefined
          ? `Check that ${this.setting} points at the ${this.vendor} API itself (not a login page, proxy or web UI).`
          : `The ${this.vendor} API answered in a shape this provider does not understand; please report it with the request id.`,
    });
  }

  private tooLarge(o: Pick<RequestOptions, "operation" | "method">, url: URL, limit: number): ApiError {
    return ApiError.from({
      status: 0,
      operation: o.operation,
      method: o.method,
      path: url.pathname,
      vendorMessage: `the response is larger than ${limit} bytes`,
      hint: `Check that ${this.setting} points at the ${this.vendor} API itself.`,
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

  apiError(
    o: Pick<RequestOptions, "operation" | "method">,
    url: URL,
    status: number,
    json: unknown,
    text: string,
    headers: Record<string, string>,
    retries?: RetryNote,
  ): ApiError {
    const v = this.opts.parseError(status, json, headers);
    const message = v.message ?? (json === undefined && text ? excerpt(text, 200) : undefined);
    return ApiError.from({
      status,
      operation: o.operation,
      method: o.method,
      path: url.pathname,
      vendorCode: v.code,
      // Vendors echo request fragments in messages; never let a credential through.
      vendorMessage: message === undefined ? undefined : redactText(message),
      requestId: v.requestId ?? this.requestIdOf(json, headers),
      bodyExcerpt: excerpt(text),
      hint: this.opts.hints?.[status],
      retries,
    });
  }
}

class ResponseTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`response larger than ${limit} bytes`);
  }
}

/** Reads a body up to `limit` bytes; a larger one is abandoned (and its socket with it). */
async function readBounded(body: Dispatcher.ResponseData["body"], limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      body.destroy();
      throw new ResponseTooLarge(limit);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function errorCode(e: unknown): string {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === "object"; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string") return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return "";
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
