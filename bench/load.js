// Emulator throughput on loopback: authorized `GET /api/v1/sessions/{id}` against the IBM
// Quantum emulator running in its own process (the CLI). Two bounded phases; stops by itself:
// - capacity: a fixed number of requests with a fixed number in flight (closed loop): the
//   most it serves, where latency is mostly time spent queued behind the other requests;
// - at a fixed rate (open loop, default 3,000 requests/s for 5 s): latency of requests
//   sent on a schedule, measured from when each was due (so a stalled server is not hidden
//   by requests that were never sent).
const { spawn } = require("node:child_process");
const path = require("node:path");
const readline = require("node:readline");
const { Pool } = require("undici");

const percentile = (values, p) => {
  const sorted = Array.from(values).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

async function loadTest({ requests = 30000, concurrency = 32, rate = 3000, seconds = 5 } = {}) {
  const cli = spawn(process.execPath, [path.join(__dirname, "../dist/emulators/cli.js"), "--port", "0", "--json", "--no-state", "--no-jupyter"], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const info = JSON.parse(await new Promise((resolve) => readline.createInterface({ input: cli.stdout }).once("line", resolve)));
    const { url, iamUrl, apiKey, instance } = info.ibmQuantum;
    const token = (await (await fetch(`${iamUrl}/identity/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=${apiKey}` })).json()).access_token;
    const headers = { authorization: `Bearer ${token}`, "service-crn": instance, "content-type": "application/json" };
    const created = await (await fetch(`${url}/sessions`, { method: "POST", headers, body: JSON.stringify({ mode: "batch", backend: "ibm_fez" }) })).json();
    const origin = new URL(url).origin;
    const pool = new Pool(origin, { connections: concurrency, pipelining: 1 });
    let failed = 0;
    const get = async () => {
      const res = await pool.request({ path: `/api/v1/sessions/${created.id}`, method: "GET", headers });
      await res.body.text();
      if (res.statusCode !== 200) failed++;
    };

    const latencies = new Float64Array(requests);
    let next = 0;
    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= requests) return;
        const t = process.hrtime.bigint();
        await get();
        latencies[i] = Number(process.hrtime.bigint() - t) / 1e6;
      }
    };
    const start = process.hrtime.bigint();
    await Promise.all(Array.from({ length: concurrency }, worker));
    const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
    const capacity = { requests, concurrency, rps: requests / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };

    // Open loop: every millisecond, send what is due by now.
    const total = rate * seconds;
    const due = new Float64Array(total);
    const took = new Float64Array(total);
    const t0 = performance.now();
    const inflight = [];
    let sent = 0;
    await new Promise((resolve) => {
      const tick = () => {
        const now = performance.now() - t0;
        while (sent < total && (sent * 1000) / rate <= now) {
          const i = sent++;
          due[i] = (i * 1000) / rate;
          inflight.push(get().then(() => (took[i] = performance.now() - t0 - due[i])));
        }
        if (sent < total) setTimeout(tick, 1);
        else resolve();
      };
      tick();
    });
    await Promise.all(inflight);
    const fixedElapsed = (performance.now() - t0) / 1000;
    await pool.close();
    const fixed = { rate, requests: total, rps: total / fixedElapsed, p50: percentile(took, 50), p99: percentile(took, 99) };
    return { capacity, fixed, failed };
  } finally {
    cli.kill("SIGTERM");
  }
}

module.exports = { loadTest };

if (require.main === module) {
  loadTest().then((r) => console.log(JSON.stringify(r)), (e) => (console.error(e), process.exit(1)));
}
