import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * Temp dirs a test file makes, removed when the file is done whatever the outcome: by its
 * test environment's teardown (test/support/environment.js), which runs after every
 * afterAll of the file — those may still need them (a stack destroyed in afterAll needs its
 * backend). Each test file has its own global, so each removes only its own.
 */
const made: string[] = ((globalThis as { __psTempDirs?: string[] }).__psTempDirs ??= []);

export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}
