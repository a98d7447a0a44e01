import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { startIbmQuantumEmulator } from "../../emulators/ibm-quantum";
import { providerEnv } from "../support/emulators";
import { pulumiRoot } from "../support/engine";
import { noNodeEnv, readmeBlocks, RELEASE, startReleaseServer, TARBALL, VERSION, type ReleaseServer } from "../support/release";
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

/** The code blocks of the README's "### Use from Python" section: install, program, run. */
function readmePythonSteps(): { install: string; program: string; run: string } {
  const [install, program, runSteps] = readmeBlocks("Use from Python");
  if (install?.lang !== "sh" || program?.lang !== "python" || runSteps?.lang !== "sh") throw new Error("README: the Python section no longer has its sh / python / sh blocks");
  return { install: install.code, program: program.code, run: runSteps.code };
}

let release: ReleaseServer;
let emu: Awaited<ReturnType<typeof startIbmQuantumEmulator>>;

beforeAll(async () => {
  release = await startReleaseServer();
  emu = await startIbmQuantumEmulator({ port: 0 });
});
afterAll(async () => {
  await release?.close();
  await emu?.running.close();
});

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
  const install = release.rewrite(steps.install);
  expect(install).not.toEqual(steps.install);
  await run("bash", ["-euo", "pipefail", "-c", `${install}\n`], { cwd: work, env: { ...noNodeEnv(home, marker), PIP_DISABLE_PIP_VERSION_CHECK: "1" } });
  expect(release.served).toContain(`GET /pulumi-sessions/pulumi-sessions/releases/download/v${VERSION}/pulumi_sessions-${VERSION}-py3-none-any.whl`);
  fs.writeFileSync(path.join(work, "__main__.py"), steps.program);
  fs.writeFileSync(path.join(work, "Pulumi.yaml"), "name: readme-python\nruntime: python\n");
  expect(steps.run).toMatch(/pulumi up/);

  const venv = path.join(work, ".venv");
  const env = {
    ...noNodeEnv(home, marker, [path.join(venv, "bin")]),
    VIRTUAL_ENV: venv,
    PULUMI_BACKEND_URL: `file://${tempDir("ps-readme-state-")}`,
    PULUMI_CONFIG_PASSPHRASE: "readme",
    ...release.engineEnv,
    ...providerEnv({ ibm: emu }),
  };
  const pulumiCommand = await PulumiCommand.get({ root: pulumiRoot(), skipVersionCheck: true });
  const stack = await LocalWorkspace.createOrSelectStack({ stackName: "readme", workDir: work }, { pulumiCommand, envVars: env });
  try {
    const up = await stack.up();
    expect(release.served).toContain(`GET /plugins/${TARBALL}`);
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
