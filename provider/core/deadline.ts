import { AsyncLocalStorage } from "node:async_hooks";

/**
 * The deadline of the operation in progress (a create's wait, an update's wait),
 * carried like Go's context so every HTTP attempt, retry sleep and poll under it is
 * bounded by the one the user set (`waitTimeoutSeconds`), not by each layer's own.
 * Absolute time on the clock of the code that set it (the system clock in production).
 */
const store = new AsyncLocalStorage<number>();

export function withDeadline<T>(deadlineMs: number, fn: () => Promise<T>): Promise<T> {
  const outer = store.getStore();
  return store.run(outer === undefined ? deadlineMs : Math.min(outer, deadlineMs), fn);
}

/** The deadline in force, if any. */
export function currentDeadline(): number | undefined {
  return store.getStore();
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
