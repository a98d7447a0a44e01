/**
 * The engine's request to stop: a user's first Ctrl-C, which reaches the provider plugin
 * as `Cancel` (the dynamic-provider host has no such call). Waits end at their next pause
 * (waiter.ts) and the session goes to state through the init-error path, so the next `up`
 * resumes it. Requests in flight are left to finish: a create cut short could open a
 * session the stack never hears of. One per process: the engine cancels the whole run.
 */
const engine = new AbortController();

export const engineCancellation: AbortSignal = engine.signal;

export function signalCancellation(): void {
  engine.abort(new Error("the engine cancelled the run"));
}
