import { AsyncLocalStorage } from "node:async_hooks";
import { SessionsError } from "./errors";

/**
 * The deadline of the operation in progress (a create's wait, an update's wait), carried
 * like Go's context so every HTTP attempt, retry sleep and poll under it is bounded by
 * the one bound in effect, not by each layer's own. `source` names that bound in
 * messages ("waitTimeoutSeconds", "customTimeouts.create"). Absolute time on the clock of
 * the code that set it (the system clock in production).
 */
export interface Deadline {
  at: number;
  source: string;
}

const store = new AsyncLocalStorage<Deadline>();

/** The default name of a bound: the input every session resource has. */
export const WAIT_INPUT = "waitTimeoutSeconds";

/** Runs `fn` under `deadlineMs` (or the outer deadline, whichever comes first, with its name). */
export function withDeadline<T>(deadlineMs: number, fn: () => Promise<T>, source: string = WAIT_INPUT): Promise<T> {
  const outer = store.getStore();
  const inner = outer !== undefined && outer.at <= deadlineMs ? outer : { at: deadlineMs, source };
  return store.run(inner, fn);
}

/** The deadline in force, if any. */
export function currentDeadline(): number | undefined {
  return store.getStore()?.at;
}

/** The deadline in force with the name of the bound it comes from. */
export function deadlineInForce(): Deadline | undefined {
  return store.getStore();
}

/**
 * A request several callers share (one IAM token for every resource): it runs under its
 * own bound, never under the deadline of whichever caller started it, so one resource's
 * short timeout cannot fail another's request. Each caller then waits for it up to its own
 * deadline (`within`).
 */
export function sharedRequest<T>(ownMs: number, source: string, fn: () => Promise<T>): Promise<T> {
  return store.exit(() => withDeadline(Date.now() + ownMs, fn, source));
}

/** Thrown by `within` when the caller's own bound ends before a shared request answers. */
export class DeadlineError extends SessionsError {
  constructor(what: string, bound: Deadline) {
    super("PS_WAIT_TIMEOUT", `${what} did not finish before the deadline set by ${bound.source}. Raise ${bound.source} or run again.`);
  }
}

/** Waits for `p` until the caller's own deadline (if any), then gives up on it (not on the request itself). */
export async function within<T>(p: Promise<T>, what: string, now: () => number = Date.now): Promise<T> {
  const bound = store.getStore();
  if (bound === undefined) return p;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(what, bound)), Math.max(0, bound.at - now()));
  });
  try {
    return await Promise.race([p, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A wait length set by the engine for the operation in progress (the provider plugin's
 * `customTimeouts`), replacing the resource's `waitTimeoutSeconds` — longer or shorter.
 * `source` names it in the timeout message.
 */
const engineTimeouts = new AsyncLocalStorage<{ ms: number; source: string }>();

export function withEngineTimeout<T>(ms: number, source: string, fn: () => Promise<T>): Promise<T> {
  return ms > 0 ? engineTimeouts.run({ ms, source }, fn) : fn();
}

export function engineTimeout(): { ms: number; source: string } | undefined {
  return engineTimeouts.getStore();
}

/**
 * An operation the engine gave `seconds` for (0 = not set): the wait takes that length in
 * place of `waitTimeoutSeconds`, and the whole operation ends 10 s after it at the latest.
 */
export const engineBound = <T>(seconds: number, source: string, fn: () => Promise<T>): Promise<T> =>
  seconds > 0 ? withEngineTimeout(seconds * 1000, source, () => withDeadline(Date.now() + seconds * 1000 + 10_000, fn, source)) : fn();
