import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { promisify } from "node:util";
import { handlers, type KindName } from "../../provider";
import { KIND_OF_TOKEN } from "../../provider/kinds";
import { startBackends, type Backends } from "../support/emulators";
import { openStack, PROGRAMS, ROOT, type E2EStack } from "../support/engine";
import { tempDir } from "../support/tmp";

/**
 * Adopting the sessions that already run: `pulumi-sessions discover` lists what each service
 * reports, marks what the stack manages, and writes the rest as a `pulumi import --file`
 * document; after the import, a program that declares them shows no change.
 */
jest.setTimeout(300_000);
const run = promisify(execFile);

let b: Backends;
let s: E2EStack;
const where = () => [
  "--where", `oci.aiDataPlatformId=${b.oci.info.aiDataPlatformId}`,
  "--where", `oci.workspaceKey=${b.oci.info.workspaceKey}`,
  "--where", `oci.endpoint=${b.oci.info.url}`,
  "--where", `jupyter.url=${b.jupyter.url}`,
];
const cli = (args: string[], env: Record<string, string> = s.env) =>
  run(process.execPath, [path.join(ROOT, "dist/cli/main.js"), ...args], { cwd: path.join(PROGRAMS, "plugin-ts"), env: { ...process.env, ...env } }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

beforeAll(async () => {
  b = await startBackends();
  s = await openStack("plugin-ts", { ...b.env, AIDP_DP_ENDPOINT: b.oci.info.url });
});
afterAll(async () => {
  await s?.destroyAndRemove().catch(() => undefined);
  await b?.close();
});

/** A session opened outside any stack, with the package's own handlers (what a person or another tool would do). */
async function outOfBand(kind: KindName, args: Record<string, unknown>): Promise<string> {
  const saved = { ...process.env };
  Object.assign(process.env, s.env);
  try {
    const checked = await handlers(kind).check({}, args);
    return (await handlers(kind).create(checked.inputs as Record<string, unknown>)).id;
  } finally {
    process.env = saved;
  }
}

it("discover lists the running sessions, marks the stack's, and its import file brings the rest in: then a program that declares them shows no change", async () => {
  await s.setSessions({ managed: { kind: "ibm", args: { backend: "ibm_fez", pollIntervalMs: 100 } } });
  await s.stack.up();
  const managed = (await s.resourceIds("sessions:ibm:QuantumSession")).managed;
  const running = {
    ibm: await outOfBand("ibm", { backend: "ibm_torino", pollIntervalMs: 100 }),
    oci: await outOfBand("oci", { aiDataPlatformId: b.oci.info.aiDataPlatformId, workspaceKey: b.oci.info.workspaceKey, endpoint: b.oci.info.url, path: "Workspace/running.ipynb", pollIntervalMs: 100 }),
    jupyter: await outOfBand("jupyter", { url: b.jupyter.url, path: "work/running.ipynb", pollIntervalMs: 100 }),
  };

  const file = path.join(tempDir("ps-discover-"), "import.json");
  const found = await cli(["discover", "--stack", s.stack.name, ...where(), "--out", file]);
  expect(found.code).toBe(0);
  expect(found.stdout).toMatch(new RegExp(`${managed} .* — managed by the stack as urn:pulumi:.*::managed`));
  expect(found.stdout).toMatch(/deepnote: skipped: Deepnote sessions cannot be listed/);
  const doc = JSON.parse(fs.readFileSync(file, "utf8")) as { resources: { type: string; name: string; id: string }[] };
  expect(doc.resources.map((r) => r.type).sort()).toEqual(["sessions:ibm:QuantumSession", "sessions:jupyter:Session", "sessions:oci:NotebookSession"]);
  for (const id of Object.values(running)) expect(doc.resources.some((r) => r.id.endsWith(id))).toBe(true);

  const imported = await run("pulumi", ["import", "--file", file, "--yes", "--generate-code=false", "--stack", s.stack.name], { cwd: path.join(PROGRAMS, "plugin-ts"), env: { ...process.env, ...s.env } });
  expect(imported.stdout).toMatch(/3 imported/);
  // The program now declares them, with the names in the file and the inputs the import recorded.
  const state = (await s.stack.exportStack()).deployment.resources as { type: string; urn: string; inputs: Record<string, unknown> }[];
  const declared: Record<string, unknown> = { managed: { kind: "ibm", args: { backend: "ibm_fez", pollIntervalMs: 100 } } };
  for (const r of doc.resources) {
    const res = state.find((x) => x.urn.endsWith(`::${r.name}`))!;
    declared[r.name] = { kind: KIND_OF_TOKEN[r.type], args: res.inputs };
  }
  await s.setSessions(declared);
  expect((await s.stack.preview()).changeSummary).toEqual({ same: 5 });
  // Run again, everything is the stack's.
  const again = await cli(["discover", "--stack", s.stack.name, ...where(), "--out", file]);
  expect(JSON.parse(fs.readFileSync(file, "utf8")).resources).toEqual([]);
  expect(again.stdout).not.toMatch(/to import as/);
});

describe("discover refuses bad input with one clear error", () => {
  it("no credentials: names the variable and the config key to set", async () => {
    const { QISKIT_IBM_TOKEN: _gone, ...env } = s.env;
    const r = await cli(["discover", "--kind", "ibm"], { ...env, QISKIT_IBM_TOKEN: "" });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ibm: error: the IBM Cloud API key is not configured: set QISKIT_IBM_TOKEN/);
  });

  it("an unreachable service: names the setting and what did not answer", async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((r) => closed.close(r));
    const r = await cli(["discover", "--kind", "jupyter", "--where", `jupyter.url=${url}`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/jupyter: error: list Jupyter sessions failed: no answer from Jupyter Server .*ECONNREFUSED.*the session's url input/);
  });

  it("a stack file that is not a Pulumi export", async () => {
    const file = path.join(tempDir("ps-discover-bad-"), "not-an-export.json");
    fs.writeFileSync(file, JSON.stringify({ version: 3, resources: [] }));
    const r = await cli(["discover", "--stack-file", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not-an-export\.json is not a Pulumi stack export .*expected the output of `pulumi stack export`/);
  });
});
