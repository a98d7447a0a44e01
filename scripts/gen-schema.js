#!/usr/bin/env node
// npm run gen:schema: writes schema.json (the provider plugin's Pulumi schema) from the zod
// schemas, via dist/ (run `npm run build` first; the npm script does). --check: exit 1 when
// the checked-in file differs (what the staleness test asserts too).
const fs = require("node:fs");
const path = require("node:path");
const { buildSchema } = require("../dist/provider/plugin/schema");
const file = path.resolve(__dirname, "..", "schema.json");
const text = `${JSON.stringify(buildSchema(), null, 2)}\n`;
if (process.argv.includes("--check")) {
  const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  if (current !== text) {
    process.stderr.write("schema.json is stale: run `npm run gen:schema` (and `npm run gen:sdks`)\n");
    process.exit(1);
  }
} else fs.writeFileSync(file, text);
