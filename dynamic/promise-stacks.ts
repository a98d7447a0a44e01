/**
 * Called around `super(...)` in the resource classes. While a resource is constructed,
 * `@pulumi/pulumi` takes `new Error().stack` for every promise of every property
 * (debuggablePromise, kept only for its promise-leak report), and under a TypeScript program
 * each stack is mapped through source maps: with ~25 properties per session that was the
 * largest CPU cost of a 300-session program, on the critical path of `up` and `preview`
 * (bench --cpu-prof). Those traces are taken without frames. The resource's source position,
 * which Pulumi captures under its own stack limit, is unaffected. Returns the restore function.
 */
export function withoutPromiseStacks(): () => void {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  return () => {
    Error.stackTraceLimit = limit;
  };
}
