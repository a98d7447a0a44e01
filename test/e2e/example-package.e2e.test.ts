import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { startDeepnoteEmulator } from "../../emulators/deepnote";
import { startIbmQuantumEmulator } from "../../emulators/ibm-quantum";
import { startOciAidpEmulator } from "../../emulators/oci-aidp";
import { providerEnv } from "../support/emulators";
import { engineEnv, pulumiRoot, ROOT } from "../support/engine";
import { jupyterApi, startTestJupyter } from "../support/jupyter";
import { tempDir } from "../support/tmp";

/**
 * The package as users get it: `npm pack`, installed into a copy of each project under
 * examples/ (no source paths), then `pulumi up` / `destroy` of that project under the
 * real CLI against the emulators (and a real Jupyter Server).
 */
jest.setTimeout(300_000);

const work = tempDir("ps-example-");
const npmEnv = { ...process.env, PATH: `${path.join(ROOT, "node_modules/.bin")}${path.delimiter}${process.env.PATH}`, npm_config_audit: "false", npm_config_fund: "false" };
let tarball = "";

beforeAll(() => {
  tarball = path.join(work, execFileSync("npm", ["pack", "--silent", "--pack-destination", work], { cwd: ROOT, encoding: "utf8", env: npmEnv }).trim().split("\n").pop()!);
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** A copy of examples/<name> with its dependencies installed and pulumi-sessions from the tarball. */
async function example(name: string, env: Record<string, string>, config: Record<string, string> = {}): Promise<Stack> {
  const project = path.join(work, name);
  fs.cpSync(path.join(ROOT, "examples", name), project, { recursive: true });
  // The npm cache makes this quick.
  execFileSync("npm", ["install", "--prefer-offline", "--no-package-lock", tarball], { cwd: project, stdio: "ignore", env: npmEnv });
  const installed = path.join(project, "node_modules/pulumi-sessions");
  expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
  expect(fs.existsSync(path.join(installed, "test"))).toBe(false);
  const pulumiCommand = await PulumiCommand.get({ root: pulumiRoot(), skipVersionCheck: true });
  const stack = await LocalWorkspace.createOrSelectStack({ stackName: "example", workDir: project }, { pulumiCommand, envVars: { ...engineEnv(), ...env } });
  if (Object.keys(config).length) await stack.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, v]) => [k, { value: v }])));
  return stack;
}

it("examples/ibm-quantum opens and closes a session, storing the provider as one require", async () => {
  const emu = await startIbmQuantumEmulator({ port: 0 });
  try {
    const stack = await example("ibm-quantum", providerEnv({ ibm: emu }));
    const up = await stack.up();
    expect(up.outputs.state.value).toBe("open");
    const id = up.outputs.sessionId.value as string;
    expect(emu.emulator.state.current.sessions[id]).toBeDefined();
    const state = await stack.exportStack();
    // The stored provider is one `require` of the installed package's provider module (docs/pulumi-engine.md).
    const session = (state.deployment.resources as { type: string; outputs: { __provider: string } }[]).find((r) => r.type === "pulumi-nodejs:dynamic/ibm:QuantumSession")!;
    expect(session.outputs.__provider).toContain('require("pulumi-sessions/sdk/providers/ibm")');
    expect(session.outputs.__provider.length).toBeLessThan(400);
    await stack.destroy();
    expect(emu.emulator.state.current.sessions[id].state).toBe("closed");
  } finally {
    await emu.running.close();
  }
});

it("examples/deepnote opens a session whose initial run succeeds, and stops it", async () => {
  const emu = await startDeepnoteEmulator({ port: 0, runDurationMs: 300 });
  try {
    const stack = await example("deepnote", providerEnv({ deepnote: emu }), { notebookId: emu.info.notebookId });
    const up = await stack.up();
    expect(up.outputs.initialRunStatus.value).toBe("success");
    const id = up.outputs.sessionId.value as string;
    expect(emu.emulator.state.current.sessions[id].endedAt).toBeNull();
    await stack.destroy();
    expect(emu.emulator.state.current.sessions[id].endedAt).not.toBeNull();
  } finally {
    await emu.running.close();
  }
});

it("examples/oci-notebook opens an ACTIVE notebook session, and deletes it", async () => {
  const emu = await startOciAidpEmulator({ port: 0, activationDelayMs: 300 });
  try {
    const stack = await example("oci-notebook", providerEnv({ oci: emu }), { aiDataPlatformId: emu.info.aiDataPlatformId, workspaceKey: emu.info.workspaceKey, endpoint: emu.info.url });
    const up = await stack.up();
    expect(up.outputs.lifecycleState.value).toBe("ACTIVE");
    expect(Object.keys(emu.emulator.state.current.sessions)).toEqual([up.outputs.sessionId.value]);
    await stack.destroy();
    expect(emu.emulator.state.current.sessions).toEqual({});
  } finally {
    await emu.running.close();
  }
});

it("examples/jupyter opens a session with a live kernel on a real Jupyter Server, and deletes it", async () => {
  const server = await startTestJupyter();
  try {
    const stack = await example("jupyter", providerEnv({ jupyter: server }), { url: server.url });
    const up = await stack.up();
    expect(["idle", "busy"]).toContain(up.outputs.kernelState.value);
    await stack.destroy();
    expect(await (await jupyterApi(server)("/sessions")).json()).toEqual([]);
  } finally {
    await server.close();
  }
});

it("the packed package's public import paths work, with their types: pulumi-sessions, pulumi-sessions/plugin, pulumi-sessions/emulators", () => {
  const project = path.join(work, "imports");
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "imports", private: true }));
  execFileSync("npm", ["install", "--prefer-offline", "--no-package-lock", tarball, "@pulumi/pulumi", "typescript@5.9.3", "@types/node@24"], { cwd: project, stdio: "ignore", env: npmEnv });
  fs.writeFileSync(
    path.join(project, "index.ts"),
    [
      'import { ibm, deepnote, oci, jupyter } from "pulumi-sessions";',
      'import * as plugin from "pulumi-sessions/plugin";',
      'import { startIbmQuantumEmulator } from "pulumi-sessions/emulators";',
      "const args: ibm.QuantumSessionArgs = { backend: \"ibm_fez\" };",
      "const pluginArgs: plugin.ibm.QuantumSessionArgs = { backend: \"ibm_fez\" };",
      "export const all = [ibm.QuantumSession, deepnote.Session, oci.NotebookSession, jupyter.Session, plugin.ibm.QuantumSession, startIbmQuantumEmulator, args, pluginArgs];",
      "console.log(all.filter((x) => typeof x === \"function\").length);",
    ].join("\n"),
  );
  // Both module resolutions programs use: Pulumi's templates' (node10, through typesVersions) and node16 (through exports).
  for (const [module, moduleResolution] of [["node16", "node16"], ["commonjs", "node10"]]) {
    fs.writeFileSync(path.join(project, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, module, moduleResolution, target: "es2022", esModuleInterop: true, skipLibCheck: false, types: ["node"] } }));
    execFileSync(path.join(project, "node_modules/.bin/tsc"), ["-p", project], { cwd: project, env: npmEnv, stdio: "pipe" });
  }
  expect(execFileSync(process.execPath, [path.join(project, "index.js")], { cwd: project, encoding: "utf8" }).trim()).toBe("6");
});
