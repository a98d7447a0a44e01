/** npm run test:live: opt-in tests against the real services, credentials from env. */
const base = require("./jest.config.js");
module.exports = { ...base, testMatch: ["<rootDir>/test/**/*.live.test.ts"], testPathIgnorePatterns: ["/node_modules/", "/dist/"], globalSetup: undefined, globalTeardown: undefined };
