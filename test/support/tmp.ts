import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * Temp dirs a test file makes, removed after its last test whatever the outcome
 * (test/support/after-env.ts registers the `afterAll`). Jest gives each test file its own
 * module registry, so each file removes only its own.
 */
const made: string[] = [];

export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
