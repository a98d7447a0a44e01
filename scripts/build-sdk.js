// Part of `npm run build`: the generated TypeScript SDK reads its version from the package.json
// the generator wrote beside it; the compiled copy (dist/sdk/nodejs) gets that file too.
const fs = require("node:fs");
const path = require("node:path");
const root = path.resolve(__dirname, "..");
fs.copyFileSync(path.join(root, "sdk/nodejs/package.json"), path.join(root, "dist/sdk/nodejs/package.json"));
