import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { tempDir } from "../support/tmp";

const script = path.resolve(__dirname, "../../scripts/ensure-pulumi.sh");

describe("scripts/ensure-pulumi.sh", () => {
  it("says what to install when there is neither a pulumi nor Go", () => {
    const cache = tempDir("ps-nocache-");
    // A PATH with only the basic tools the script uses: wherever this machine keeps go or pulumi, they are not here.
    const bin = tempDir("ps-bin-");
    for (const tool of ["dirname", "sort", "head", "readlink", "cp", "chmod", "mkdir"]) {
      const found = spawnSync("bash", ["-c", `command -v ${tool}`], { encoding: "utf8" }).stdout.trim();
      if (found) fs.symlinkSync(found, path.join(bin, tool));
    }
    const r = spawnSync("/bin/bash", [script], { encoding: "utf8", env: { PATH: bin, HOME: cache, XDG_CACHE_HOME: cache } });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/neither a pulumi >= 3\.259\.0 on PATH nor Go/);
    expect(r.stderr).toMatch(/install the Pulumi CLI .* or Go/);
  });

  it("answers from the cache with the engine directory when it was built before", () => {
    const r = spawnSync("bash", [script], { encoding: "utf8" });
    expect(r.status).toBe(0);
    const dir = r.stdout.trim();
    expect(fs.existsSync(path.join(dir, "bin", "pulumi"))).toBe(true);
    expect(fs.existsSync(path.join(dir, "bin", "pulumi-resource-pulumi-nodejs"))).toBe(true);
  });
});

describe("a first run's long steps (scripts/lib/quiet.sh)", () => {
  const quietly = (body: string) => {
    const log = path.join(tempDir("ps-quiet-"), "build.log");
    const r = spawnSync("bash", ["-c", `. "${path.resolve(__dirname, "../../scripts/lib/quiet.sh")}"; QUIET_NAME=step; QUIET_LOG="${log}"; ${body}`], { encoding: "utf8" });
    return { ...r, log };
  };

  it("print one progress line per step, naming the log that has the whole output", () => {
    const r = quietly(`quietly "building a thing (about a minute)" bash -c 'for i in $(seq 1 650); do echo "go: added module $i"; done'`);
    expect(r.status).toBe(0);
    expect(r.stderr.trim().split("\n")).toEqual([`step: building a thing (about a minute) (log: ${r.log})`]);
    expect(fs.readFileSync(r.log, "utf8").trim().split("\n")).toHaveLength(650);
  });

  it("show the end of the log when a step fails, and fail", () => {
    const r = quietly(`quietly "building a thing" bash -c 'echo first; echo "the real error"; exit 3' || exit 9`);
    expect(r.status).toBe(9);
    expect(r.stderr).toMatch(/step: failed: .*the end of .*build\.log:\nfirst\nthe real error/);
  });
});
