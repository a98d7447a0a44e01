import { execFile, spawn } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { dynamicToken } from "../../provider/kinds";
import { startBackends, type Backends } from "../support/emulators";
import { openStack, PROGRAMS, pulumiRoot, ROOT, type E2EStack } from "../support/engine";
import { alive, killTree } from "../support/processes";

/**
 * A team's shared state: PostgreSQL as the Pulumi backend (`pulumi login postgres://…`),
 * started once per run by global setup from Debian's packages. Runners are separate CLI
 * processes with their own PULUMI_HOME, as separate CI jobs are.
 */
jest.setTimeout(600_000);
const run = promisify(execFile);
const pg = process.env.PS_POSTGRES_URL;
const suite = pg ? describe : describe.skip;
if (!pg) console.warn(`team-state tests skipped: ${process.env.PS_POSTGRES_SKIP ?? "no PostgreSQL"}`);

let b: Backends;
const opened: E2EStack[] = [];
beforeAll(async () => {
  if (pg) b = await startBackends();
});
afterAll(async () => {
  for (const s of opened) await s.destroyAndRemove().catch(() => undefined);
  await b?.close();
});

/** A runner: its own engine sandbox, on the team's backend. */
async function runner(stackName: string): Promise<E2EStack> {
  const s = await openStack("mixed", { ...b.env, AIDP_DP_ENDPOINT: b.oci.info.url }, { backendUrl: pg, stackName });
  opened.push(s);
  return s;
}

const oci = (p: string) => ({ kind: "oci", args: { aiDataPlatformId: b.oci.info.aiDataPlatformId, workspaceKey: b.oci.info.workspaceKey, path: p, pollIntervalMs: 100 } });
const ibm = (backend: string) => ({ kind: "ibm", args: { backend, pollIntervalMs: 100 } });
const live = async () => {
  const snap = async (origin: string) => (await (await fetch(`${origin}/_emulator/state`)).json()).sessions as { id: string; state?: string }[];
  return [...(await snap(b.ibm.running.origin)).filter((x) => x.state !== "closed"), ...(await snap(b.oci.running.origin))].map((x) => x.id).sort();
};
const inState = async (s: E2EStack) => Object.values({ ...(await s.resourceIds(dynamicToken("ibm"))), ...(await s.resourceIds(dynamicToken("oci"))) });

