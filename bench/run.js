// npm run bench [-- N | --n 100,300] [--latency MS] [--repeat R] [--cpu-prof DIR] [--extra-props K]: `pulumi up`,
// a no-change `preview`, `refresh` and `destroy` of a mixed stack of N sessions (IBM Quantum,
// OCI, Deepnote, and Jupyter when a Jupyter Server can be started) against the emulators,
// each beside its floor measured in the same run:
// - N no-op dynamic resources (the engine's own cost), for each N: the floor the benchmark's first version set, whose
//   provider is stored as its code (4.6 KB of state per resource), and the lean floor, the same
//   provider from a package (1.9 KB: the least a dynamic resource stores);
// - with --latency MS (default 200): N sessions of the emulated kinds with MS added to every request,
//   beside a no-op provider that sleeps MS once per create, read and delete (one round
//   trip each, the best any provider can do; a refresh has to read).
// R rounds (default 3), each measuring every floor and subject once; each cell is the
// median ratio over the rounds, with their range.
// The sessions come from the packed package installed the way users install it, so the
// state holds what users' state holds. Then the emulator's own throughput (bench/load.js).
// The same sessions through the provider plugin (`pulumi-resource-sessions` from the
// installed package, on PATH) beside the same floors: the `plugin` line.
// --cpu-prof DIR: the first round's Node processes (programs, and provider processes, which a
// preloaded handler lets exit normally on the engine's signal) write V8 CPU profiles to
// DIR/<floor|dynamic|plugin>-<N> (NODE_OPTIONS=--cpu-prof); bench/profile-summary.js DIR/<…>
// sums one set.
// Each step's CPU time, all processes (/proc/stat), beside the floor's, with the Jupyter
// Server's share apart. Temporary directories are removed at the end.
// --extra-props K: only the lean floor, beside itself with K more inputs per resource: what the
// number of stored values (not their bytes) costs the engine (see valuesCost).
// Last line: the worst median ratio of each step of the dynamic resources,
// `ratio up=… preview=… refresh=… destroy=… n=… latency=…`.
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const { LocalWorkspace, PulumiCommand } = require("@pulumi/pulumi/automation");
const { startIbmQuantumEmulator, startOciAidpEmulator, startDeepnoteEmulator } = require("../dist/emulators");
const { findJupyter, startJupyterServer } = require("../dist/emulators/jupyter/server");
const { loadTest } = require("./load");

const ROOT = path.resolve(__dirname, "..");
const STEPS = ["up", "preview", "refresh", "destroy"];

/** Temporary directories, removed when the bench ends (each install copies @pulumi: ~100 MB). */
const scratch = [];
function scratchDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

const USAGE = "usage: bench [-- N | --n 100,300] [--latency MS] [--repeat R] [--cpu-prof DIR] [--extra-props K]";

