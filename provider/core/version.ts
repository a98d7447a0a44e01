import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The package version, stamped into every resource's outputs so `diff` can tell
 * that state was written by other provider code (docs/pulumi-engine.md: the stored provider code). Found by walking
 * up from this file, which works from source (tests) and from dist/ (installs).
 */
function findVersion(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "pulumi-sessions" && pkg.version) return pkg.version;
    }
    dir = path.dirname(dir);
  }
  return "0.0.0-unknown";
}

export const PACKAGE_VERSION = findVersion();
