/**
 * The one retry policy: 408/429/5xx and connection errors, Retry-After honoured,
 * jittered exponential backoff with a cap. Whether a non-idempotent request may be
 * retried at all is decided by the caller (see `RetryableRequest.replaySafe`).
 */
export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Upper bound for a server-provided Retry-After; longer ones are capped. */
  maxRetryAfterMs: number;
  /** [0,1): injected for deterministic tests. */
  random: () => number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxRetries: 4,
  baseDelayMs: 250,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60000,
  random: Math.random,
};

export const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504, 520, 521, 522, 524]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUS.has(status);
}

/**
 * Delay before retry number `attempt` (1-based). A valid Retry-After (seconds or an
 * HTTP date) wins over backoff; otherwise "full jitter" between half and the whole
 * exponential step, so parallel resources do not retry in lockstep.
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, retryAfter: string | undefined, nowMs: number): number {
  const fromHeader = parseRetryAfter(retryAfter, nowMs);
  if (fromHeader !== undefined) return Math.min(fromHeader, policy.maxRetryAfterMs);
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + policy.random() * (step / 2));
}

export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
