import * as fs from "node:fs";
import * as path from "node:path";
import { execFileSync, spawn } from "node:child_process";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { TOKEN_OF } from "../../provider/plugin/tokens";
import { tempDir } from "./tmp";

export const ROOT = path.resolve(__dirname, "../..");
export const PROGRAMS = path.join(ROOT, "test/e2e/programs");

/** The engine directory (has bin/pulumi): set by global setup, or found now. */
export function pulumiRoot(): string {
  if (!process.env.PS_PULUMI_ROOT) {
    process.env.PS_PULUMI_ROOT = execFileSync("bash", [path.join(ROOT, "scripts/ensure-pulumi.sh")], { encoding: "utf8" }).trim().split("\n").pop()!;
  }
  return process.env.PS_PULUMI_ROOT;
}

/**
 * A directory holding `pulumi-resource-sessions` as `npm i -g pulumi-sessions` would put it
 * on PATH (the engine finds ambient provider plugins there): a wrapper for this checkout's
 * dist/ (built by `pretest`).
 */
export function pluginBinDir(): string {
  const dir = tempDir("ps-plugin-bin-");
  const bin = path.join(dir, "pulumi-resource-sessions");
  fs.writeFileSync(bin, `#!/bin/sh\nexec node "${path.join(ROOT, "dist/provider/cmd/pulumi-resource-sessions/main.js")}" "$@"\n`, { mode: 0o755 });
  return dir;
}

/**
 * A private engine sandbox per test file: file backend, PULUMI_HOME, passphrase, no
 * update check; PATH has the engine's bin/ and Node 24 first.
 */
export function engineEnv(): Record<string, string> {
  const dir = tempDir("ps-e2e-");
  fs.mkdirSync(path.join(dir, "state"));
  fs.mkdirSync(path.join(dir, "home"));
  const nodeBin = path.join(ROOT, "node_modules/.bin");
  return {
    PATH: [path.join(pulumiRoot(), "bin"), pluginBinDir(), nodeBin, process.env.PATH ?? ""].join(path.delimiter),
    PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`,
    PULUMI_HOME: path.join(dir, "home"),
    PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    // The programs are tiny; type-checking them on every run only costs time.
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    TS_NODE_TRANSPILE_ONLY: "true",
  };
}

export interface E2EStack {
  stack: Stack;
  env: Record<string, string>;
  /** Replace the program's config object (JSON under `<project>:sessions`) and vendor env vars. */
  setSessions(sessions: Record<string, unknown>): Promise<void>;
  /** The backend's files on disk as text (for secret-leak checks: the real state file, not an export). */
  stateText(): Promise<string>;
  /** Resource ids in state by resource name, for one type token. */
  resourceIds(type: string): Promise<Record<string, string>>;
  destroyAndRemove(): Promise<void>;
}

let counter = 0;

/**
 * Opens a stack on one of the real program directories under test/e2e/programs. Each call is
 * its own runner (its own PULUMI_HOME); `backendUrl` and `stackName` let two runners share one
 * backend and one stack.
 */
export async function openStack(program: string, vendorEnv: Record<string, string>, opts: { pathPrefix?: string; backendUrl?: string; stackName?: string } = {}): Promise<E2EStack> {
  const base = engineEnv();
  const env: Record<string, string> = { ...base, ...vendorEnv, ...(opts.backendUrl ? { PULUMI_BACKEND_URL: opts.backendUrl } : {}) };
  if (opts.pathPrefix) env.PATH = [opts.pathPrefix, base.PATH].join(path.delimiter);
  const pulumiCommand = await PulumiCommand.get({ root: pulumiRoot(), skipVersionCheck: true });
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: opts.stackName ?? `e2e${process.pid}x${++counter}`, workDir: path.join(PROGRAMS, program) },
    { pulumiCommand, envVars: env },
  );
  return {
    stack,
    env,
    async setSessions(sessions) {
      await stack.setConfig("sessions", { value: JSON.stringify(sessions) });
    },
    async stateText() {
      return readTree(env.PULUMI_BACKEND_URL.replace(/^file:\/\//, ""));
    },
    async resourceIds(type) {
      const state = await stack.exportStack();
      const out: Record<string, string> = {};
      for (const r of (state.deployment?.resources ?? []) as { urn: string; type: string; id?: string }[]) {
        if (r.type === type && r.id) out[r.urn.split("::").pop()!] = r.id;
      }
      return out;
    },
    async destroyAndRemove() {
      try {
        await stack.destroy();
      } finally {
        await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
      }
    },
  };
}

function readTree(dir: string): string {
  let text = "";
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    text += entry.isDirectory() ? readTree(p) : fs.readFileSync(p, "utf8");
  }
  return text;
}

/** Everything the CLI printed, for assertions about what users see. */
export function collect(): { lines: string[]; onOutput: (s: string) => void; text: () => string } {
  const lines: string[] = [];
  return { lines, onOutput: (s) => lines.push(s), text: () => lines.join("") };
}

/** Ids in state by resource name, over the provider plugin's four resource types. */
export async function sessionIds(s: E2EStack): Promise<Record<string, string>> {
  const all: Record<string, string> = {};
  for (const type of Object.values(TOKEN_OF)) Object.assign(all, await s.resourceIds(type));
  return all;
}

/**
 * `pulumi up` as a user runs it in a terminal, sent `signals` Ctrl-Cs (300 ms apart) once its
 * create got to the service (a POST newer than the last one in the emulator's `log`):
 * everything it printed. As a terminal's Ctrl-C does, SIGINT goes to the CLI's whole process
 * group (its own here), so the provider processes it starts get it too unless they are kept
 * out of it.
 */
export async function interruptedUp(s: E2EStack, program: string, signals: number, log: readonly { seq: number; method: string }[]): Promise<string> {
  const lastBefore = log.at(-1)?.seq ?? 0;
  const reached = () => log.some((e) => e.seq > lastBefore && e.method === "POST");
  const cli = spawn(path.join(pulumiRoot(), "bin", "pulumi"), ["up", "--yes", "--skip-preview", "--non-interactive", "--stack", s.stack.name], { cwd: path.join(PROGRAMS, program), env: { ...process.env, ...s.env }, detached: true });
  let out = "";
  cli.stdout.on("data", (d) => (out += d));
  cli.stderr.on("data", (d) => (out += d));
  const exited = new Promise((r) => cli.once("exit", r));
  const deadline = Date.now() + 60_000;
  while (!reached() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  for (let i = 0; i < signals; i++) {
    process.kill(-cli.pid!, "SIGINT");
    await new Promise((r) => setTimeout(r, 300));
  }
  await exited;
  return out;
}
