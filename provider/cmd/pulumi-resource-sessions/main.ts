#!/usr/bin/env node
/**
 * `pulumi-resource-sessions`: the provider plugin's executable. The engine starts it (from
 * its plugin cache after it downloaded the release, from PATH after `npm i -g
 * pulumi-sessions`, or from a `plugins.providers` path in Pulumi.yaml), with its own address
 * as an argument, and reads the port it prints. Logs go to stderr, which the engine shows.
 * The release build (scripts/package.js) bundles this file into one self-contained executable,
 * which OpenTofu and Terraform also run (as `terraform-provider-sessions`): started by them,
 * it serves their plugin protocol instead.
 */
import { assertSupportedNode } from "../../index";
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from "../../tfplugin/protocol";

assertSupportedNode();
// Each server loads only when it is the one asked for: a Pulumi run never loads the other.
const serve: () => Promise<void> =
  process.env[MAGIC_COOKIE_KEY] === MAGIC_COOKIE_VALUE
    ? () => (require("../../tfplugin/server") as typeof import("../../tfplugin/server")).serveTerraform()
    : () => (require("../../plugin/server") as typeof import("../../plugin/server")).serveProvider(process.argv.slice(2));
serve().catch((e) => {
  process.stderr.write(`pulumi-resource-sessions: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
