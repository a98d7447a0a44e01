import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { startIbmQuantumEmulator } from "../../emulators/ibm-quantum";
import { providerEnv } from "../support/emulators";
import { dynamicToken } from "../../provider/kinds";
import { engineEnv, openStack, pulumiRoot, ROOT } from "../support/engine";
import { tempDir } from "../support/tmp";

/**
 * Existing stacks keep working after an upgrade: state written by every earlier release
 * (its packed tarball, built from its commit) refreshes, updates and destroys with this
 * package. Dynamic providers run the provider code stored in state on refresh and destroy,
 * so this is where an upgrade would break.
 */
jest.setTimeout(300_000);

const RELEASES: [version: string, commit: string][] = [
  ["0.1.0", "d127d927e7cdbe8218e48d827646d1aa074fcec4"],
  ["0.2.0", "2386abaea3449c8e2573157f1b0cb23eb7939688"],
];
const CURRENT = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version as string;

it.each(RELEASES)("a stack written by %s refreshes, updates and destroys with this version", async (release, commit) => {
  const npmEnv = { ...process.env, PATH: `${path.join(ROOT, "node_modules/.bin")}${path.delimiter}${process.env.PATH}`, npm_config_audit: "false", npm_config_fund: "false" };
  const oldTarball = execFileSync("bash", [path.join(ROOT, "scripts/pack-release.sh"), release, commit], { encoding: "utf8", env: npmEnv }).trim().split("\n").pop()!;
  const work = tempDir("ps-upgrade-");
  const newTarball = path.join(work, execFileSync("npm", ["pack", "--silent", "--pack-destination", work], { cwd: ROOT, encoding: "utf8", env: npmEnv }).trim().split("\n").pop()!);
  const project = path.join(work, "ibm-quantum");
  fs.cpSync(path.join(ROOT, "examples/ibm-quantum"), project, { recursive: true });
  const install = (tarball: string) => execFileSync("npm", ["install", "--prefer-offline", "--no-package-lock", tarball], { cwd: project, stdio: "ignore", env: npmEnv });
  const installedVersion = () => JSON.parse(fs.readFileSync(path.join(project, "node_modules/pulumi-sessions/package.json"), "utf8")).version;

  const emu = await startIbmQuantumEmulator({ port: 0, jobDurationMs: 60_000 });
  try {
    install(oldTarball);
    expect(installedVersion()).toBe(release);
    const pulumiCommand = await PulumiCommand.get({ root: pulumiRoot(), skipVersionCheck: true });
    const stack = await LocalWorkspace.createOrSelectStack({ stackName: "upgrade", workDir: project }, { pulumiCommand, envVars: { ...engineEnv(), ...providerEnv({ ibm: emu }) } });
    const first = await stack.up();
    const id = first.outputs.sessionId.value as string;
    const stored = async () => (await stack.exportStack()).deployment.resources.find((r: { type: string }) => r.type === "pulumi-nodejs:dynamic/ibm:QuantumSession");
    expect((await stored()).outputs.providerVersion).toBe(release);

    install(newTarball);
    expect(installedVersion()).toBe(CURRENT);
    // Refresh runs the provider code stored by the old release, which requires the installed package.
    await stack.refresh();
    expect((await stored()).id).toBe(id);
    // The next up is an update with no remote call that stores the new provider code.
    const calls = () => emu.running.log.filter((e) => e.path.startsWith("/api/v1/sessions")).length;
    const before = calls();
    const up = await stack.up();
    expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(calls()).toBe(before);
    expect((await stored()).outputs.providerVersion).toBe(CURRENT);
    // A real in-place update, then destroy with the new code.
    await stack.setConfig("acceptingJobs", { value: "false" });
    await stack.up();
    expect(emu.emulator.state.current.sessions[id]).toMatchObject({ acceptingJobs: false });
    await stack.destroy();
    expect(emu.emulator.state.current.sessions[id].state).toBe("closed");
    expect((await stack.preview()).changeSummary).toMatchObject({ create: 2 });
  } finally {
    await emu.running.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
});

it("a stack whose stored input today's schema refuses (edited in an export) still refreshes and destroys, closing its session", async () => {
  const emu = await startIbmQuantumEmulator({ port: 0 });
  const s = await openStack("ibm", providerEnv({ ibm: emu }));
  try {
    await s.setSessions({ qs: { backend: "ibm_fez", waitTimeoutSeconds: 30, pollIntervalMs: 100 } });
    await s.stack.up();
    const id = (await s.resourceIds(dynamicToken("ibm"))).qs;
    // As a release before this one could have stored it: a backend name today's validator refuses.
    const exported = await s.stack.exportStack();
    const res = (exported.deployment.resources as { type: string; inputs: Record<string, unknown>; outputs: Record<string, unknown> }[]).find((r) => r.type === dynamicToken("ibm"))!;
    res.inputs.backend = "ibm fez";
    res.outputs.backend = "ibm fez";
    await s.stack.importStack(exported);
    await s.stack.refresh();
    expect((await s.resourceIds(dynamicToken("ibm"))).qs).toBe(id);
    await s.stack.destroy();
    expect(emu.emulator.state.current.sessions[id].state).toBe("closed");
  } finally {
    await s.stack.workspace.removeStack(s.stack.name, { force: true }).catch(() => undefined);
    await emu.running.close();
  }
});
