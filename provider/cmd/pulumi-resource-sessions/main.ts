#!/usr/bin/env node
/**
 * `pulumi-resource-sessions`: the provider plugin's executable. The engine starts it (from
 * its plugin cache after it downloaded the release, from PATH after `npm i -g
 * pulumi-sessions`, or from a `plugins.providers` path in Pulumi.yaml), with its own address
 * as an argument, and reads the port it prints. Logs go to stderr, which the engine shows.
 * The release build (scripts/package.js) bundles this file into one self-contained executable.
 */
import { assertSupportedNode } from "../../index";
import { serveProvider } from "../../plugin/server";

assertSupportedNode();
serveProvider(process.argv.slice(2)).catch((e) => {
  process.stderr.write(`pulumi-resource-sessions: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
