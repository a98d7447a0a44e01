import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { cachedVenv } from "./venvs";
import { startPostgres, type RunningPostgres } from "./postgres";

/**
 * Once per `npm test` run, not once per test file: find or build the Pulumi CLI, OpenTofu, the
 * Jupyter Server virtualenv, the qiskit-ibm-runtime and aidp-python-client ones and the one
 * Python programs run in. All live in ~/.cache/pulumi-sessions so fresh clones on the same
 * machine reuse them. Test workers inherit the env vars set here.
 * PS_SETUP=skip is for a developer iterating on unit tests while those build.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.PS_SETUP === "skip") return;
  const root = path.resolve(__dirname, "../..");
  const run = (script: string) =>
    execFileSync("bash", [path.join(root, "scripts", script)], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], timeout: 30 * 60 * 1000 })
      .trim()
      .split("\n")
      .pop()!;
  process.env.PS_PULUMI_ROOT ??= run("ensure-pulumi.sh");
  // The real OpenTofu the OpenTofu e2e tests drive (built once per machine, like the CLI).
  process.env.PS_TOFU_DIR ??= run("ensure-tofu.sh");
  // The release assets (the self-contained plugin and the Python wheel) the acquisition and Python tests install.
  if (!process.env.PS_RELEASE_DIR) {
    execFileSync(process.execPath, [path.join(root, "scripts/package.js")], { cwd: root, stdio: ["ignore", "ignore", "inherit"], timeout: 10 * 60 * 1000 });
    process.env.PS_RELEASE_DIR = path.join(root, "dist/release");
  }
  // The Jupyter tests need a real Jupyter Server: no python3 fails here, saying what to install.
  if (!cachedVenv("jupyter")) throw new Error("no python3: the Jupyter tests need one (Python 3.9+) for a real Jupyter Server");
  // The conformance suite and the Python e2e skip, saying why, without python3.
  cachedVenv("qiskit");
  cachedVenv("aidp");
  // The team-state tests' shared backend: one PostgreSQL for the run (global-teardown.ts stops it).
  // Where it cannot be installed, they skip and say why (PS_POSTGRES_SKIP).
  try {
    const bin = run("ensure-postgres.sh");
    const pg: RunningPostgres = startPostgres(bin);
    (globalThis as { __psPostgres?: RunningPostgres }).__psPostgres = pg;
    process.env.PS_POSTGRES_URL = pg.url;
  } catch (e) {
    process.env.PS_POSTGRES_SKIP = (e as { status?: number }).status === 3 ? "PostgreSQL cannot be installed on this machine (needs root and apt-get)" : `PostgreSQL did not start: ${(e as Error).message}`;
    if ((e as { status?: number }).status !== 3) throw e;
  }
  cachedVenv("python-sdk");
}
