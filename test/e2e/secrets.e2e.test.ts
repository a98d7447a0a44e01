import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { DEEPNOTE_DEMO } from "../../emulators/deepnote";
import { openStack, PROGRAMS, pulumiRoot, type E2EStack } from "../support/engine";
import { startBackends, type Backends } from "../support/emulators";

/**
 * Credentials given by environment variable never show: not in the state (plain or
 * --show-secrets export, or the backend's files), not in CLI output at -v=9
 * --logtostderr, not in provider stderr, not in any error. Grepped for: each API key and
 * token, every IAM bearer token issued, the OCI private key, every request signature.
 * (A key set with `pulumi config set --secret` does show in -v=9 engine logs on the
 * dynamic path: README, "Credentials".)
 */
jest.setTimeout(300_000);

let b: Backends;
let ibm: Backends["ibm"];
let dn: Backends["dn"];
let oci: Backends["oci"];
let jup: Backends["jupyter"];
let s: E2EStack;
const seen: string[] = [];

beforeAll(async () => {
  b = await startBackends({ ibm: { keepAuthorizations: true }, deepnote: { runDurationMs: 200, keepAuthorizations: true }, oci: { keepAuthorizations: true } });
  ({ ibm, dn, oci, jupyter: jup } = b);
  s = await openStack("mixed", b.env);
});
afterAll(async () => {
  await s?.destroyAndRemove().catch(() => undefined);
  await b?.close();
});

const verbose = { logVerbosity: 9, logToStdErr: true, onOutput: (o: string) => seen.push(o) };
const keep = (r: { stdout: string; stderr: string }) => seen.push(r.stdout, r.stderr);
const failed = (e: { message?: string; stdout?: string; stderr?: string }) => seen.push(String(e.message), e.stdout ?? "", e.stderr ?? "");

it("no credential, token, key or signature shows anywhere, on success or failure", async () => {
  const wait = { pollIntervalMs: 100, waitTimeoutSeconds: 60 };
  await s.setSessions({
    q: { kind: "ibm", args: { backend: "ibm_fez", ...wait } },
    d: { kind: "deepnote", args: { notebookId: DEEPNOTE_DEMO.notebookId, ...wait } },
    o: { kind: "oci", args: { aiDataPlatformId: oci.info.aiDataPlatformId, workspaceKey: oci.info.workspaceKey, endpoint: oci.info.url, path: "secrets.ipynb", ...wait } },
    j: { kind: "jupyter", args: { url: jup.url, path: "secrets.ipynb", ...wait } },
  });
  keep(await s.stack.preview(verbose));
  keep(await s.stack.up(verbose));
  keep(await s.stack.refresh(verbose));
  // Failures too: every vendor refuses the next write, with the request echoed back.
  for (const e of [ibm, dn, oci]) e.running.addFault({ path: "^/(api/v1|v2|20260430)/", status: 500, times: null, message: "failed" });
  await s.setSessions({ q2: { kind: "ibm", args: { backend: "ibm_torino", ...wait } }, d2: { kind: "deepnote", args: { notebookId: DEEPNOTE_DEMO.notebookId, ...wait } } });
  await s.stack.up(verbose).then(keep, failed);
  for (const e of [ibm, dn, oci]) e.running.faults.clear();
  keep(await s.stack.destroy(verbose));
  const env = { ...process.env, ...s.env };
  const cli = path.join(pulumiRoot(), "bin", "pulumi");
  for (const args of [["stack", "export"], ["stack", "export", "--show-secrets"]]) {
    seen.push(execFileSync(cli, [...args, "--stack", s.stack.name], { cwd: path.join(PROGRAMS, "mixed"), env, encoding: "utf8" }));
  }
  seen.push(await s.stateText());
  const text = seen.join("\n");

  const secrets: [string, string][] = [
    ["IBM API key", ibm.info.apiKey],
    ["Deepnote API key", dn.info.token],
    ["Jupyter token", jup.token],
    ...ibm.emulator.iam.issuedTokens().map((t, i): [string, string] => [`IAM token #${i + 1}`, t]),
    ...fs.readFileSync(oci.emulator.demo.keyFile, "utf8").split("\n").filter((l) => l.length >= 40 && !l.startsWith("-----")).map((l, i): [string, string] => [`OCI private key line ${i + 1}`, l]),
    ...oci.running.authorizations.map((a, i): [string, string] => [`OCI signature #${i + 1}`, /signature="([^"]+)"/.exec(a)![1]]),
  ];
  expect(ibm.emulator.iam.issuedTokens().length).toBeGreaterThan(0);
  expect(oci.running.authorizations.length).toBeGreaterThan(0);
  expect(text.length).toBeGreaterThan(100_000); // the -v=9 logs really are in there
  expect(text).toMatch(/failed/);
  const leaks = secrets.filter(([, v]) => text.includes(v)).map(([what]) => what);
  expect(leaks).toEqual([]);
});
