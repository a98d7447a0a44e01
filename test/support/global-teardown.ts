import type { RunningPostgres } from "./postgres";

/** After every test file: stop what global setup started for the whole run. */
export default async function globalTeardown(): Promise<void> {
  (globalThis as { __psPostgres?: RunningPostgres }).__psPostgres?.stop();
}
