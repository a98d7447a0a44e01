/**
 * One error family with stable machine codes (undici style). Every message says
 * what happened and what to do; none ever carries a credential.
 */
export type ErrorCode =
  | "PS_API_ERROR"
  | "PS_CONNECTION"
  | "PS_WAIT_TIMEOUT"
  /** A wait stopped because the user cancelled the run (Ctrl-C reaching the provider plugin). */
  | "PS_WAIT_CANCELLED"
  | "PS_SESSION_FAILED"
  | "PS_SESSION_GONE"
  | "PS_CONFIG"
  | "PS_INVALID_INPUT"
  | "PS_CONFLICT"
  /** A `pulumi import` id that does not parse. */
  | "PS_IMPORT_ID"
  /** A create's answer was lost and what it did cannot be told for sure. */
  | "PS_UNKNOWN_OUTCOME"
  /** A listing a create depends on could not be completed, so nothing was created. */
  | "PS_LISTING_INCOMPLETE";

export class SessionsError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

export interface ApiErrorDetails {
  status: number;
  /** What we were doing: "create IBM Quantum session". */
  operation: string;
  method: string;
  /** Path only: no query string, so tokens passed in queries never leak. */
  path: string;
  vendorCode?: string;
  vendorMessage?: string;
  requestId?: string;
  bodyExcerpt?: string;
  hint?: string;
  retries?: RetryNote;
}

/** How many times a request was sent, and why it was not sent again: errors say it truthfully. */
export interface RetryNote {
  attempts: number;
  /** Why there was no further attempt ("" when retries simply ran out or none was due). */
  why: string;
}

export function describeAttempts(r: RetryNote | undefined): string {
  if (!r || r.attempts <= 0) return "";
  const sent = r.attempts === 1 ? "sent once" : `sent ${r.attempts} times`;
  return r.why ? `${sent}; ${r.why}` : sent;
}

/**
 * The vendor answered with an error status. `ApiError.from` picks the subclass for the
 * status (Stainless SDKs' family), so callers branch on the class, not on numbers:
 * `e instanceof NotFoundError`.
 */
export class ApiError extends SessionsError {
  readonly status: number;
  readonly vendorCode?: string;
  readonly requestId?: string;
  readonly bodyExcerpt?: string;
  readonly details: ApiErrorDetails;
  constructor(d: ApiErrorDetails) {
    const parts = [`${d.operation} failed: HTTP ${d.status}`];
    if (d.vendorCode) parts.push(`code ${d.vendorCode}`);
    let msg = parts.join(", ");
    if (d.vendorMessage) msg += `: ${d.vendorMessage}`;
    msg += ` (${d.method} ${d.path}`;
    if (d.requestId) msg += `, request id ${d.requestId}`;
    const attempts = describeAttempts(d.retries);
    if (attempts) msg += `; ${attempts}`;
    msg += ")";
    msg += `. ${d.hint ?? defaultHint(d.status)}`;
    super("PS_API_ERROR", msg);
    this.status = d.status;
    this.vendorCode = d.vendorCode;
    this.requestId = d.requestId;
    this.bodyExcerpt = d.bodyExcerpt;
    this.details = d;
  }

  /** The error of the class for `d.status` (ApiError itself for statuses without one). */
  static from(d: ApiErrorDetails): ApiError {
    const Class = STATUS_CLASSES[d.status] ?? (d.status >= 500 ? InternalServerError : ApiError);
    return new Class(d);
  }
}

/** 400 and 422: the request was refused as invalid. */
export class BadRequestError extends ApiError {}
/** 401: the credentials were rejected. */
export class AuthenticationError extends ApiError {}
/** 403: valid credentials without permission (or the feature is off for the account). */
export class PermissionDeniedError extends ApiError {}
/** 404, and 410: the object is not there (any more). */
export class NotFoundError extends ApiError {}
/** 409: conflicts with the object's current state. */
export class ConflictError extends ApiError {}
/** 412: the etag sent with `if-match` is stale. */
export class PreconditionFailedError extends ApiError {}
/** 429: not processed; safe to send again later. */
export class RateLimitError extends ApiError {}
/** 5xx: the service failed. */
export class InternalServerError extends ApiError {}

const STATUS_CLASSES: Partial<Record<number, new (d: ApiErrorDetails) => ApiError>> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  410: NotFoundError,
  412: PreconditionFailedError,
  422: BadRequestError,
  429: RateLimitError,
};

export function defaultHint(status: number): string {
  if (status === 400 || status === 422) return "Check the resource inputs against the vendor's limits.";
  if (status === 401) return "The credentials were rejected: check the API key/token and that it has not expired or been revoked.";
  if (status === 403) return "The credentials are valid but lack permission for this operation, or the feature is not enabled for the account.";
  if (status === 404) return "The object does not exist (any more): run `pulumi refresh` if it was removed outside Pulumi.";
  if (status === 409) return "The request conflicts with the current state; retry later or run `pulumi refresh`.";
  if (status === 412) return "The object changed since it was read; run `pulumi refresh` and try again.";
  if (status === 429) return "Rate limited; run again later or lower the parallelism (`pulumi up --parallel`).";
  if (status >= 500) return "The service failed; run again later and quote the request id to the vendor's support.";
  return "See the vendor's error message above.";
}

/**
 * No HTTP answer at all (refused, reset, timed out, TLS handshake failed). The
 * underlying error is its `cause`; `tls` says the handshake was what failed.
 */
