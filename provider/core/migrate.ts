import type { Props } from "./vendor";

/**
 * State written by an earlier release is read as stored: a kind lists small upgrade steps
 * (like Terraform's state upgraders), each for state written before a version, and they run
 * in order on what the engine hands back (outputs, or inputs and outputs) before anything
 * else reads it. Today's validators never reject stored values (`storedInputs`): a
 * validator tightened in a later release must not make an existing session impossible to
 * refresh, update or destroy.
 */
export interface StateMigration {
  /** Applies to state whose `providerVersion` is older than this (or missing). */
  before: string;
  /** What it does, for the docs. */
  what: string;
  migrate(stored: Props): Props;
}

/** Compares dotted release numbers ("0.10.0" > "0.9.2"); a prerelease suffix is ignored. */
export function olderThan(version: string, than: string): boolean {
  const parts = (v: string) => v.split("-")[0].split(".").map((x) => Number.parseInt(x, 10) || 0);
  const [a, b] = [parts(version), parts(than)];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  }
  return false;
}

/** `stored` upgraded by every step written for a later version than the one that wrote it. */
export function migrateStored(stored: Props, migrations: readonly StateMigration[] = []): Props {
  const version = typeof stored.providerVersion === "string" ? stored.providerVersion : undefined;
  let out = stored;
  for (const m of migrations) if (version === undefined || olderThan(version, m.before)) out = m.migrate(out);
  return out;
}
