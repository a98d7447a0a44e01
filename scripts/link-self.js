// Lets programs inside this repo (test/e2e/programs, demo/) `import "pulumi-sessions"`
// the way users do, resolving through package.json `exports` to dist/: a link
// node_modules/pulumi-sessions → the project root. npm ci wipes node_modules, so
// `pretest`/`demo` recreate it.
const fs = require("node:fs");
const path = require("node:path");
const root = path.resolve(__dirname, "..");
const link = path.join(root, "node_modules", "pulumi-sessions");
try {
  if (fs.readlinkSync(link) === "..") process.exit(0);
  fs.rmSync(link, { recursive: true, force: true });
} catch {
  /* not a link yet */
}
fs.symlinkSync("..", link, "dir");
