import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { promisify } from "node:util";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { startIbmQuantumEmulator } from "../../emulators/ibm-quantum";
import { PLUGIN_DOWNLOAD_URL } from "../../provider/core/version";
import { providerEnv } from "../support/emulators";
import { pulumiRoot, ROOT } from "../support/engine";
import { tempDir } from "../support/tmp";

/**
 * Installed the way Pulumi providers are, on a machine with Python and the Pulumi CLI but no
 * Node: the README's Python steps, followed as printed in a fresh virtualenv — the release URL
 * pointed at a loopback server holding `npm run package`'s assets, and the engine at it with
 * PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES. Automatic plugin acquisition is on, the plugin cache
 * empty, and `node` on PATH is a stub that fails (and says it was run).
 */
jest.setTimeout(600_000);
const run = promisify(execFile);
const VERSION = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version as string;
const RELEASE = process.env.PS_RELEASE_DIR ?? path.join(ROOT, "dist/release");
const TARBALL = `pulumi-resource-sessions-v${VERSION}-linux-amd64.tar.gz`;

/** The code blocks of the README's "### Python" install section, in order. */
function readmePythonSteps(): { install: string; program: string; run: string } {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const section = readme.split("\n### Python\n")[1]?.split("\n### ")[0] ?? "";
  const blocks = [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], code: m[2] }));
  const [install, program, runSteps] = blocks;
  if (install?.lang !== "sh" || program?.lang !== "python" || runSteps?.lang !== "sh") throw new Error("README: the Python section no longer has its sh / python / sh blocks");
  return { install: install.code, program: program.code, run: runSteps.code };
}

let server: http.Server;
let origin = "";
const served: string[] = [];
let emu: Awaited<ReturnType<typeof startIbmQuantumEmulator>>;

beforeAll(async () => {
  // What the project's release location would serve: the plugin tarball and the wheel.
  server = http.createServer((req, res) => {
    served.push(`${req.method} ${req.url}`);
    const file = path.join(RELEASE, path.basename(req.url ?? ""));
    if (!fs.existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": fs.statSync(file).size });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  emu = await startIbmQuantumEmulator({ port: 0 });
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await emu?.running.close();
});

/** A machine without Node: the Pulumi CLI, the system's tools, and a `node` that fails. */
function noNodeEnv(home: string, marker: string, extraPath: string[] = []): Record<string, string> {
  const stub = tempDir("ps-no-node-");
  fs.writeFileSync(path.join(stub, "node"), `#!/bin/sh\necho "node was run: $*" >> "${marker}"\nexit 127\n`, { mode: 0o755 });
  return {
    PATH: [stub, ...extraPath, path.join(pulumiRoot(), "bin"), "/usr/local/bin", "/usr/bin", "/bin"].join(path.delimiter),
    HOME: process.env.HOME ?? home,
    PULUMI_HOME: home,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
  };
}

it("`pulumi plugin install resource sessions <version> --file <tarball>` installs the self-contained plugin", async () => {
  const home = tempDir("ps-plugin-home-");
  const env = noNodeEnv(home, path.join(home, "node-was-run"));
  await run("pulumi", ["plugin", "install", "resource", "sessions", VERSION, "--file", path.join(RELEASE, TARBALL)], { env });
  const { stdout } = await run("pulumi", ["plugin", "ls", "--json"], { env });
  expect(JSON.parse(stdout)).toEqual([expect.objectContaining({ name: "sessions", kind: "resource", version: VERSION })]);
  const exe = path.join(home, "plugins", `resource-sessions-v${VERSION}`, "pulumi-resource-sessions");
  // One executable, no Node beside it, that speaks the plugin handshake.
  expect(fs.readdirSync(path.dirname(exe)).filter((f) => !f.startsWith("."))).toEqual(["pulumi-resource-sessions"]);
  expect(fs.existsSync(path.join(home, "node-was-run"))).toBe(false);
});

it("the README's Python steps, with no Node on the machine: pulumi up downloads the plugin and opens the session, preview is empty, destroy closes it", async () => {
  const steps = readmePythonSteps();
  const work = tempDir("ps-readme-python-");
  const home = path.join(work, ".pulumi-home");
  const marker = path.join(work, "node-was-run");
  fs.mkdirSync(home);
  // The install, as printed; the release URL is the loopback server's.
  const install = steps.install.replaceAll("https://github.com", origin);
  expect(install).not.toEqual(steps.install);
  await run("bash", ["-euo", "pipefail", "-c", `${install}\n`], { cwd: work, env: { ...noNodeEnv(home, marker), PIP_DISABLE_PIP_VERSION_CHECK: "1" } });
  expect(served).toContain(`GET /pulumi-sessions/pulumi-sessions/releases/download/v${VERSION}/pulumi_sessions-${VERSION}-py3-none-any.whl`);
  fs.writeFileSync(path.join(work, "__main__.py"), steps.program);
  fs.writeFileSync(path.join(work, "Pulumi.yaml"), "name: readme-python\nruntime: python\n");
  expect(steps.run).toMatch(/pulumi up/);

  const venv = path.join(work, ".venv");
  const env = {
    ...noNodeEnv(home, marker, [path.join(venv, "bin")]),
    VIRTUAL_ENV: venv,
    PULUMI_BACKEND_URL: `file://${tempDir("ps-readme-state-")}`,
    PULUMI_CONFIG_PASSPHRASE: "readme",
    // The engine matches the SDK's download URL (the schema's pluginDownloadURL) and fetches from the loopback server instead.
    PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES: `^${PLUGIN_DOWNLOAD_URL.replace(/[.]/g, "\\.")}$=${origin}/plugins`,
    ...providerEnv({ ibm: emu }),
  };
  const pulumiCommand = await PulumiCommand.get({ root: pulumiRoot(), skipVersionCheck: true });
  const stack = await LocalWorkspace.createOrSelectStack({ stackName: "readme", workDir: work }, { pulumiCommand, envVars: env });
  try {
    const up = await stack.up();
    expect(served).toContain(`GET /plugins/${TARBALL}`);
    expect(fs.existsSync(path.join(home, "plugins", `resource-sessions-v${VERSION}`, "pulumi-resource-sessions"))).toBe(true);
    const id = up.outputs.session_id.value as string;
    expect(emu.emulator.state.current.sessions[id]).toMatchObject({ state: "open", backend: "ibm_fez", maxTtl: 3600 });
    expect(up.outputs.state.value).toBe("open");
    expect((await stack.preview()).changeSummary).toEqual({ same: 2 });
    await stack.destroy();
    expect(emu.emulator.state.current.sessions[id].acceptingJobs).toBe(false);
    expect(fs.existsSync(marker) ? fs.readFileSync(marker, "utf8") : "").toBe("");
  } finally {
    await stack.workspace.removeStack("readme", { force: true }).catch(() => undefined);
  }
});
