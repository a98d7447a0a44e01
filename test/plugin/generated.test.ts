import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * schema.json and the SDKs generated from it are checked in; these fail when the zod
 * schemas moved on without `npm run gen:sdks`. (The SDK comparison builds the generator
 * with Go, as the CLI build does; it is skipped, saying so, only without Go.)
 */
const ROOT = path.resolve(__dirname, "../..");

function files(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    // What building or installing the Python package leaves behind is not generated.
    if (["build", "__pycache__"].includes(e.name) || e.name.endsWith(".egg-info")) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p, base));
    else out.push(path.relative(base, p));
  }
  return out.sort();
}

describe("generated provider schema and SDKs", () => {
  it("schema.json is what the zod schemas generate", () => {
    const r = spawnSync("node", [path.join(ROOT, "scripts/gen-schema.js"), "--check"], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  const hasGo = spawnSync("bash", ["-c", "command -v go"]).status === 0;
  if (!hasGo) console.warn("SDK staleness check skipped: no Go on this machine to build the generator (tools/gensdk)");
  (hasGo ? it : it.skip)(
    "sdk/python and sdk/plugin are what the schema generates",
    () => {
      const out = fs.mkdtempSync(path.join(os.tmpdir(), "ps-gensdk-"));
      execFileSync("bash", [path.join(ROOT, "scripts/gen-sdks.sh"), out], { stdio: ["ignore", "ignore", "inherit"] });
      for (const sdk of ["python", "plugin"]) {
        const fresh = path.join(out, sdk);
        const mine = path.join(ROOT, "sdk", sdk);
        expect(files(mine)).toEqual(files(fresh));
        for (const f of files(fresh)) expect([f, fs.readFileSync(path.join(mine, f), "utf8")]).toEqual([f, fs.readFileSync(path.join(fresh, f), "utf8")]);
      }
      fs.rmSync(out, { recursive: true, force: true });
    },
    600_000,
  );
});