suite("a team's state in PostgreSQL", () => {
  it("two runners update two stacks at once against the same services: both converge", async () => {
    const before = await live();
    const [a, c] = await Promise.all([runner("team-a"), runner("team-b")]);
    await a.setSessions({ a1: ibm("ibm_fez"), a2: oci("team/a2.ipynb") });
    await c.setSessions({ b1: ibm("ibm_fez"), b2: oci("team/b2.ipynb") });
    await Promise.all([a.stack.up(), c.stack.up()]);
    const made = (await live()).filter((id) => !before.includes(id));
    expect([...(await inState(a)), ...(await inState(c))].sort()).toEqual(made);
    expect(made).toHaveLength(4);
    for (const s of [a, c]) expect((await s.stack.preview()).changeSummary).not.toHaveProperty("create");
    await Promise.all([a.stack.destroy(), c.stack.destroy()]);
  });

  it("two runners update the same stack at once: one is refused by the lock, and nothing is orphaned", async () => {
    const before = await live();
    const [first, second] = [await runner("team-shared"), await runner("team-shared")];
    await first.setSessions({ s1: ibm("ibm_torino"), s2: oci("team/shared.ipynb") });
    // The first runner's update lasts a while (a slow OCI activation), as real ones do.
    await fetch(`${b.oci.running.origin}/_emulator/oci/activation-delay`, { method: "POST", body: JSON.stringify({ ms: 15_000 }) });
    const seen = b.ibm.running.log.at(-1)?.seq ?? 0;
    const one = first.stack.up();
    // The second starts once the first holds the lock (its program's create reached IBM).
    const deadline = Date.now() + 120_000;
    while (!b.ibm.running.log.some((e) => e.seq > seen && e.method === "POST") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const other = second.stack.up().then(
      () => "ran",
      (e: Error) => e.message,
    );
    expect(await other).toMatch(/the stack is currently locked/);
    await fetch(`${b.oci.running.origin}/_emulator/oci/activation-delay`, { method: "POST", body: JSON.stringify({ ms: 0 }) });
    const [result] = await Promise.allSettled([one]);
    expect(result.status).toBe("fulfilled");
    expect((await live()).filter((id) => !before.includes(id))).toEqual((await inState(first)).sort());
    await first.stack.destroy();
  });

  it("a runner killed mid-up with creates in flight: the README's recovery steps, run by the next runner, leave the services and the state in agreement", async () => {
    const stackName = "team-killed";
    const dead = await runner(stackName);
    // A first successful update: the recovery looks for sessions made since it.
    await dead.setSessions({ kept: ibm("ibm_kingston") });
    await dead.stack.up();
    const before = await live();
    await dead.setSessions({ kept: ibm("ibm_kingston"), k1: oci("team/k1.ipynb"), k2: oci("team/k2.ipynb"), k3: ibm("ibm_kingston") });
    // OCI sessions take long to activate, and IBM answers its create slowly: creates in flight.
    await fetch(`${b.oci.running.origin}/_emulator/oci/activation-delay`, { method: "POST", body: JSON.stringify({ ms: 60_000 }) });
    b.ibm.running.addFault({ method: "POST", path: "^/api/v1/sessions$", mode: "latency", delayMs: 3_000, times: 1 });
    const cli = spawn(path.join(pulumiRoot(), "bin", "pulumi"), ["up", "--yes", "--skip-preview", "--non-interactive", "--stack", stackName], { cwd: path.join(PROGRAMS, "mixed"), env: { ...process.env, ...dead.env }, detached: true, stdio: "ignore" });
    const exited = new Promise((r) => cli.once("exit", r));
    const ociCount = async () => ((await (await fetch(`${b.oci.running.origin}/_emulator/state`)).json()).sessions as unknown[]).length;
    const ociBefore = await ociCount();
    const deadline = Date.now() + 120_000;
    while (((await ociCount()) < ociBefore + 2 || !b.ibm.running.faults.injected.latency) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    // The runner's machine dies: the CLI and every provider process it started, at once.
    const providers = killTree(cli.pid!);
    await exited;
    expect(providers.length).toBeGreaterThan(0);
    while (providers.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(providers.filter(alive)).toEqual([]);
    // The slow IBM create still lands after the runner is gone.
    while ((await live()).filter((id) => !before.includes(id)).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await fetch(`${b.oci.running.origin}/_emulator/oci/activation-delay`, { method: "POST", body: JSON.stringify({ ms: 0 }) });

    // The next runner follows the README ("Team state"): cancel, recover, up.
    const next = await runner(stackName);
    const env = { ...process.env, ...next.env, PATH: next.env.PATH };
    const cwd = path.join(PROGRAMS, "mixed");
    await run("pulumi", ["cancel", "--yes", "--stack", stackName], { cwd, env });
    const recovered = await run(process.execPath, [path.join(ROOT, "dist/cli/main.js"), "recover", "--stack", stackName, "--yes"], { cwd, env });
    expect(recovered.stdout).toMatch(/k1 \(oci\): its create made session \S+, which no resource records: closed/);
    expect(recovered.stdout).toMatch(/k3 \(ibm\): its create made session \S+, which no resource records: closed/);
    await next.stack.up();
    expect((await live()).filter((id) => !before.includes(id)).sort()).toEqual((await inState(next)).filter((id) => !before.includes(id)).sort());
    expect(await inState(next)).toHaveLength(4);
    expect((await next.stack.preview()).changeSummary).not.toHaveProperty("create");
  });
});
