import { systemClock, type Clock } from "./clock";
import { WAIT_INPUT, withDeadline } from "./deadline";
import { engineCancellation } from "./cancel";
import { SessionFailedError, SessionGoneError, SessionsError, WaitCancelledError, WaitTimeoutError } from "./errors";

/**
 * The one waiter (Terraform's StateChangeConf shape): poll `read` until the state is
 * a target, fail fast on a failure state, give up at the deadline. A state that is
 * in none of the lists is treated as pending, because vendors add states. The
 * deadline bounds everything under it, retries of each read included (deadline.ts).
 * Pauses start at `pollIntervalMs` and grow by half each poll up to `maxPollIntervalMs`
 * (never below `pollIntervalMs`): a quick state change is seen quickly, and a session
 * pending for minutes (an IBM queue) costs a few dozen reads, not hundreds.
 * A cancelled run (cancel.ts) ends the wait at its next pause; a read in flight finishes.
 */
export interface WaitSpec<T> {
  /** "IBM Quantum session crw9…": for messages. */
  what: string;
  read: () => Promise<T | undefined>;
  stateOf: (value: T) => string;
  target: string[];
  failure?: string[];
  /** Reason to show with a failure state. */
  reasonOf?: (value: T) => string | undefined;
  timeoutMs: number;
  pollIntervalMs: number;
  /** Longest pause between reads (default 15 s). */
  maxPollIntervalMs?: number;
  /** How many consecutive "not found" reads to tolerate (eventual consistency). */
  notFoundChecks?: number;
  /**
   * Called after a read that found a pending state (e.g. to nudge a kernel into reporting).
   * True: something happened that the next read will show, so read again at once.
   */
  onPending?: (value: T) => Promise<boolean | void>;
  /** Name of the input that sets the deadline, for the timeout message. */
  timeoutInput?: string;
  clock?: Clock;
  /** Stops the wait at its next pause (default: the engine's cancellation, cancel.ts). */
  signal?: AbortSignal;
}

const BACKOFF = 1.5;
export const DEFAULT_MAX_POLL_INTERVAL_MS = 15_000;

export async function waitForState<T>(spec: WaitSpec<T>): Promise<T> {
  const clock = spec.clock ?? systemClock;
  const start = clock.now();
  const deadline = start + spec.timeoutMs;
  let lastState = "(not read yet)";
  let notFound = 0;
  let pause = spec.pollIntervalMs;
  let nudged = false;
  const maxPause = Math.max(spec.pollIntervalMs, spec.maxPollIntervalMs ?? DEFAULT_MAX_POLL_INTERVAL_MS);
  const signal = spec.signal ?? engineCancellation;
  const timedOut = () => new WaitTimeoutError(spec.what, spec.target, lastState, clock.now() - start, spec.timeoutInput);
  const cancelled = () => new WaitCancelledError(spec.what, spec.target, lastState);
  const poll = async (): Promise<T> => {
    for (;;) {
      let value: T | undefined;
      try {
        value = await spec.read();
      } catch (e) {
        // A read cut short by the deadline is the deadline's failure, not the read's.
        if (e instanceof SessionsError && clock.now() >= deadline) throw timedOut();
        throw e;
      }
      if (value === undefined) {
        notFound++;
        if (notFound > (spec.notFoundChecks ?? 0)) throw new SessionGoneError(spec.what);
        lastState = "(not found)";
      } else {
        notFound = 0;
        lastState = spec.stateOf(value);
        if (spec.target.includes(lastState)) return value;
        if (spec.failure?.includes(lastState)) throw new SessionFailedError(spec.what, lastState, spec.reasonOf?.(value));
        if ((await spec.onPending?.(value)) === true && !nudged) {
          nudged = true; // once: a pending state that stays pending gets the usual pauses
          continue;
        }
      }
      const elapsed = clock.now() - start;
      if (elapsed >= spec.timeoutMs) throw timedOut();
      if (signal.aborted) throw cancelled();
      await clock.sleep(Math.min(pause, Math.max(1, spec.timeoutMs - elapsed)), signal).catch((e) => {
        throw signal.aborted ? cancelled() : e;
      });
      pause = Math.min(maxPause, Math.round(pause * BACKOFF));
    }
  };
  return withDeadline(deadline, poll, spec.timeoutInput ?? WAIT_INPUT);
}
