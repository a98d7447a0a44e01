import { execFile, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { readmeBlocks, RELEASE } from "./release";
import { tempDir } from "./tmp";

/**
 * A working directory the real `tofu` (scripts/ensure-tofu.sh, found by the global setup)
 * runs in, on a machine with no Node on PATH: the provider comes from the release's
 * filesystem mirror (`npm run package`), as `provider_installation` points OpenTofu at it.
 */
export function tofuBin(): string {
  const dir = process.env.PS_TOFU_DIR;
  if (!dir) throw new Error("PS_TOFU_DIR is not set: the global setup runs scripts/ensure-tofu.sh (run the tests with `npm test`)");
  return path.join(dir, "tofu");
}

export const MIRROR = path.join(RELEASE, "mirror");

export interface TofuResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Both, for messages. */
  text: string;
  /** Both with every run of whitespace one space: tofu wraps its messages to the terminal's width. */
  flat: string;
}

export interface TofuWorkspace {
  dir: string;
  env: Record<string, string>;
  write(files: Record<string, string>): void;
  run(...args: string[]): Promise<TofuResult>;
  /** A command started, for a test that signals it (Ctrl-C). */
  start(...args: string[]): { child: ChildProcess; done: Promise<TofuResult> };
  /** Fails the test with tofu's output unless the command succeeded. */
  ok(...args: string[]): Promise<TofuResult>;
  /** `resource address` → its attributes, from the local state file. */
  resources(): Record<string, Record<string, unknown> & { id: string }>;
  /** Addresses marked tainted in the state file. */
  tainted(): string[];
  stateText(): string;
}

/** The README's CLI configuration for the mirror, as printed, pointed at `mirror`: this provider from there, nothing else from anywhere. */
export function mirrorConfig(mirror: string): string {
  const block = readmeBlocks("Use from OpenTofu / Terraform").find((b) => b.lang === "hcl" && b.code.includes("provider_installation"));
  if (!block) throw new Error('README "Use from OpenTofu / Terraform" has no provider_installation block');
  return block.code.replace('"/path/to/dist/release/mirror"', JSON.stringify(mirror));
}

/** Where OpenTofu finds this provider: in every configuration (else it looks for hashicorp/sessions). */
export const REQUIRED_PROVIDERS = `terraform {
  required_providers {
    sessions = { source = "pulumi-sessions/sessions" }
  }
}
`;

export function tofuWorkspace(env: Record<string, string> = {}, opts: { cliConfig?: string | false } = {}): TofuWorkspace {
  const dir = tempDir("ps-tofu-");
  const home = tempDir("ps-tofu-home-");
  const cliConfig = path.join(home, "tofu.rc");
  if (opts.cliConfig !== false) fs.writeFileSync(cliConfig, opts.cliConfig ?? mirrorConfig(MIRROR));
  const fullEnv: Record<string, string> = {
    // No Node: the provider is the self-contained executable.
    PATH: "/usr/local/bin:/usr/bin:/bin",
    HOME: home,
    ...(opts.cliConfig !== false ? { TF_CLI_CONFIG_FILE: cliConfig } : {}),
    TF_IN_AUTOMATION: "1",
    CHECKPOINT_DISABLE: "1",
    ...env,
  };
  const start = (...args: string[]) => {
    let child!: ChildProcess;
    const done = new Promise<TofuResult>((resolve) => {
      child = execFile(tofuBin(), [...args], { cwd: dir, env: fullEnv, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === "number" ? (err as { code: number }).code : 1) : 0;
        resolve({ code, stdout, stderr, text: `${stdout}\n${stderr}`, flat: `${stdout}\n${stderr}`.replace(/\s+/g, " ") });
      });
    });
    return { child, done };
  };
  const run = (...args: string[]) => start(...args).done;
  const stateFile = () => path.join(dir, "terraform.tfstate");
  type State = { resources: { type: string; name: string; instances: { attributes: Record<string, unknown> & { id: string }; status?: string }[] }[] };
  const state = (): State => (fs.existsSync(stateFile()) ? JSON.parse(fs.readFileSync(stateFile(), "utf8")) : { resources: [] });
  return {
    dir,
    env: fullEnv,
    write: (files) => {
      for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    },
    run,
    start,
    ok: async (...args) => {
      const r = await run(...args);
      if (r.code !== 0) throw new Error(`tofu ${args.join(" ")} exited ${r.code}:\n${r.text}`);
      return r;
    },
    resources: () => Object.fromEntries(state().resources.flatMap((r) => r.instances.map((i) => [`${r.type}.${r.name}`, i.attributes]))),
    tainted: () => state().resources.flatMap((r) => r.instances.filter((i) => i.status === "tainted").map(() => `${r.type}.${r.name}`)),
    stateText: () => (fs.existsSync(stateFile()) ? fs.readFileSync(stateFile(), "utf8") : ""),
  };
}
