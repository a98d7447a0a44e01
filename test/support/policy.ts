import * as fs from "node:fs";
import * as path from "node:path";
import { pulumiRoot } from "./engine";

/**
 * A CLI directory for running Node policy packs with this machine's engine
 * (README, "Guardrails"): CLI 3.259 runs a Node policy pack through the language host's
 * RunPlugin, which the 3.68 host we build lacks; with no `pulumi-language-nodejs` to be
 * found, the CLI falls back to a plugin `pulumi-analyzer-policy-nodejs`, which this
 * three-line shim provides. Programs must then be inline (Automation API), as they need
 * no language host. Users with an official CLI need none of this.
 */
export function policyCliRoot(): string {
  const engine = pulumiRoot();
  const root = path.join(engine, "policy-cli");
  const bin = path.join(root, "bin");
  fs.mkdirSync(bin, { recursive: true });
  const pulumi = path.join(bin, "pulumi");
  if (!fs.existsSync(pulumi)) {
    // A hard link, not a symlink: the CLI looks for plugins next to its *real* path.
    try {
      fs.linkSync(path.join(engine, "bin", "pulumi"), pulumi);
    } catch {
      fs.copyFileSync(path.join(engine, "bin", "pulumi"), pulumi);
      fs.chmodSync(pulumi, 0o755);
    }
  }
  const shim = (name: string, text: string) => {
    const file = path.join(bin, name);
    if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text) fs.writeFileSync(file, text, { mode: 0o755 });
  };
  shim("pulumi-resource-pulumi-nodejs", fs.readFileSync(path.join(engine, "bin", "pulumi-resource-pulumi-nodejs"), "utf8"));
  shim(
    "pulumi-analyzer-policy-nodejs",
    `#!/bin/sh\n# Runs a Node policy pack (cwd: the pack) with the @pulumi/pulumi it resolves.\nexec node "$(node -e "console.log(require.resolve('@pulumi/pulumi/cmd/run-policy-pack'))")" "$@"\n`,
  );
  return root;
}