/** The bench's options (node:util parseArgs); a bare number N is `--n N`. */
function options(argv) {
  let parsed;
  try {
    parsed = require("node:util").parseArgs({
      args: argv,
      options: {
        n: { type: "string" },
        latency: { type: "string", default: "200" },
        repeat: { type: "string", default: "3" },
        "cpu-prof": { type: "string" },
        "extra-props": { type: "string", default: "0" },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new Error(`${e.message} (${USAGE})`);
  }
  const { values, positionals } = parsed;
  const number = (name, text) => {
    if (!/^\d+$/.test(text)) throw new Error(`${name} takes a whole number, not ${JSON.stringify(text)} (${USAGE})`);
    return Number(text);
  };
  if (positionals.length > 1 || (positionals.length && values.n)) throw new Error(`one size at most: N or --n (${USAGE})`);
  const ns = positionals.length ? [number("N", positionals[0])] : (values.n ?? "100,300").split(",").map((x) => number("--n", x));
  return {
    ns,
    latency: number("--latency", values.latency),
    repeat: Math.max(1, number("--repeat", values.repeat)),
    cpuProf: values["cpu-prof"] ? path.resolve(values["cpu-prof"]) : undefined,
    extraProps: number("--extra-props", values["extra-props"]),
  };
}

/** A copy of bench/<program> whose node_modules holds the packed package (real files) and links to its dependencies. */
function userInstall(program) {
  const dir = scratchDir("ps-bench-pkg-");
  const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: ROOT, encoding: "utf8" }).trim().split("\n").pop();
  execFileSync("tar", ["xzf", path.join(dir, tarball), "-C", dir]);
  const project = path.join(dir, program);
  fs.cpSync(path.join(__dirname, program), project, { recursive: true });
  const nm = path.join(project, "node_modules");
  fs.mkdirSync(nm);
  fs.renameSync(path.join(dir, "package"), path.join(nm, "pulumi-sessions"));
  for (const entry of fs.readdirSync(path.join(ROOT, "node_modules"))) {
    if (entry === "pulumi-sessions" || entry === ".bin" || entry.startsWith(".")) continue;
    // @pulumi/pulumi is copied: its closure serializer resolves packages from where it
    // lives, and a link back into this repo would find the repo instead of the install.
    if (entry === "@pulumi") fs.cpSync(path.join(ROOT, "node_modules", entry), path.join(nm, entry), { recursive: true });
    else fs.symlinkSync(path.join(ROOT, "node_modules", entry), path.join(nm, entry));
  }
  return project;
}

/** bench/noop run with `project`'s dependencies, its provider installed among them as a package (config `lean`). */
function leanFloor(project) {
  const dir = scratchDir("ps-bench-lean-");
  fs.cpSync(path.join(__dirname, "noop"), dir, { recursive: true });
  const nm = path.join(project, "node_modules");
  fs.mkdirSync(path.join(nm, "bench-noop-provider"));
  fs.copyFileSync(path.join(__dirname, "noop", "provider.js"), path.join(nm, "bench-noop-provider", "index.js"));
  fs.symlinkSync(nm, path.join(dir, "node_modules"));
  return dir;
}

/** A directory with `pulumi-resource-sessions` for the installed package (as `npm i -g` puts it on PATH). */
function pluginBin(project) {
  const dir = scratchDir("ps-bench-plugin-");
  const main = path.join(project, "node_modules/pulumi-sessions/dist/provider/plugin/main.js");
  fs.writeFileSync(path.join(dir, "pulumi-resource-sessions"), `#!/bin/sh\nexec node "${main}" "$@"\n`, { mode: 0o755 });
  return dir;
}

async function stackFor(workDir, n, env, config = {}) {
  const dir = scratchDir("ps-bench-");
  fs.mkdirSync(path.join(dir, "state"));
  fs.mkdirSync(path.join(dir, "home"));
  const pulumiCommand = await PulumiCommand.get({ root: process.env.PS_PULUMI_ROOT, skipVersionCheck: true });
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "bench", workDir },
    {
      pulumiCommand,
      envVars: {
        ...env,
        PATH: `${env.BENCH_PLUGIN_BIN ? `${env.BENCH_PLUGIN_BIN}:` : ""}${process.env.PS_PULUMI_ROOT}/bin:${ROOT}/node_modules/.bin:${process.env.PATH}`,
        PULUMI_BACKEND_URL: `file://${dir}/state`,
        PULUMI_HOME: `${dir}/home`,
        PULUMI_CONFIG_PASSPHRASE: "bench",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_NODEJS_TRANSPILE_ONLY: "true",
      },
    },
  );
  await stack.setAllConfig(Object.fromEntries(Object.entries({ n: String(n), ...config }).map(([k, v]) => [k, { value: v }])));
  return { stack, stateDir: path.join(dir, "state") };
}

async function timed(fn) {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

/** The stack's checkpoint: its size, and how many values (each property, nested ones too) its resources store. */
function stateShape(dir) {
  let biggest;
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith(".json") && !p.includes(".bak")) {
        const bytes = fs.statSync(p).size;
        if (!biggest || bytes > biggest.bytes) biggest = { path: p, bytes };
      }
    }
  };
  walk(dir);
  const count = (v) => (v && typeof v === "object" ? Object.values(v).reduce((t, x) => t + 1 + count(x), 0) : 0);
  const resources = JSON.parse(fs.readFileSync(biggest.path, "utf8")).checkpoint.latest.resources ?? [];
  const values = resources.reduce((t, r) => t + (r.custom ? count(r.inputs) + count(r.outputs) : 0), 0);
  return { bytes: biggest.bytes, values };
}

