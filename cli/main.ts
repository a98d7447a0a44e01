#!/usr/bin/env node
/**
 * `pulumi-sessions <command>`: the package's own tools, beside the Pulumi CLI.
 *
 *   recover --stack S [--cwd DIR] [--yes]   after a runner died mid-`up`: close the sessions its pending
 *                                           creates made, clear the pending creates (README "Team state")
 */
import * as path from "node:path";
import { parseArgs } from "node:util";
import { recover } from "./recover";

const USAGE = "usage: pulumi-sessions recover --stack <stack> [--cwd <project dir>] [--yes]";

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { stack: { type: "string" }, cwd: { type: "string" }, yes: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } },
    });
  } catch (e) {
    process.stderr.write(`pulumi-sessions: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [command] = positionals;
  if (command !== "recover" || positionals.length !== 1) {
    process.stderr.write(`pulumi-sessions: ${command ? `unknown command ${command}` : "no command"}\n${USAGE}\n`);
    return 2;
  }
  if (!values.stack) {
    process.stderr.write(`pulumi-sessions: --stack is required\n${USAGE}\n`);
    return 2;
  }
  const r = await recover({ stack: values.stack, cwd: path.resolve(values.cwd ?? ".") }, values.yes);
  process.stdout.write(`${r.lines.join("\n")}\n`);
  return r.ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`pulumi-sessions: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
