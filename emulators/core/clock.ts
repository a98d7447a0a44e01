/**
 * The emulators' notion of time. State machines are evaluated lazily against
 * `now()` on every request (no timers), so a test can move time forward with
 * `advance()` (or the control endpoint) and see TTLs expire deterministically.
 */
export interface EmulatorClock {
  now(): number;
  advance(ms: number): void;
}

/** Wall-clock time plus an offset that only grows. */
export function systemClock(): EmulatorClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance: (ms) => {
      offset += Math.max(0, ms);
    },
  };
}

/** A clock that moves only when told to: for unit tests. */
export function manualClock(start = Date.UTC(2026, 0, 1)): EmulatorClock {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      t += Math.max(0, ms);
    },
  };
}

export const isoTime = (ms: number): string => new Date(ms).toISOString();