/**
 * CPU seconds used so far by a process and its descendants, reaped ones included (Linux
 * /proc; undefined elsewhere): how much of a step's machine time the Jupyter Server and
 * its kernels took, on the same cores as the engine.
 */
function treeCpuSeconds(rootPid) {
  try {
    const tick = 100; // USER_HZ on Linux
    const stats = new Map();
    for (const e of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(e)) continue;
      try {
        const f = fs.readFileSync(`/proc/${e}/stat`, "utf8");
        const fields = f.slice(f.lastIndexOf(")") + 2).split(" ");
        stats.set(Number(e), { ppid: Number(fields[1]), own: Number(fields[11]) + Number(fields[12]), reaped: Number(fields[13]) + Number(fields[14]) });
      } catch {
        /* exited meanwhile */
      }
    }
    let total = 0;
    const visit = (pid) => {
      const s = stats.get(pid);
      if (!s) return;
      total += s.own + s.reaped;
      for (const [child, c] of stats) if (c.ppid === pid) visit(child);
    };
    visit(rootPid);
    return total / tick;
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds all processes on this machine have used so far (Linux /proc/stat: user, nice,
 * system, irq, softirq, steal; undefined elsewhere): a step's machine time, to set beside its
 * wall time (on 2 cores a step takes at least half its machine time).
 */
function machineCpuSeconds() {
  try {
    const f = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    return (f[0] + f[1] + f[2] + f[5] + f[6] + f[7]) / 100; // USER_HZ
  } catch {
    return undefined;
  }
}

/** `profile`: a directory for the V8 CPU profiles of this stack's program and provider processes.
 * `requests`: a counter of emulator requests, read after each step (the latency scenario). */
async function measure(workDir, n, env, config, profile, requests, cpuProbe) {
  if (profile) {
    fs.mkdirSync(profile, { recursive: true });
    env = { ...env, NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profile} --require ${path.join(__dirname, "exit-on-signal.js")}` };
  }
  const { stack, stateDir } = await stackFor(workDir, n, env, config);
  const t = {};
  const perStep = {};
  const cpu = { machine: {}, jupyter: {} };
  const timedStep = async (step, fn) => {
    requests?.mark();
    const before = cpuProbe?.();
    const machineBefore = machineCpuSeconds();
    const s = await timed(fn);
    if (requests) perStep[step] = requests.since();
    if (before !== undefined) cpu.jupyter[step] = cpuProbe() - before;
    if (machineBefore !== undefined) cpu.machine[step] = machineCpuSeconds() - machineBefore;
    return s;
  };
  t.up = await timedStep("up", () => stack.up());
  const shape = stateShape(stateDir);
  t.preview = await timedStep("preview", async () => {
    const p = await stack.preview();
    if (Object.keys(p.changeSummary).some((k) => k !== "same")) throw new Error(`${workDir}: preview after up is not empty: ${JSON.stringify(p.changeSummary)}`);
  });
  t.refresh = await timedStep("refresh", () => stack.refresh());
  t.destroy = await timedStep("destroy", () => stack.destroy());
  await stack.workspace.removeStack("bench");
  // Per resource (the stack's provider resource is counted in with them: the engine handles it too).
  return { t, bytesPerResource: Math.round(shape.bytes / n), valuesPerResource: Math.round(shape.values / n), perStep, cpu };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** A table cell for step `k`: the median times of `subject` and `floor` over the rounds, and the median of their ratios. */
function stepCell(rounds, k, subject, floor) {
  const ratios = rounds.map((x) => x[subject].t[k] / x[floor].t[k]);
  const [s, f] = [subject, floor].map((w) => median(rounds.map((x) => x[w].t[k])).toFixed(1));
  return { ratios, text: `${s}s / ${f}s = **${median(ratios).toFixed(2)}**` };
}

/**
 * --extra-props K: what the number of values a resource stores costs the engine. The lean
 * floor beside itself with K more small inputs per resource (which its provider echoes as
 * outputs), N resources, R rounds, median ratios (wall time, and all processes' CPU time).
 */
async function valuesCost(opts) {
  const leanDir = leanFloor(userInstall("mixed"));
  const rounds = [];
  try {
    for (let round = 0; round < opts.repeat; round++) {
      for (const n of opts.ns) {
        const base = await measure(leanDir, n, {}, { lean: "true" });
        const more = await measure(leanDir, n, {}, { lean: "true", extraProps: String(opts.extraProps) });
        rounds.push({ n, base, more });
      }
    }
  } finally {
    for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`lean floor with ${opts.extraProps} more inputs per resource vs the lean floor; ${opts.repeat} round(s), medians (all processes' CPU time in brackets)`);
  console.log(`| N | values/resource | bytes/resource | ${STEPS.join(" | ")} |`);
  console.log(`|---|---|---|${STEPS.map(() => "---").join("|")}|`);
  for (const n of opts.ns) {
    const rs = rounds.filter((r) => r.n === n);
    const { base, more } = rs.at(-1);
    const cell = (k) => {
      const cpu = median(rs.map((r) => (r.more.cpu.machine[k] ?? NaN) / (r.base.cpu.machine[k] ?? NaN)));
      return `${stepCell(rs, k, "more", "base").text} (CPU ${cpu.toFixed(2)})`;
    };
    console.log(`| ${n} | ${more.valuesPerResource} vs ${base.valuesPerResource} | ${more.bytesPerResource} vs ${base.bytesPerResource} | ${STEPS.map(cell).join(" | ")} |`);
  }
}

/** Emulator requests since `mark()`, counted by emulator, method and route (ids as `{id}`). */
function requestCounter(emus) {
  let marks = [];
  const seqOf = (e) => e.log.at(-1)?.seq ?? 0;
  return {
    mark: () => (marks = emus.map(([, e]) => seqOf(e))),
    since() {
      const counts = {};
      emus.forEach(([name, e], i) => {
        for (const entry of e.log) {
          if (entry.seq <= marks[i]) continue;
          // Ids: segments of 20+ characters, or with a digit that are not an API version.
          const route = entry.path.split("?")[0].replace(/\/(?!v\d+\b|20\d{6}\b)(?=[^/]*\d|[^/]{20,})[^/]+/g, "/{id}");
          const key = `${name} ${entry.method} ${route}`;
          counts[key] = (counts[key] ?? 0) + 1;
        }
      });
      return counts;
    },
  };
}

(async () => {
  const opts = options(process.argv.slice(2));
  if (opts.extraProps > 0) return valuesCost(opts);
  const emu = await startIbmQuantumEmulator({ port: 0 });
  const ociEmu = await startOciAidpEmulator({ port: 0, activationDelayMs: 0 });
  const dnEmu = await startDeepnoteEmulator({ port: 0, runDurationMs: 1 });
  const exe = findJupyter(process.env.PS_JUPYTER_VENV);
  const jup = exe ? await startJupyterServer({ jupyterExe: exe }) : undefined;
  const emus = [emu.running, ociEmu.running, dnEmu.running];
  const env = {
    QISKIT_IBM_URL: emu.info.url, IAM_URL: emu.info.iamUrl, QISKIT_IBM_TOKEN: emu.info.apiKey, QISKIT_IBM_INSTANCE: emu.info.instance,
    OCI_CONFIG_FILE: ociEmu.info.configFile, OCI_CLI_PROFILE: "DEFAULT", BENCH_OCI_URL: ociEmu.info.url, BENCH_OCI_PLATFORM: ociEmu.info.aiDataPlatformId, BENCH_OCI_WORKSPACE: ociEmu.info.workspaceKey,
    DEEPNOTE_API_URL: dnEmu.info.url, DEEPNOTE_TOKEN: dnEmu.info.token, BENCH_DEEPNOTE_NOTEBOOK: dnEmu.info.notebookId,
    ...(jup ? { JUPYTER_TOKEN: jup.token, BENCH_JUPYTER_URL: jup.url } : {}),
  };
  const ibmDir = userInstall("mixed");
  const noopDir = path.join(__dirname, "noop");
  const leanDir = leanFloor(ibmDir);
  const pluginEnv = { ...env, BENCH_PLUGIN_BIN: pluginBin(ibmDir) };
  const jupyterCpu = jup?.pid && treeCpuSeconds(jup.pid) !== undefined ? () => treeCpuSeconds(jup.pid) : undefined;
  // Each row holds one {floor, lean, subject} per round; a cell is the median over rounds, so one
  // disturbed run (this machine's single runs vary by ±0.3 on a cell) does not decide it.
  const rows = [];
  const pluginRows = [];
  const rowFor = (list, name, n, latency) => {
    let r = list.find((x) => x.name === name);
    if (!r) list.push((r = { name, n, latency, rounds: [] }));
    return r;
  };
  try {
    for (let round = 0; round < opts.repeat; round++) {
      // Profiles of the first round only: one set per stack.
      const prof = (what) => round === 0 && opts.cpuProf ? path.join(opts.cpuProf, what) : undefined;
      for (const n of opts.ns) {
        const floor = await measure(noopDir, n, {}, {}, prof(`floor-${n}`));
        const lean = await measure(leanDir, n, {}, { lean: "true" });
        rowFor(rows, `${n} sessions vs no-op floor`, n, 0).rounds.push({ floor, lean, subject: await measure(ibmDir, n, env, {}, prof(`dynamic-${n}`), undefined, jupyterCpu) });
        rowFor(pluginRows, `${n} sessions via the provider plugin vs the same floor`, n, 0).rounds.push({ floor, lean, subject: await measure(ibmDir, n, pluginEnv, { sdk: "plugin" }, prof(`plugin-${n}`), undefined, jupyterCpu) });
      }
      if (opts.latency > 0) {
        const n = Math.min(...opts.ns);
        const floor = await measure(noopDir, n, {}, { sleepMs: String(opts.latency) });
        const counter = requestCounter([["IBM", emu.running], ["OCI", ociEmu.running], ["Deepnote", dnEmu.running]]);
        for (const e of emus) e.setLatency(opts.latency);
        // Every session here is behind the added latency: the emulated kinds only (a Jupyter
        // kernel's start-up CPU is in the rows above, and its server gets no added latency).
        const { BENCH_JUPYTER_URL: _url, JUPYTER_TOKEN: _token, ...emulatedOnly } = env;
        const subject = await measure(ibmDir, n, emulatedOnly, {}, undefined, counter);
        for (const e of emus) e.setLatency(0);
        rowFor(rows, `${n} IBM/OCI/Deepnote sessions at ${opts.latency} ms per request vs one round trip per create, read and delete`, n, opts.latency).rounds.push({ floor, subject });
      }
    }
  } catch (e) {
    // A Jupyter session that failed under load: the server's log says why (kernel restarts, …).
    if (jup) console.error(`Jupyter Server's log, last lines:\n${jup.logTail()}`);
    throw e;
  } finally {
    await Promise.all(emus.map((e) => e.close()));
    await jup?.close();
    for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`mixed stack: IBM Quantum, OCI, Deepnote${jup ? " and up to 10 Jupyter (a real server, no added latency)" : " (no Jupyter Server found)"} sessions in turn; ${opts.repeat} round(s), medians`);
  // `against`: which floor, "floor" (the first) or "lean".
  const ratio = (r, k, against) => median(r.rounds.map((x) => x.subject.t[k] / x[against].t[k]));
  const table = (list, against, rename = (name) => name) => {
    console.log(`| scenario | ${STEPS.join(" | ")} | state bytes, values/resource (floor's) |`);
    console.log(`|---|${STEPS.map(() => "---").join("|")}|---|`);
    for (const r of list) {
      const cells = STEPS.map((k) => {
        const { ratios: rs, text } = stepCell(r.rounds, k, "subject", against);
        const range = rs.length > 1 ? ` (${Math.min(...rs).toFixed(2)}–${Math.max(...rs).toFixed(2)})` : "";
        return `${text}${range}`;
      });
      const last = r.rounds.at(-1);
      const requests = last.subject.perStep && Object.values(last.subject.perStep).reduce((t, c) => t + Object.values(c).reduce((a, b) => a + b, 0), 0);
      console.log(`| ${rename(r.name)}${requests ? ` (${(requests / r.n).toFixed(1)} requests/session)` : ""} | ${cells.join(" | ")} | ${last.subject.bytesPerResource}, ${last.subject.valuesPerResource} (${last[against].bytesPerResource}, ${last[against].valuesPerResource}) |`);
    }
  };
  const noLatency = [...rows, ...pluginRows].filter((x) => !x.latency);
  table([...rows, ...pluginRows], "floor");
  console.log("The same sessions against the lean floor (its provider from a package: the least state a dynamic resource stores):");
  table(noLatency, "lean", (name) => name.replace(/(no-op|the same) floor$/, "lean floor"));
  for (const r of rows.filter((x) => x.latency)) {
    for (const [step, counts] of Object.entries(r.rounds.at(-1).subject.perStep)) {
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      const detail = Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(", ");
      console.log(`requests at ${r.latency} ms, ${step}: ${total} (${detail || "none"})`);
    }
  }
  // Machine time beside wall time: what each step cost all processes (engine, program,
  // provider, the emulators in this process, the Jupyter Server and its kernels), and that
  // without the Jupyter Server's share, over the floor's.
  if (machineCpuSeconds() !== undefined) {
    for (const r of noLatency) {
      const cpu = (w, k, what = "machine") => median(r.rounds.map((x) => x[w].cpu[what][k] ?? 0));
      const cells = STEPS.map((k) => {
        const jupyter = cpu("subject", k, "jupyter");
        const own = cpu("subject", k) - jupyter;
        const apart = jupyterCpu ? ` (Jupyter Server ${jupyter.toFixed(1)} s, the rest ${own.toFixed(1)} s)` : "";
        return `${k} ${cpu("subject", k).toFixed(1)} s${apart} / ${cpu("floor", k).toFixed(1)} s = ${(own / cpu("floor", k)).toFixed(2)}`;
      });
      console.log(`CPU time, all processes (${os.cpus().length} cores), ${r.name}: ${cells.join("; ")}`);
    }
  }
  if (opts.ns.length > 1) {
    const [a, b] = [Math.min(...opts.ns), Math.max(...opts.ns)];
    const ra = rows.find((r) => r.n === a && !r.latency);
    const rb = rows.find((r) => r.n === b && !r.latency);
    const up = (r, w) => median(r.rounds.map((x) => x[w].t.up));
    const grows = (w) => (up(rb, w) / up(ra, w)).toFixed(2);
    console.log(`scaling t(${b})/t(${a}), up: sessions ${grows("subject")}, floor ${grows("floor")}, lean floor ${grows("lean")}`);
  }
  const load = await loadTest();
  const { capacity: cap, fixed } = load;
  console.log(`emulator capacity (IBM, own process, loopback): ${cap.requests} requests, ${cap.concurrency} in flight: ${Math.round(cap.rps)} requests/s, p50 ${cap.p50.toFixed(1)} ms, p99 ${cap.p99.toFixed(1)} ms (mostly queued behind the others)`);
  console.log(`emulator at ${fixed.rate} requests/s for ${fixed.requests / fixed.rate} s: ${Math.round(fixed.rps)} requests/s served, p50 ${fixed.p50.toFixed(1)} ms, p99 ${fixed.p99.toFixed(1)} ms from when each was due; ${load.failed} failed in all`);
  const worst = (k, of = rows, against = "floor") => Math.max(...of.map((r) => ratio(r, k, against))).toFixed(2);
  console.log(`plugin ${STEPS.map((k) => `${k}=${worst(k, pluginRows)}`).join(" ")} n=${opts.ns.join(",")}`);
  const dynamicNoLatency = rows.filter((r) => !r.latency);
  console.log(`against the lean floor: ${STEPS.map((k) => `${k}=${worst(k, dynamicNoLatency, "lean")}`).join(" ")} n=${opts.ns.join(",")}`);
  console.log(`ratio ${STEPS.map((k) => `${k}=${worst(k)}`).join(" ")} n=${opts.ns.join(",")} latency=${opts.latency}`);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
