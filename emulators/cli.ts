#!/usr/bin/env node
/**
 * `npm run emulators` / `pulumi-sessions-emulators`: starts every emulator on loopback
 * and runs until Ctrl-C.
 *
 *   --port 0        free ports instead of the fixed defaults
 *   --json          first stdout line: one JSON object with each emulator's URL and demo credentials
 *   --state-dir D   where state files live (default ./.pulumi-sessions/emulators); --no-state: keep nothing
 *   --no-jupyter    do not start the real Jupyter Server
 *   --jupyter-venv D  the virtualenv holding jupyter_server (default $PS_JUPYTER_VENV, else `jupyter` on PATH)
 *   --background    keep running when the process that started it exits (a daemon, as `npm run demo`
 *                   starts it; stop it with SIGTERM). Without it, the emulators stop with their parent.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { startAll, DEFAULT_PORTS, type StartAllOptions } from "./launch";

function options(argv: string[]): StartAllOptions & { json: boolean; background: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: "string" },
        json: { type: "boolean", default: false },
        "state-dir": { type: "string" },
        "no-state": { type: "boolean", default: false },
        "no-jupyter": { type: "boolean", default: false },
        "jupyter-venv": { type: "string" },
        background: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    return usage((e as Error).message);
  }
  if (values.help) usage();
  if (values.port !== undefined && values.port !== "0") usage("--port takes 0 (free ports); fixed ports are the defaults");
  return {
    json: values.json,
    background: values.background,
    port: values.port === undefined ? undefined : 0,
    stateDir: values["no-state"] ? null : values["state-dir"],
    jupyter: values["no-jupyter"] ? false : undefined,
    jupyterVenv: values["jupyter-venv"],
  };
}

// Who started us, taken before anything else: read after start-up instead, a parent killed
// in between (a test kills it as soon as the JSON line arrives) would already be replaced
// by init, and the check below would never fire.
const PARENT = process.ppid;

function usage(problem?: string): never {
  const text = fs.readFileSync(__filename, "utf8").split("\n").filter((l) => l.startsWith(" *")).map((l) => l.slice(3)).join("\n");
  if (problem) process.stderr.write(`pulumi-sessions-emulators: ${problem}\n\n`);
  process.stderr.write(`${text}\n`);
  process.exit(problem ? 2 : 0);
}

async function main() {
  const opts = options(process.argv.slice(2));
  if (opts.stateDir === undefined) opts.stateDir = path.resolve(".pulumi-sessions/emulators");
  const all = await startAll(opts);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(all.info)}\n`);
  } else {
    process.stdout.write(all.describe());
    process.stdout.write(`\nDefault ports: ${Object.entries(DEFAULT_PORTS).map(([k, v]) => `${k} ${v}`).join(", ")}. Ctrl-C stops.\n`);
  }
  let stopping = false;
  // Exits whatever close() does: a failure to stop one server must not keep the others alive.
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    try {
      await all.close();
    } catch (e) {
      process.stderr.write(`pulumi-sessions-emulators: stopping failed: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    }
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  process.on("SIGHUP", stop);
  // `npm run emulators &` then `kill`: npm may die without passing the signal on. When
  // our parent goes away we are reparented; stop then too, taking Jupyter with us.
  if (!opts.background) {
    const watch = () => {
      if (process.ppid !== PARENT) void stop();
    };
    watch();
    setInterval(watch, 250).unref();
  }
}

main().catch((e) => {
  process.stderr.write(`pulumi-sessions-emulators: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
