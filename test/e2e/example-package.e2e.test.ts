import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { startIbmQuantumEmulator } from "../../emulators/ibm-quantum";
import { engineEnv, pulumiRoot, ROOT } from "../support/engine";

/**
 * The package as users get it: `npm pack`, installed into a copy of examples/ibm-quantum
 * (no source paths), then `pulumi up` / `destroy` of that project under the real CLI.
 */
jest.setTimeout(300_000);

it("the packed package works in a standalone Pulumi project", async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "ps-example-"));
  const npmEnv = { ...process.env, PATH: `${path.join(ROOT, "node_modules/.bin")}${path.delimiter}${process.env.PATH}`, npm_config_audit: "false", npm_config_fund: "false" };
  const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", work], { cwd: ROOT, encoding: "utf8", env: npmEnv }).trim().split("\n").pop()!;
  const project = path.join(work, "ibm-quantum");
  fs.cpSync(path.join(ROOT, "examples/ibm-quantum"), project, { recursive: true });
  // The project's own dependencies, with pulumi-sessions from the tarball; the npm cache makes this quick.
  execFileSync("npm", ["install", "--prefer-offline", "--no-package-lock", path.join(work, tarball)], { cwd: project, stdio: "ignore", env: npmEnv });
  const installed = path.join(project, "node_modules/pulumi-sessions");
  expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
  expect(fs.existsSync(path.join(installed, "dist/provider/index.js"))).toBe(true);
  expect(fs.existsSync(path.join(installed, "test"))).toBe(false);

  const emu = await startIbmQuantumEmulator({ port: 0 });
  try {
    const pulumiCommand = await PulumiCommand.get({ root: pulumiRoot(), skipVersionCheck: true });
    const stack = await LocalWorkspace.createOrSelectStack(
      { stackName: "example", workDir: project },
      { pulumiCommand, envVars: { ...engineEnv(), QISKIT_IBM_URL: emu.info.url, IAM_URL: emu.info.iamUrl, QISKIT_IBM_TOKEN: emu.info.apiKey, QISKIT_IBM_INSTANCE: emu.info.instance } },
    );
    const up = await stack.up();
    expect(up.outputs.state.value).toBe("open");
    const id = up.outputs.sessionId.value as string;
    expect(emu.emulator.state.current.sessions[id]).toBeDefined();
    const state = await stack.exportStack();
    // The stored provider is one `require` of the installed package's provider module (pulumi.md §2.5).
    const session = (state.deployment.resources as { type: string; outputs: { __provider: string } }[]).find((r) => r.type === "pulumi-nodejs:dynamic/ibm:QuantumSession")!;
    expect(session.outputs.__provider).toContain('require("pulumi-sessions/sdk/providers/ibm")');
    expect(session.outputs.__provider.length).toBeLessThan(400);
    await stack.destroy();
    expect(emu.emulator.state.current.sessions[id].state).toBe("closed");
  } finally {
    await emu.running.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
});
