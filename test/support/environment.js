// The test environment of every test file: Node's, plus removing the temp dirs the file made
// through tempDir() (test/support/tmp.ts) once the file is done — after all of its own
// afterAll hooks, which may still use them (a stack destroyed in afterAll needs its backend).
const fs = require("node:fs");
const NodeEnvironment = require("jest-environment-node").TestEnvironment;

class SessionsTestEnvironment extends NodeEnvironment {
  async teardown() {
    for (const dir of this.global.__psTempDirs ?? []) fs.rmSync(dir, { recursive: true, force: true });
    await super.teardown();
  }
}

module.exports = SessionsTestEnvironment;
