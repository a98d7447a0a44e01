/** npm test: unit, emulator, handler and end-to-end tests (the e2e ones drive the real Pulumi CLI). */
module.exports = {
  testEnvironment: "<rootDir>/test/support/environment.js",
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: { warnOnly: false } }] },
  testMatch: ["<rootDir>/test/**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/", "/test/e2e/programs/", "\\.live\\.test\\.ts$"],
  globalSetup: "<rootDir>/test/support/global-setup.ts",
  globalTeardown: "<rootDir>/test/support/global-teardown.ts",
  reporters: ["default", "<rootDir>/test/support/summary-reporter.js"],
  // e2e files run the Pulumi engine; on 2 cores, two workers keep it from thrashing.
  maxWorkers: 2,
  testTimeout: 30000,
};
