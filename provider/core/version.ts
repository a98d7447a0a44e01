import * as fs from "node:fs";
import * as path from "node:path";

/** Set by the release build (scripts/package.js) in the self-contained plugin, which has no package.json beside it. */
declare const __PS_VERSION__: string | undefined;

/**
 * The package version, stamped into every resource's outputs so `diff` can tell that state
 * was written by other provider code (docs/pulumi-engine.md: the stored provider code).
 * Found by walking up from this file, which works from source (tests) and from dist/
 * (installs). `package.json`'s version is the one version source: the schema, the plugin,
 * the SDKs and the release assets all take it from there.
 */
function findVersion(): string {
  if (typeof __PS_VERSION__ === "string") return __PS_VERSION__;
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

/**
 * Where releases are published: the engine downloads `pulumi-resource-sessions-v<version>-<os>-<arch>.tar.gz`
 * from this repository's GitHub releases when a program names the plugin (the schema's
 * `pluginDownloadURL`, carried by every SDK).
 */
export const REPOSITORY = "https://github.com/pulumi-sessions/pulumi-sessions";
export const PLUGIN_DOWNLOAD_URL = "github://api.github.com/pulumi-sessions/pulumi-sessions";
