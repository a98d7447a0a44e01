import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { DEEPNOTE_DEMO } from "../../emulators/deepnote";
import { startBackends, type Backends } from "../support/emulators";
import { pulumiRoot, ROOT } from "../support/engine";
import { noNodeEnv, readmeBlocks, RELEASE, startReleaseServer, TARBALL, VERSION, type ReleaseServer } from "../support/release";
import { tempDir } from "../support/tmp";

/**
 * The README's "Use from Go" and "Use from YAML" programs, run as printed, and the Go, Python
 * and YAML examples, each as a user runs it: on a machine with no Node, the plugin from the
 * release assets (a loopback server in the place of the GitHub release), against the
 * emulators and a real Jupyter Server.
 */
jest.setTimeout(900_000);
const run = promisify(execFile);
const GO_BIN = path.dirname(fs.realpathSync(require("node:child_process").execFileSync("bash", ["-c", "command -v go"], { encoding: "utf8" }).trim()));

let release: ReleaseServer;
let b: Backends;
beforeAll(async () => {
  release = await startReleaseServer();
  b = await startBackends();
});
afterAll(async () => {
  await release?.close();
  await b?.close();
});

/** A project directory with its own engine sandbox; `pluginFromTarball` installs the release's plugin first. */
async function project(files: Record<string, string>, opts: { pluginFromTarball?: boolean; path?: string[] } = {}) {
  const dir = tempDir("ps-lang-");
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  const home = path.join(dir, ".pulumi-home");
  fs.mkdirSync(home);
  const marker = path.join(dir, "node-was-run");
  const env: Record<string, string> = {
    ...noNodeEnv(home, marker, [...(opts.path ?? []), GO_BIN]),
    PULUMI_BACKEND_URL: `file://${tempDir("ps-lang-state-")}`,
    PULUMI_CONFIG_PASSPHRASE: "languages",
    GOFLAGS: "-mod=mod",
    GOTOOLCHAIN: "local",
    ...release.engineEnv,
    ...b.env,
    AIDP_DP_ENDPOINT: b.oci.info.url,
  };
  if (opts.pluginFromTarball) await run("pulumi", ["plugin", "install", "resource", "sessions", VERSION, "--file", path.join(RELEASE, TARBALL)], { env });
  return { dir, env, marker };
}

/** up, an empty preview, destroy: what each program must get through; `check` looks at the sessions while they are up. */
async function lifecycle(p: { dir: string; env: Record<string, string>; marker: string }, config: Record<string, string>, check: (up: Awaited<ReturnType<Stack["up"]>>) => Promise<void> | void) {
  const pulumiCommand = await PulumiCommand.get({ root: pulumiRoot(), skipVersionCheck: true });
  const stack = await LocalWorkspace.createOrSelectStack({ stackName: "dev", workDir: p.dir }, { pulumiCommand, envVars: p.env });
  try {
    if (Object.keys(config).length) await stack.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, v]) => [k, { value: v }])));
    const up = await stack.up();
    await check(up);
    const preview = (await stack.preview()).changeSummary ?? {};
    expect(Object.keys(preview)).toEqual(["same"]);
    await stack.destroy();
    expect(fs.existsSync(p.marker) ? fs.readFileSync(p.marker, "utf8") : "").toBe("");
  } finally {
    await stack.workspace.removeStack("dev", { force: true }).catch(() => undefined);
  }
}

const ibmSession = (id: string) => b.ibm.emulator.state.current.sessions[id];

it("the README's Go program, as printed: go get, pulumi up downloads the plugin the SDK names, preview is empty, destroy closes", async () => {
  const [get, program] = readmeBlocks("Use from Go");
  expect([get.lang, program.lang]).toEqual(["sh", "go"]);
  const p = await project({ "main.go": program.code, "Pulumi.yaml": "name: readme-go\nruntime: go\n" });
  // `go get` as printed, of this checkout's SDK: the module is not published where this machine can reach.
  await run("go", ["mod", "init", "readme-go"], { cwd: p.dir, env: p.env });
  await run("go", ["mod", "edit", "-replace", `github.com/pulumi-sessions/pulumi-sessions/sdk=${path.join(ROOT, "sdk")}`], { cwd: p.dir, env: p.env });
  await run("bash", ["-euo", "pipefail", "-c", get.code], { cwd: p.dir, env: p.env });
  await run("go", ["mod", "tidy"], { cwd: p.dir, env: p.env });
  await lifecycle(p, {}, (up) => {
    expect(release.served).toContain(`GET /plugins/${TARBALL}`);
    expect(ibmSession(up.outputs.sessionId.value)).toMatchObject({ state: "open", backend: "ibm_fez", maxTtl: 3600 });
    expect(up.outputs.state.value).toBe("open");
  });
});

