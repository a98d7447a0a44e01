import * as fs from "node:fs";
import { spawn } from "node:child_process";
import * as path from "node:path";
import * as readline from "node:readline";
import { ensureJupyterVenv } from "../support/jupyter";

/** `pulumi-sessions-emulators --port 0 --json`: the first stdout line is the JSON users' CI reads. */
jest.setTimeout(60_000);

/**
 * Emulator CLIs a test started (pid, the Jupyter URL when it has one, the OCI demo key's dir): stopped after each test
 * whatever its outcome. A CLI killed with SIGKILL cannot remove the OCI demo key it made, so the test does.
 */
const started: { pid: number; jupyterUrl?: string; ociDir?: string }[] = [];
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const answers = (url: string) => fetch(`${url}/api/status`).then(() => true, () => false);
async function until(check: () => Promise<boolean> | boolean, deadlineMs = 30_000) {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}
afterEach(async () => {
  for (const { pid, jupyterUrl, ociDir } of started.splice(0)) {
    if (alive(pid)) process.kill(pid, "SIGKILL");
    // Jupyter Server stops by itself once the CLI that started it is gone (its watchdog), removing its dirs.
    if (jupyterUrl) await until(async () => !(await answers(jupyterUrl)));
    if (ociDir) fs.rmSync(ociDir, { recursive: true, force: true });
  }
});

it("prints one JSON object with every emulator's URL and demo credentials, and they work", async () => {
  const cli = spawn(process.execPath, [path.resolve(__dirname, "../../dist/emulators/cli.js"), "--port", "0", "--json", "--no-state", "--no-jupyter"], { stdio: ["ignore", "pipe", "inherit"] });
  started.push({ pid: cli.pid! });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: cli.stdout! }).once("line", resolve);
      cli.once("exit", (code) => reject(new Error(`emulators exited with ${code}`)));
    });
    const info = JSON.parse(line);
    expect(info.ibmQuantum).toEqual({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/), iamUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), apiKey: expect.any(String),
      instance: expect.stringMatching(/^crn:v1:/),
      globalSearchUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/global-search$/),
      globalCatalogUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/global-catalog\/api\/v1$/),
    });
    expect(info.deepnote).toEqual({ url: expect.stringMatching(/\/v2$/), token: expect.any(String), notebookId: expect.any(String) });
    expect(info.oci).toEqual({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), configFile: expect.any(String), profile: "DEFAULT", aiDataPlatformId: expect.any(String), workspaceKey: expect.any(String) });
    const token = await fetch(`${info.ibmQuantum.iamUrl}/identity/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=${info.ibmQuantum.apiKey}`,
    });
    expect(token.status).toBe(200);
  } finally {
    cli.kill("SIGTERM");
  }
});

describe("emulator processes", () => {
  jest.setTimeout(120_000);
  const cliJs = path.resolve(__dirname, "../../dist/emulators/cli.js");
  const venv = () => ensureJupyterVenv();

  /** The CLI under a bash parent we can kill: its pid on stderr, its JSON on stdout. */
  async function underParent() {
    const parent = spawn("bash", ["-c", `"${process.execPath}" "${cliJs}" --port 0 --json --no-state --jupyter-venv "${venv()}" & echo $! >&2; wait`], { stdio: ["ignore", "pipe", "pipe"] });
    const pid = await new Promise<number>((resolve) => readline.createInterface({ input: parent.stderr! }).once("line", (l) => resolve(Number(l))));
    started.push({ pid });
    const info = JSON.parse(await new Promise<string>((resolve) => readline.createInterface({ input: parent.stdout! }).once("line", resolve)));
    Object.assign(started[started.length - 1], { jupyterUrl: info.jupyter?.url, ociDir: path.dirname(info.oci.configFile) });
    expect(info.jupyter?.url).toBeTruthy();
    return { parent, pid, info };
  }

  it("stop, Jupyter Server included, when their parent goes away", async () => {
    const { parent, pid, info } = await underParent();
    expect(await answers(info.jupyter.url)).toBe(true);
    parent.kill("SIGKILL");
    expect(await until(() => !alive(pid))).toBe(true);
    expect(await until(async () => !(await answers(info.jupyter.url)))).toBe(true);
  });

  it("stop, Jupyter Server included, on SIGTERM and SIGINT", async () => {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      const { parent, pid, info } = await underParent();
      process.kill(pid, signal);
      expect(await until(() => !alive(pid))).toBe(true);
      expect(await until(async () => !(await answers(info.jupyter.url)))).toBe(true);
      parent.kill();
    }
  });
});

it("with --background, outlive the process that started them (the demo's daemon), and stop on SIGTERM", async () => {
  const cliJs = path.resolve(__dirname, "../../dist/emulators/cli.js");
  const parent = spawn("bash", ["-c", `"${process.execPath}" "${cliJs}" --port 0 --json --no-state --no-jupyter --background & echo $! >&2; wait`], { stdio: ["ignore", "pipe", "pipe"] });
  const pid = await new Promise<number>((resolve) => readline.createInterface({ input: parent.stderr! }).once("line", (l) => resolve(Number(l))));
  started.push({ pid });
  const info = JSON.parse(await new Promise<string>((resolve) => readline.createInterface({ input: parent.stdout! }).once("line", resolve)));
  started[started.length - 1].ociDir = path.dirname(info.oci.configFile);
  parent.kill("SIGKILL");
  await new Promise((r) => setTimeout(r, 1500)); // six parent checks' worth: a watcher would have stopped it by now
  expect((await fetch(`${info.deepnote.url.replace(/\/v2$/, "")}/_emulator/state`)).status).toBe(200);
  process.kill(pid, "SIGTERM");
  const end = Date.now() + 10_000;
  let gone = false;
  while (!gone && Date.now() < end) {
    gone = await fetch(`${info.deepnote.url.replace(/\/v2$/, "")}/_emulator/state`).then(() => false, () => true);
    if (!gone) await new Promise((r) => setTimeout(r, 100));
  }
  expect(gone).toBe(true);
});
