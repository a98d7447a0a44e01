import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { tempDir } from "../support/tmp";

/**
 * schema.json, the dynamic classes' modules and the SDKs generated from them are checked
 * in; these fail when the zod schemas or the kinds registry moved on without `npm run gen`.
 * The SDK comparison builds the generator with Go, which `npm test` needs anyway (the CLI
 * build): without Go it fails, saying so.
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

describe("generated provider schema, dynamic modules and SDKs", () => {
  it("schema.json is what the zod schemas generate", () => {
    const r = spawnSync("node", [path.join(ROOT, "scripts/gen-schema.js"), "--check"], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("the dynamic classes' modules are what the kinds registry generates", () => {
    const r = spawnSync("node", [path.join(ROOT, "scripts/gen-dynamic.js"), "--check"], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it(
    "sdk/python, sdk/nodejs and sdk/go are what the schema generates, untouched",
    () => {
      const go = spawnSync("bash", ["-c", "command -v go"]);
      if (go.status !== 0) throw new Error("no Go on this machine: the SDK generator (tools/gensdk) needs Go >= 1.25, as the Pulumi CLI build does");
      const out = tempDir("ps-gensdk-");
      execFileSync("bash", [path.join(ROOT, "scripts/gen-sdks.sh"), out], { stdio: ["ignore", "ignore", "inherit"] });
      for (const sdk of ["python", "nodejs", "go"]) {
        const fresh = path.join(out, sdk);
        const mine = path.join(ROOT, "sdk", sdk);
        expect(files(mine)).toEqual(files(fresh));
        for (const f of files(fresh)) expect([f, fs.readFileSync(path.join(mine, f), "utf8")]).toEqual([f, fs.readFileSync(path.join(fresh, f), "utf8")]);
      }
    },
    600_000,
  );
});

describe("the Registry docs (docs/installation-configuration.md)", () => {
  it("list every setting of every kind, with its environment variables and whether it is secret", () => {
    const { KINDS, KIND_NAMES } = require("../../provider/kinds") as typeof import("../../provider/kinds");
    const doc = fs.readFileSync(path.join(ROOT, "docs/installation-configuration.md"), "utf8");
    for (const k of KIND_NAMES) {
      for (const s of KINDS[k].settings) {
        const row = doc.split("\n").find((l) => l.startsWith(`| \`sessions:${s.key}\` |`));
        expect([s.key, row !== undefined]).toEqual([s.key, true]);
        for (const env of s.env) expect(row).toContain(`\`${env}\``);
        expect([s.key, /\| yes \|/.test(row!)]).toEqual([s.key, !!s.secret]);
      }
    }
  });
});