export class ConnectionError extends SessionsError {
  /** The request may have been applied (sent, answer lost): a create must look before it leaps. */
  readonly outcomeUnknown: boolean;
  readonly attempts: number;
  readonly tls: boolean;
  constructor(operation: string, target: string, cause: unknown, note: RetryNote & { outcomeUnknown: boolean; setting?: string; tls?: boolean }) {
    const why = cause instanceof Error ? cause.message : String(cause);
    const attempts = describeAttempts(note);
    const check = note.tls
      ? `The TLS handshake failed: check that ${note.setting ?? "the endpoint setting"} uses the scheme the server speaks (http or https) and that its certificate is trusted, then run again.`
      : `Check ${note.setting ?? "the endpoint setting"} and the network, then run again.`;
    super(
      "PS_CONNECTION",
      `${operation} failed: no answer from ${target} (${why}${attempts ? `; ${attempts}` : ""}). ` + (note.outcomeUnknown ? "The request may have been applied. " : "") + check,
      { cause },
    );
    this.outcomeUnknown = note.outcomeUnknown;
    this.attempts = note.attempts;
    this.tls = note.tls ?? false;
  }
}

export class WaitTimeoutError extends SessionsError {
  readonly expected: string[];
  readonly lastState: string;
  readonly elapsedMs: number;
  constructor(what: string, expected: string[], lastState: string, elapsedMs: number, timeoutInput = "waitTimeoutSeconds") {
    super(
      "PS_WAIT_TIMEOUT",
      `${what} did not reach ${expected.join(" or ")} within ${Math.round(elapsedMs / 1000)}s (last state: ${lastState}). ` +
        `It is kept in the stack; run \`pulumi up\` again to keep waiting, raise \`${timeoutInput}\`, or \`pulumi destroy\` it.`,
    );
    this.expected = expected;
    this.lastState = lastState;
    this.elapsedMs = elapsedMs;
  }
}

export class WaitCancelledError extends SessionsError {
  readonly lastState: string;
  constructor(what: string, expected: string[], lastState: string) {
    super(
      "PS_WAIT_CANCELLED",
      `stopped waiting for ${what} to reach ${expected.join(" or ")} because the run was cancelled (last state: ${lastState}). ` +
        `It is kept in the stack; run \`pulumi up\` again to keep waiting, or \`pulumi destroy\` it.`,
    );
    this.lastState = lastState;
  }
}

export class SessionFailedError extends SessionsError {
  readonly state: string;
  readonly reason?: string;
  constructor(what: string, state: string, reason?: string) {
    super(
      "PS_SESSION_FAILED",
      `${what} entered state ${state}${reason ? ` (${reason})` : ""}. It is kept in the stack so \`pulumi destroy\` can clean it up; ` +
        `fix the cause and run \`pulumi up\` (or replace it with \`pulumi up --replace <urn>\`).`,
    );
    this.state = state;
    this.reason = reason;
  }
}

export class SessionGoneError extends SessionsError {
  constructor(what: string) {
    super("PS_SESSION_GONE", `${what} no longer exists remotely. Run \`pulumi refresh\` to drop it from the stack, then \`pulumi up\` to open a new one.`);
  }
}

export class ConfigError extends SessionsError {
  /** Env vars and config keys that would fix it, for tests and tooling. */
  readonly settings: string[];
  constructor(message: string, settings: string[]) {
    super("PS_CONFIG", message);
    this.settings = settings;
  }
}

/** A "is this path taken?" listing that did not end: nothing is created on an answer that could be wrong. */
export class ListingIncompleteError extends SessionsError {
  constructor(kind: string, path: string, pages: number, pageSize: number) {
    super(
      "PS_LISTING_INCOMPLETE",
      `cannot tell whether a ${kind} already exists for path "${path}": the listing did not end after ${pages} pages of ${pageSize} (the service may not apply the path filter). ` +
        "Nothing was created: a create for a taken path returns, and would take over, that session. Check the workspace's sessions in the console, " +
        "or set adoptExisting: true if you mean to manage the session at that path.",
    );
  }
}

/** The service offers no way to find a session by what it was created with (Deepnote lists no sessions). */
export class CannotLookError extends SessionsError {
  constructor(kind: string) {
    super("PS_UNKNOWN_OUTCOME", `${kind}s cannot be listed or looked for: the service offers no listing (docs/services/). Import one by its id (README "Import existing sessions"); one nobody tracks ends by itself after its idle shutdown.`);
  }
}

/** `pulumi-sessions discover` for a kind whose sessions live somewhere it must be told (a workspace, a server). */
export class WhereNeededError extends SessionsError {
  constructor(kind: string, keys: string[]) {
    super("PS_CONFIG", `listing ${kind}s needs to know where: ${keys.map((k) => `--where ${k}=<value>`).join(" ")}`);
  }
}

/** A session already exists where this one would go (a notebook path), and adopting it was not asked for. */
export class SessionExistsError extends SessionsError {
  constructor(message: string) {
    super("PS_CONFLICT", message);
  }
}

/** Inputs that do not match the schema where they should have been checked (`check` runs first on every engine path). */
export class InvalidInputError extends SessionsError {
  constructor(kind: string, property: string, reason: string) {
    super("PS_INVALID_INPUT", `invalid ${kind} input ${property}: ${reason}. Fix it in the program and run \`pulumi preview\` to see every problem.`);
  }
}

/** `pulumi import <type> <name> <id>` with an id in the wrong format: says the right one. */
export class ImportIdError extends SessionsError {
  constructor(kind: string, id: string, format: string, example: string) {
    super("PS_IMPORT_ID", `cannot import ${kind} "${id}": the import id must be ${format}, e.g. ${example}`);
  }
}
