/**
 * Warnings a handler raises about the resource it serves (a lost create taken over, a
 * fallback it had to use). They go to the engine, attached to that resource, through the
 * sink the engine path installs for the request in progress (the provider plugin: the
 * engine's log service with the resource's URN); without one, to stderr, which the engine
 * shows as the run's output.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export type WarningSink = (message: string) => void;

const sinks = new AsyncLocalStorage<WarningSink>();

/** Runs `fn` with `sink` receiving the warnings of the request it serves. */
export function withWarnings<T>(sink: WarningSink, fn: () => Promise<T>): Promise<T> {
  return sinks.run(sink, fn);
}

/** Default for engine paths that attach nothing: one line on stderr. */
let fallback: WarningSink = (message) => process.stderr.write(`warning: ${message}\n`);

/** Where warnings go when no request installed a sink (the dynamic-provider process sets the engine's log). */
export function setFallbackWarnings(sink: WarningSink): void {
  fallback = sink;
}

export function warn(message: string): void {
  (sinks.getStore() ?? fallback)(message);
}
