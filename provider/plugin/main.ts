#!/usr/bin/env node
/**
 * `pulumi-resource-sessions`: the provider plugin binary. The engine starts it (from
 * PATH after `npm i -g pulumi-sessions`, or from a `plugins.providers` path in
 * Pulumi.yaml) and reads the port it prints. Arguments (the engine's address, log
 * flags) are not needed: logs go to stderr, which the engine shows.
 */
import { assertSupportedNode } from "../index";
import { serveProvider } from "./server";

assertSupportedNode();
serveProvider().catch((e) => {
  process.stderr.write(`pulumi-resource-sessions: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
