// Emulator throughput on loopback: a bounded number of authorized `GET /api/v1/sessions/{id}`
// against the IBM Quantum emulator running in its own process (the CLI), with a fixed
// number of requests in flight. Prints requests/s and latency percentiles; stops by itself.
const { spawn } = require("node:child_process");
const path = require("node:path");
const readline = require("node:readline");
const { Pool } = require("undici");

async function loadTest({ requests = 30000, concurrency = 32 } = {}) {
  const cli = spawn(process.execPath, [path.join(__dirname, "../dist/emulators/cli.js"), "--port", "0", "--json", "--no-state", "--no-jupyter"], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const info = JSON.parse(await new Promise((resolve) => readline.createInterface({ input: cli.stdout }).once("line", resolve)));
    const { url, iamUrl, apiKey, instance } = info.ibmQuantum;
    const token = (await (await fetch(`${iamUrl}/identity/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=${apiKey}` })).json()).access_token;
    const headers = { authorization: `Bearer ${token}`, "service-crn": instance, "content-type": "application/json" };
    const created = await (await fetch(`${url}/sessions`, { method: "POST", headers, body: JSON.stringify({ mode: "batch", backend: "ibm_fez" }) })).json();
    const origin = new URL(url).origin;
    const pool = new Pool(origin, { connections: concurrency, pipelining: 1 });
    const latencies = new Float64Array(requests);
    let next = 0;
    let failed = 0;
    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= requests) return;
        const t = process.hrtime.bigint();
        const res = await pool.request({ path: `/api/v1/sessions/${created.id}`, method: "GET", headers });
        await res.body.text();
        if (res.statusCode !== 200) failed++;
        latencies[i] = Number(process.hrtime.bigint() - t) / 1e6;
      }
    };
    const start = process.hrtime.bigint();
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    await pool.close();
    const sorted = Array.from(latencies).sort((a, b) => a - b);
    const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
    return { requests, concurrency, failed, rps: requests / seconds, p50: pct(50), p99: pct(99) };
  } finally {
    cli.kill("SIGTERM");
  }
}

module.exports = { loadTest };

if (require.main === module) {
  loadTest().then((r) => console.log(JSON.stringify(r)), (e) => (console.error(e), process.exit(1)));
}
