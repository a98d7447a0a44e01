// npm run bench [-- N]: `pulumi up`, a no-change `preview` and `destroy` of N IBM Quantum
// sessions against the in-process emulator, and the same steps for N no-op dynamic
// resources (the engine floor) in the same run; prints times, ratios to the floor and
// session API calls per resource. Last line: `ratio up=<r> preview=<r> destroy=<r> n=<N>`.
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { LocalWorkspace, PulumiCommand } = require("@pulumi/pulumi/automation");
const { startIbmQuantumEmulator } = require("../dist/emulators");

const N = Number(process.argv[2] ?? process.env.BENCH_N ?? 100);
const ROOT = path.resolve(__dirname, "..");

async function stackFor(program, env) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ps-bench-"));
  fs.mkdirSync(path.join(dir, "state"));
  fs.mkdirSync(path.join(dir, "home"));
  const pulumiCommand = await PulumiCommand.get({ root: process.env.PS_PULUMI_ROOT, skipVersionCheck: true });
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "bench", workDir: path.join(__dirname, program) },
    {
      pulumiCommand,
      envVars: {
        ...env,
        PATH: `${process.env.PS_PULUMI_ROOT}/bin:${ROOT}/node_modules/.bin:${process.env.PATH}`,
        PULUMI_BACKEND_URL: `file://${dir}/state`,
        PULUMI_HOME: `${dir}/home`,
        PULUMI_CONFIG_PASSPHRASE: "bench",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_NODEJS_TRANSPILE_ONLY: "true",
      },
    },
  );
  await stack.setConfig("n", { value: String(N) });
  return stack;
}

async function timed(fn) {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

async function measure(program, env) {
  const stack = await stackFor(program, env);
  const up = await timed(() => stack.up());
  const preview = await timed(async () => {
    const p = await stack.preview();
    if (Object.keys(p.changeSummary).some((k) => k !== "same")) throw new Error(`${program}: preview after up is not empty: ${JSON.stringify(p.changeSummary)}`);
  });
  const destroy = await timed(() => stack.destroy());
  await stack.workspace.removeStack("bench");
  return { up, preview, destroy };
}

(async () => {
  const emu = await startIbmQuantumEmulator({ port: 0 });
  try {
    const floor = await measure("noop", {});
    const before = emu.running.log.length;
    const ibm = await measure("ibm", {
      QISKIT_IBM_URL: emu.info.url,
      IAM_URL: emu.info.iamUrl,
      QISKIT_IBM_TOKEN: emu.info.apiKey,
      QISKIT_IBM_INSTANCE: emu.info.instance,
    });
    const calls = emu.running.log.slice(before).filter((e) => e.path.startsWith("/api/v1/sessions")).length;
    const r = (k) => (ibm[k] / floor[k]).toFixed(2);
    for (const k of ["up", "preview", "destroy"]) {
      console.log(`${k.padEnd(8)} ibm ${ibm[k].toFixed(2)}s  floor ${floor[k].toFixed(2)}s  ratio ${r(k)}`);
    }
    console.log(`session API calls per resource (up+preview+destroy): ${(calls / N).toFixed(2)}`);
    console.log(`ratio up=${r("up")} preview=${r("preview")} destroy=${r("destroy")} n=${N}`);
  } finally {
    await emu.running.close();
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
