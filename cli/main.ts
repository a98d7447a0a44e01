#!/usr/bin/env node
/**
 * `pulumi-sessions <command>`: the package's own tools, beside the Pulumi CLI.
 *
 *   discover [--kind K]... [--where <kind>.<input>=<value>]... [--stack S [--cwd DIR] | --stack-file EXPORT.json] [--out FILE]
 *       the sessions each service reports for the configured credentials, those the stack manages
 *       marked, the rest written as a `pulumi import --file` document (README "Adopt running sessions")
 *   recover --stack S [--cwd DIR] [--yes]
 *       after a runner died mid-`up`: close the sessions its pending creates made, clear them (README "Team state")
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { isKindName, KIND_NAMES, type KindName } from "../provider/kinds";
import { discover } from "./discover";
import { recover } from "./recover";

const USAGE = fs
  .readFileSync(__filename, "utf8")
  .split("\n")
  .filter((l) => l.startsWith(" *   "))
  .map((l) => l.slice(3))
  .join("\n");

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        stack: { type: "string" },
        "stack-file": { type: "string" },
        cwd: { type: "string" },
        yes: { type: "boolean", default: false },
        kind: { type: "string", multiple: true },
        where: { type: "string", multiple: true },
        out: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`usage: pulumi-sessions <command>\n${USAGE}\n`);
    return 0;
  }
  const [command] = positionals;
  if (positionals.length !== 1) throw new UsageError(command ? `one command at a time (got ${positionals.join(" ")})` : "no command");
  const cwd = path.resolve(values.cwd ?? ".");
  const stack = values.stack ? { stack: values.stack, cwd } : undefined;
  let r: { lines: string[]; ok: boolean };
  if (command === "recover") {
    if (!stack) throw new UsageError("recover needs --stack");
    r = await recover(stack, values.yes);
  } else if (command === "discover") {
    if (stack && values["stack-file"]) throw new UsageError("give --stack or --stack-file, not both");
    const kinds = (values.kind ?? []).map((k) => {
      if (!isKindName(k)) throw new UsageError(`unknown kind ${k} (the kinds: ${KIND_NAMES.join(", ")})`);
      return k as KindName;
    });
    const where: Record<string, string> = {};
    for (const w of values.where ?? []) {
      const m = /^([a-z]+)\.(\w+)=(.*)$/.exec(w);
      if (!m || !isKindName(m[1])) throw new UsageError(`--where takes <kind>.<input>=<value>, e.g. oci.workspaceKey=my-workspace (got ${w})`);
      where[`${m[1]}.${m[2]}`] = m[3];
    }
    r = await discover({ kinds, where, stack, stackFile: values["stack-file"], out: values.out });
  } else throw new UsageError(`unknown command ${command}`);
  process.stdout.write(`${r.lines.join("\n")}\n`);
  return r.ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    if (e instanceof UsageError) {
      process.stderr.write(`pulumi-sessions: ${e.message}\nusage: pulumi-sessions <command>\n${USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(`pulumi-sessions: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
