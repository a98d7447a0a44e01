/**
 * The one way an emulator holds its state: a seed for a fresh start, a view for
 * `/_emulator/state`, and a check that a restored snapshot (state file) is usable.
 * Handlers read `box.current` on every request, so reset and restore swap it whole.
 */
export interface StateBox<S = unknown> {
  readonly current: S;
  /** `{...view, store}`: the readable part for tests and users, plus what restore needs. */
  snapshot(): unknown;
  restore(snapshot: unknown): void;
  reset(): void;
}

export function stateBox<S extends object>(seed: () => S, opts: { view?: (s: S) => Record<string, unknown>; accept: (raw: unknown) => raw is S; onRestore?: (s: S) => S }): StateBox<S> {
  let current = seed();
  return {
    get current() {
      return current;
    },
    snapshot: () => ({ ...(opts.view?.(current) ?? {}), store: current }),
    restore(snapshot) {
      const raw = (snapshot as { store?: unknown } | undefined)?.store;
      if (opts.accept(raw)) current = opts.onRestore ? opts.onRestore(raw) : raw;
    },
    reset() {
      current = seed();
    },
  };
}
