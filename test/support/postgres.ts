import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * One PostgreSQL server per `npm test` run (global setup starts it, global teardown stops it),
 * on loopback, its data in a temp dir removed at the end, as the team-state tests' Pulumi
 * backend. Run as the `postgres` system user when we are root (the server refuses root).
 */
export interface RunningPostgres {
  url: string;
  dir: string;
  stop(): void;
}

const asPostgres = (argv: string[]) => (process.getuid?.() === 0 ? ["runuser", "-u", "postgres", "--", ...argv] : argv);

function run(argv: string[]): { status: number | null; out: string } {
  const [cmd, ...args] = asPostgres(argv);
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  return { status: r.status, out: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

export function startPostgres(bin: string): RunningPostgres {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ps-pg-"));
  if (process.getuid?.() === 0) execFileSync("chown", ["postgres", dir]);
  fs.chmodSync(dir, 0o700);
  const data = path.join(dir, "data");
  const init = run([path.join(bin, "initdb"), "-D", data, "--auth=trust", "-U", "postgres", "--no-sync"]);
  if (init.status !== 0) throw new Error(`initdb failed: ${init.out}`);
  // PostgreSQL cannot listen on port 0: try free-looking ports until one starts (the server binds it itself).
  for (let attempt = 1; attempt <= 8; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 40000);
    const r = run([path.join(bin, "pg_ctl"), "-D", data, "-w", "-t", "60", "-l", path.join(dir, "server.log"), "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, "start"]);
    if (r.status === 0) {
      const stop = () => {
        run([path.join(bin, "pg_ctl"), "-D", data, "-m", "immediate", "stop"]);
        fs.rmSync(dir, { recursive: true, force: true });
      };
      return { url: `postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable`, dir, stop };
    }
  }
  const log = fs.existsSync(path.join(dir, "server.log")) ? fs.readFileSync(path.join(dir, "server.log"), "utf8").slice(-2000) : "";
  fs.rmSync(dir, { recursive: true, force: true });
  throw new Error(`PostgreSQL did not start on any of 8 ports:\n${log}`);
}
