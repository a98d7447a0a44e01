/** npm run chaos: the full chaos rounds (test/chaos/chaos.run.ts), one process, output as it comes. */
const base = require("./jest.config.js");
module.exports = { ...base, testMatch: ["<rootDir>/test/chaos/*.run.ts"], testPathIgnorePatterns: ["/node_modules/", "/dist/"], reporters: ["default"], maxWorkers: 1 };
