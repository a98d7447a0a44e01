#!/usr/bin/env node
// node bench/profile-summary.js DIR [TOP]: the V8 CPU profiles in DIR (from `npm run bench --
// --cpu-prof DIR`), one line per process (which script, total sampled time), then the
// functions with the most self time across all of them, grouped by where they live
// (engine SDK, this package, undici, zod, node internals, …).
const fs = require("node:fs");
const path = require("node:path");

const dir = process.argv[2];
const top = Number(process.argv[3] ?? 25);
const where = (url) => {
  if (!url) return "(native/idle)";
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1] === "pulumi-sessions" ? "pulumi-sessions" : m[1];
  if (url.startsWith("node:")) return "node";
  return path.basename(url);
};
const self = new Map();
const byPackage = new Map();
for (const f of fs.readdirSync(dir).filter((x) => x.endsWith(".cpuprofile"))) {
  const p = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"));
  const dt = new Map(p.nodes.map((n) => [n.id, 0]));
  for (let i = 0; i < p.samples.length; i++) dt.set(p.samples[i], dt.get(p.samples[i]) + (p.timeDeltas[i] ?? 0));
  let total = 0;
  let script = "";
  for (const n of p.nodes) {
    const us = dt.get(n.id);
    const name = n.callFrame.functionName || "(anonymous)";
    if (name === "(idle)" || name === "(program)" || name === "(garbage collector)") {
      if (name !== "(idle)") self.set(name, (self.get(name) ?? 0) + us);
      continue;
    }
    total += us;
    const key = `${name} ${where(n.callFrame.url)}`;
    self.set(key, (self.get(key) ?? 0) + us);
    byPackage.set(where(n.callFrame.url), (byPackage.get(where(n.callFrame.url)) ?? 0) + us);
    if (!script && /dynamic-provider|plugin\/main|bin\/index|cmd\/run/.test(n.callFrame.url)) script = n.callFrame.url.split("node_modules/").pop();
  }
  console.log(`${f}: ${(total / 1e6).toFixed(2)} s busy${script ? ` (${script})` : ""}`);
}
const ms = (us) => `${(us / 1000).toFixed(0)} ms`;
console.log("\nself time by package:");
for (const [k, v] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${ms(v).padStart(8)}  ${k}`);
console.log(`\ntop ${top} functions by self time:`);
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${ms(v).padStart(8)}  ${k}`);