it("the README's YAML program, as printed: the plugin installed with the command it shows, up, an empty preview, destroy", async () => {
  const [install, program] = readmeBlocks("Use from YAML");
  expect([install.lang, program.lang]).toEqual(["sh", "yaml"]);
  const p = await project({ "Pulumi.yaml": program.code });
  const before = release.served.length;
  await run("bash", ["-euo", "pipefail", "-c", install.code], { cwd: p.dir, env: p.env });
  expect(release.served.slice(before)).toContain(`GET /plugins/${TARBALL}`);
  await lifecycle(p, {}, (up) => {
    expect(ibmSession(up.outputs.sessionId.value)).toMatchObject({ state: "open", backend: "ibm_fez", maxTtl: 3600 });
  });
});

it("examples/yaml opens one session of each kind and closes them", async () => {
  const files = { "Pulumi.yaml": fs.readFileSync(path.join(ROOT, "examples/yaml/Pulumi.yaml"), "utf8") };
  const p = await project(files, { pluginFromTarball: true });
  await lifecycle(p, { deepnoteNotebook: DEEPNOTE_DEMO.notebookId, ociPlatform: b.oci.info.aiDataPlatformId, ociWorkspace: b.oci.info.workspaceKey, jupyterUrl: b.jupyter.url }, (up) => {
    expect(up.outputs.calibrationState.value).toBe("open");
    expect(up.outputs.etlState.value).toBe("ACTIVE");
    expect(["idle", "busy"]).toContain(up.outputs.analysisKernel.value);
    expect(up.summary.resourceChanges).toMatchObject({ create: 5 });
  });
});

it("examples/python installs its requirements (the release wheel) and opens its sessions", async () => {
  const ex = path.join(ROOT, "examples/python");
  const files = Object.fromEntries(["Pulumi.yaml", "__main__.py"].map((f) => [f, fs.readFileSync(path.join(ex, f), "utf8")]));
  files["requirements.txt"] = release.rewrite(fs.readFileSync(path.join(ex, "requirements.txt"), "utf8"));
  const venv = path.join(tempDir("ps-lang-venv-"), ".venv");
  const p = await project(files, { pluginFromTarball: true, path: [path.join(venv, "bin")] });
  await run("python3", ["-m", "venv", venv], { env: p.env });
  await run(path.join(venv, "bin/pip"), ["install", "--disable-pip-version-check", "-q", "-r", "requirements.txt"], { cwd: p.dir, env: p.env });
  p.env.VIRTUAL_ENV = venv;
  await lifecycle(p, { notebookId: DEEPNOTE_DEMO.notebookId }, (up) => {
    expect(up.outputs.calibration_state.value).toBe("open");
    expect(up.outputs.report_run.value).toBe("success");
  });
});

it("examples/go builds against the SDK and opens its sessions", async () => {
  const ex = path.join(ROOT, "examples/go");
  const files = Object.fromEntries(["Pulumi.yaml", "main.go", "go.mod", "go.sum"].map((f) => [f, fs.readFileSync(path.join(ex, f), "utf8")]));
  const p = await project(files, { pluginFromTarball: true });
  await run("go", ["mod", "edit", "-replace", `github.com/pulumi-sessions/pulumi-sessions/sdk=${path.join(ROOT, "sdk")}`], { cwd: p.dir, env: p.env });
  await lifecycle(p, { ociPlatform: b.oci.info.aiDataPlatformId, ociWorkspace: b.oci.info.workspaceKey, jupyterUrl: b.jupyter.url }, (up) => {
    expect(up.outputs.etlState.value).toBe("ACTIVE");
    expect(["idle", "busy"]).toContain(up.outputs.analysisKernel.value);
  });
});
