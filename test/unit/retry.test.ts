import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { fakeClock } from "../../provider/core/clock";
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  PreconditionFailedError,
  RateLimitError,
} from "../../provider/core/errors";
import { HttpClient } from "../../provider/core/http";
import { withDeadline } from "../../provider/core/deadline";
import { JupyterClient } from "../../provider/jupyter/client";
import { parseRetryAfter, retryDelayMs, defaultRetryPolicy } from "../../provider/core/retry";

const servers: { close(): Promise<void> }[] = [];
// Every scripted server goes when its test ends, whatever the outcome.
afterEach(() => Promise.all(servers.splice(0).map((s) => s.close())));

/** A scripted server: answers each request with the next entry. */
async function scripted(answers: { status: number; body?: unknown; raw?: string; headers?: Record<string, string>; reset?: boolean; hang?: boolean }[]) {
  const seen: { method: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.push({ method: req.method!, headers: req.headers, body });
      const a = answers[Math.min(seen.length - 1, answers.length - 1)];
      if (a.reset) return req.socket.destroy();
      if (a.hang) return;
      res.writeHead(a.status, { "content-type": "application/json", ...a.headers });
      // A vendor that echoes the caller's Authorization header in its message (some do).
      const payload = a.raw ?? (a.body === undefined ? undefined : JSON.stringify(a.body).replace("$AUTH", String(req.headers.authorization)));
      res.end(payload);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const handle = {
    url,
    seen,
    close: () =>
      new Promise<void>((r) => {
        if (!server.listening) return r();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
  servers.push(handle);
  return handle;
}

const client = (url: string, clock = fakeClock()) =>
  new HttpClient({
    vendor: "Test",
    baseUrl: url,
    clock,
    retry: { random: () => 0.5 },
    parseError: (_s, body) => {
      const b = body as { code?: string; message?: string; trace?: string } | undefined;
      return { code: b?.code, message: b?.message, requestId: b?.trace };
    },
  });

describe("retry policy", () => {
  it("honours Retry-After in seconds and as an HTTP date", () => {
    expect(parseRetryAfter("3", 0)).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter("soon", 0)).toBeUndefined();
    expect(retryDelayMs(defaultRetryPolicy, 1, "2", 0)).toBe(2000);
  });

  it("backs off exponentially with jitter up to a cap", () => {
    const p = { ...defaultRetryPolicy, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(retryDelayMs({ ...p, random: () => 0 }, 1, undefined, 0)).toBe(50);
    expect(retryDelayMs({ ...p, random: () => 0.999999 }, 3, undefined, 0)).toBe(400);
    expect(retryDelayMs({ ...p, random: () => 0.999999 }, 10, undefined, 0)).toBe(1000);
  });

  it("retries 503 on GET, waiting what Retry-After says, then succeeds", async () => {
    const s = await scripted([{ status: 503, headers: { "retry-after": "7" } }, { status: 200, body: { ok: true } }]);
    const clock = fakeClock();
    const res = await client(s.url, clock).request({ operation: "get thing", method: "GET", path: "/x", schema: z.object({ ok: z.boolean() }) });
    expect(res.data.ok).toBe(true);
    expect(s.seen).toHaveLength(2);
    expect(clock.sleeps).toEqual([7000]);
    await s.close();
  });

  it("create retries 503 with the same idempotency token", async () => {
    const s = await scripted([{ status: 503 }, { status: 500 }, { status: 201, body: {} }]);
    await client(s.url).request({ operation: "create", method: "POST", path: "/x", body: { a: 1 }, idempotency: { header: "opc-retry-token", token: "tok-1" } });
    expect(s.seen.map((r) => r.headers["opc-retry-token"])).toEqual(["tok-1", "tok-1", "tok-1"]);
    await s.close();
  });

  it("retries a connection reset only when the request carries an idempotency token", async () => {
    const s = await scripted([{ status: 0, reset: true }, { status: 200, body: {} }]);
    await client(s.url).request({ operation: "create", method: "POST", path: "/x", body: {}, idempotency: { header: "t", token: "1" } });
    expect(s.seen).toHaveLength(2);
    await s.close();
    const s2 = await scripted([{ status: 0, reset: true }, { status: 200, body: {} }]);
    await expect(client(s2.url).request({ operation: "create thing", method: "POST", path: "/x", body: {} })).rejects.toBeInstanceOf(ConnectionError);
    expect(s2.seen).toHaveLength(1);
    await s2.close();
  });

  it("does not retry a POST without a token on 500", async () => {
    const s = await scripted([{ status: 500, body: { code: "X", message: "boom" } }, { status: 200, body: {} }]);
    await expect(client(s.url).request({ operation: "create thing", method: "POST", path: "/x", body: {} })).rejects.toBeInstanceOf(ApiError);
    expect(s.seen).toHaveLength(1);
  });

  it("retries a POST on 5xx when the vendor promises a 5xx means nothing was done", async () => {
    const s = await scripted([{ status: 500, body: { code: "X", message: "boom" } }, { status: 503 }, { status: 200, body: { id: "made" } }]);
    const res = await client(s.url).request({ operation: "create thing", method: "POST", path: "/x", body: {}, repeatable: "after-error-status", schema: z.object({ id: z.string() }) });
    expect(res.data.id).toBe("made");
    expect(s.seen.map((r) => r.method)).toEqual(["POST", "POST", "POST"]);
  });

  it("does not send such a POST again when its answer was lost: that outcome is unknown", async () => {
    const s = await scripted([{ status: 0, reset: true }, { status: 200, body: {} }]);
    const err = await client(s.url).request({ operation: "create thing", method: "POST", path: "/x", body: {}, repeatable: "after-error-status" }).catch((e) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.outcomeUnknown).toBe(true);
    expect(s.seen).toHaveLength(1);
  });

  it.each([400, 401, 403, 404])("does not retry %i", async (status) => {
    const s = await scripted([{ status, body: { code: "E", message: "no" } }]);
    await expect(client(s.url).request({ operation: "get thing", method: "GET", path: "/x" })).rejects.toMatchObject({ status });
    expect(s.seen).toHaveLength(1);
    await s.close();
  });

  it("gives up after the maximum number of retries", async () => {
    const s = await scripted([{ status: 429 }]);
    await expect(client(s.url).request({ operation: "get thing", method: "GET", path: "/x" })).rejects.toMatchObject({ status: 429, code: "PS_API_ERROR" });
    expect(s.seen).toHaveLength(1 + defaultRetryPolicy.maxRetries);
    await s.close();
  });
});

describe("error mapping", () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [410, NotFoundError],
    [412, PreconditionFailedError],
    [422, BadRequestError],
    [429, RateLimitError],
    [500, InternalServerError],
    [503, InternalServerError],
  ] as const)("answers %i with its own error class, still an ApiError with the status", async (status, Class) => {
    const s = await scripted([{ status, body: { code: "E", message: "no" } }]);
    const err = await client(s.url, fakeClock()).request({ operation: "read thing", method: "PATCH", path: "/x" }).catch((e) => e);
    expect(err).toBeInstanceOf(Class);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(status);
  });

  it("keeps the underlying error of a connection failure as its cause", async () => {
    const s = await scripted([{ status: 200 }]);
    await s.close();
    const err = await client(s.url).request({ operation: "read thing", method: "GET", path: "/x" }).catch((e) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(JSON.stringify(err.cause?.code ?? err.cause?.cause?.code)).toContain("ECONNREFUSED");
    expect(err.tls).toBe(false);
    expect(err.message).not.toMatch(/TLS/);
  });

  it("names status, vendor code, request id and what to do, without credentials", async () => {
    const s = await scripted([{ status: 403, body: { code: "1214", message: "not authorized for $AUTH", trace: "req-42", token: "sekret-token-value" } }]);
    const err = await client(s.url)
      .request({ operation: "create IBM Quantum session", method: "POST", path: "/sessions", headers: { authorization: "Bearer sekret-bearer" } })
      .catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toContain("create IBM Quantum session failed: HTTP 403, code 1214: not authorized for Bearer [REDACTED]");
    expect(err.message).not.toContain("sekret");
    expect(err.message).toContain("request id req-42");
    expect(err.message).toMatch(/permission/);
    expect(err.bodyExcerpt).not.toContain("sekret");
    expect(JSON.stringify(err)).not.toContain("sekret");
    await s.close();
  });

  it("reports a response that does not match the schema with the field path", async () => {
    const s = await scripted([{ status: 200, body: { id: 5 } }]);
    const err = await client(s.url).request({ operation: "read", method: "GET", path: "/x", schema: z.object({ id: z.string() }) }).catch((e) => e);
    expect(err.message).toContain("unexpected response shape at id");
    await s.close();
  });

  it("drops the cached token on 401 and retries once with a fresh one", async () => {
    const s = await scripted([{ status: 401 }, { status: 200, body: {} }]);
    let issued = 0;
    let cached: string | undefined;
    const c = new HttpClient({
      vendor: "T",
      baseUrl: s.url,
      clock: fakeClock(),
      parseError: () => ({}),
      auth: {
        apply: (r) => void (r.headers.authorization = `Bearer ${(cached ??= `t${++issued}`)}`),
        invalidate: () => void (cached = undefined),
      },
    });
    await c.request({ operation: "get", method: "GET", path: "/" });
    await c.request({ operation: "get", method: "GET", path: "/" });
    expect(s.seen.map((r) => r.headers.authorization)).toEqual(["Bearer t1", "Bearer t2", "Bearer t2"]);
    await s.close();
  });

  it("re-authenticates only once: a second 401 is the answer", async () => {
    const s = await scripted([{ status: 401, body: { message: "bad key" } }]);
    const c = new HttpClient({ vendor: "T", baseUrl: s.url, clock: fakeClock(), parseError: (_s, b) => ({ message: (b as { message?: string })?.message }), auth: { apply: () => undefined, invalidate: () => undefined } });
    await expect(c.request({ operation: "get", method: "GET", path: "/" })).rejects.toMatchObject({ status: 401 });
    expect(s.seen).toHaveLength(2);
    await s.close();
  });
});

describe("deadlines and what is safe to repeat", () => {
  it("stops retrying when the next wait would pass the operation's deadline, and says so", async () => {
    const s = await scripted([{ status: 503, headers: { "retry-after": "30" } }]);
    const clock = fakeClock(1_000);
    const err = await withDeadline(1_000 + 5_000, () => client(s.url, clock).request({ operation: "read thing", method: "GET", path: "/x" })).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toMatch(/sent once; no time was left before the deadline/);
    expect(clock.sleeps).toEqual([]);
    await s.close();
  });

  it("does not hold a request to a server that never answers past the deadline", async () => {
    const s = await scripted([{ status: 0, hang: true }]);
    const c = new HttpClient({ vendor: "Test", baseUrl: s.url, timeoutMs: 10 * 60_000, parseError: () => ({}) });
    const err = await withDeadline(Date.now() + 300, () => c.request({ operation: "read thing", method: "GET", path: "/x" })).catch((e) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    await s.close();
  });

  it("retries a PATCH that renames on 503, but not one that starts a kernel", async () => {
    const s = await scripted([{ status: 503 }, { status: 200, body: {} }]);
    await client(s.url).request({ operation: "rename", method: "PATCH", path: "/x", body: { name: "n" }, repeatable: "always" });
    expect(s.seen).toHaveLength(2);
    await s.close();
    const s2 = await scripted([{ status: 503 }, { status: 200, body: { id: "s" } }]);
    const kernel = new JupyterClient(s2.url, "t", { clock: fakeClock() });
    await expect(kernel.patch("s", { kernel: { name: "python3" } })).rejects.toMatchObject({ status: 503 });
    expect(s2.seen).toHaveLength(1);
    await s2.close();
  });

  it("says a 200 whose body is not JSON is not JSON, with what it starts with", async () => {
    const s = await scripted([{ status: 200, raw: "<html><title>Sign in</title></html>" }]);
    const err = await client(s.url).request({ operation: "read thing", method: "GET", path: "/x", schema: z.object({ id: z.string() }) }).catch((e) => e);
    expect(err.message).toMatch(/the response is not JSON \(starts with: <html><title>Sign in/);
    expect(err.message).toMatch(/URL setting/);
    await s.close();
  });

  it("refuses a response larger than the limit", async () => {
    const s = await scripted([{ status: 200, raw: JSON.stringify({ blob: "x".repeat(4096) }) }]);
    const c = new HttpClient({ vendor: "Test", baseUrl: s.url, clock: fakeClock(), maxResponseBytes: 1024, parseError: () => ({}) });
    await expect(c.request({ operation: "read thing", method: "GET", path: "/x" })).rejects.toThrow(/larger than 1024 bytes/);
    await s.close();
  });

  it("says truthfully that a lost POST was sent once, not retried, and may have been applied", async () => {
    const s = await scripted([{ status: 0, reset: true }]);
    const err = await client(s.url).request({ operation: "create thing", method: "POST", path: "/x", body: {} }).catch((e) => e);
    expect(err).toMatchObject({ outcomeUnknown: true, attempts: 1 });
    expect(err.message).toMatch(/sent once; not retried: a POST without an idempotency token may already have been applied/);
    expect(err.message).not.toMatch(/was retried/);
    await s.close();
  });

  it("says how many times a GET was sent before giving up", async () => {
    const s = await scripted([{ status: 0, reset: true }]);
    const err = await client(s.url).request({ operation: "read thing", method: "GET", path: "/x" }).catch((e) => e);
    expect(err.message).toMatch(new RegExp(`sent ${1 + defaultRetryPolicy.maxRetries} times`));
    await s.close();
  });
});
