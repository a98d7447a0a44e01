import { DEEPNOTE_DEMO, startDeepnoteEmulator } from "../../emulators/deepnote";
import { startIbmQuantumEmulator } from "../../emulators/ibm-quantum";
import { OCI_DEMO, startOciAidpEmulator } from "../../emulators/oci-aidp";
import type { RunningEmulator } from "../../emulators/core/server";
import { handlers, KINDS, KIND_NAMES, type VendorName } from "../../provider";
import { providerEnv } from "../support/emulators";

/**
 * Bad input fails in `check` (what `pulumi preview` runs) with the property path and a
 * fix hint, before any API call: the emulators, which every setting points at, see no
 * request at all. Named cases per input and kind of mistake; every input of every kind has one.
 */
let running: RunningEmulator[] = [];
let jupyterUrl = "";
const saved = { ...process.env };

beforeAll(async () => {
  const ibm = await startIbmQuantumEmulator({ port: 0 });
  const dn = await startDeepnoteEmulator({ port: 0 });
  const oci = await startOciAidpEmulator({ port: 0 });
  running = [ibm.running, dn.running, oci.running];
  jupyterUrl = dn.running.origin; // any request a Jupyter check made would be logged there
  Object.assign(process.env, providerEnv({ ibm, deepnote: dn, oci, jupyter: { token: "t" } }), { AIDP_DP_ENDPOINT: oci.info.url });
});
afterAll(async () => {
  process.env = saved;
  await Promise.all(running.map((r) => r.close()));
});

const CRN = "crn:v1:bluemix:public:quantum-computing:us-east:a/acct:inst::";
const long = (n: number) => "x".repeat(n);
const base: Record<VendorName, () => Record<string, unknown>> = {
  ibm: () => ({ backend: "ibm_fez" }),
  deepnote: () => ({ notebookId: DEEPNOTE_DEMO.notebookId }),
  oci: () => ({ aiDataPlatformId: OCI_DEMO.aiDataPlatformId, workspaceKey: OCI_DEMO.workspaceKey, path: "a.ipynb" }),
  jupyter: () => ({ url: jupyterUrl, path: "a.ipynb" }),
};
const without = (k: string) => (b: Record<string, unknown>) => {
  const { [k]: _gone, ...rest } = b;
  return rest;
};
type Case = [vendor: VendorName, name: string, change: Record<string, unknown> | ((b: Record<string, unknown>) => Record<string, unknown>), property: string];

const cases: Case[] = [
  ["ibm", "missing backend", without("backend"), "backend"],
  ["ibm", "backend of the wrong type", { backend: 5 }, "backend"],
  ["ibm", "empty backend", { backend: "" }, "backend"],
  ["ibm", "whitespace-only backend", { backend: "   " }, "backend"],
  ["ibm", "backend with a newline", { backend: "ibm\nfez" }, "backend"],
  ["ibm", "absurdly long backend", { backend: long(500) }, "backend"],
  ["ibm", "backend with a space inside", { backend: "ibm fez" }, "backend"],
  ["ibm", "unknown mode", { mode: "interactive" }, "mode"],
  ["ibm", "mode of the wrong type", { mode: 1 }, "mode"],
  ["ibm", "negative maxTtlSeconds", { maxTtlSeconds: -5 }, "maxTtlSeconds"],
  ["ibm", "fractional maxTtlSeconds", { maxTtlSeconds: 1.5 }, "maxTtlSeconds"],
  ["ibm", "maxTtlSeconds as a string", { maxTtlSeconds: "3600" }, "maxTtlSeconds"],
  ["ibm", "absurd maxTtlSeconds", { maxTtlSeconds: 1e12 }, "maxTtlSeconds"],
  ["ibm", "acceptingJobs as a string", { acceptingJobs: "yes" }, "acceptingJobs"],
  ["ibm", "unknown deleteBehavior", { deleteBehavior: "delete" }, "deleteBehavior"],
  ["ibm", "instance that is not a CRN", { instance: "my-instance" }, "instance"],
  ["ibm", "truncated CRN", { instance: "crn:v1:bluemix" }, "instance"],
  ["ibm", "CRN with a leading space", { instance: ` ${CRN}` }, "instance"],
  ["ibm", "adoptLostCreate as a string", { adoptLostCreate: "no" }, "adoptLostCreate"],
  ["ibm", "zero waitTimeoutSeconds", { waitTimeoutSeconds: 0 }, "waitTimeoutSeconds"],
  ["ibm", "negative waitTimeoutSeconds", { waitTimeoutSeconds: -1 }, "waitTimeoutSeconds"],
  ["ibm", "absurd waitTimeoutSeconds", { waitTimeoutSeconds: 1e9 }, "waitTimeoutSeconds"],
  ["ibm", "pollIntervalMs below 10", { pollIntervalMs: 5 }, "pollIntervalMs"],
  ["ibm", "fractional pollIntervalMs", { pollIntervalMs: 1.5 }, "pollIntervalMs"],
  ["ibm", "misspelled backend", (b) => ({ ...without("backend")(b), backnd: "ibm_fez" }), "backnd"],
  ["ibm", "misspelled maxTtlSeconds", { maxTtlSecond: 60 }, "maxTtlSecond"],
  ["deepnote", "missing notebookId", without("notebookId"), "notebookId"],
  ["deepnote", "empty notebookId", { notebookId: "" }, "notebookId"],
  ["deepnote", "whitespace-only notebookId", { notebookId: "  " }, "notebookId"],
  ["deepnote", "notebookId with a slash", { notebookId: "abc/def" }, "notebookId"],
  ["deepnote", "absurdly long notebookId", { notebookId: long(500) }, "notebookId"],
  ["deepnote", "inputs as a string", { inputs: "city=Brno" }, "inputs"],
  ["deepnote", "an input of the wrong type", { inputs: { n: 3 } }, "inputs.n"],
  ["deepnote", "a list input with a number in it", { inputs: { b: ["x", 2] } }, "inputs.b"],
  ["deepnote", "an input with an empty name", { inputs: { "": "x" } }, "inputs"],
  ["deepnote", "an absurdly long input value", { inputs: { a: long(200_000) } }, "inputs.a"],
  ["deepnote", "unknown storageMode", { storageMode: "write" }, "storageMode"],
  ["deepnote", "zero idleShutdownSeconds", { idleShutdownSeconds: 0 }, "idleShutdownSeconds"],
  ["deepnote", "fractional idleShutdownSeconds", { idleShutdownSeconds: 1.5 }, "idleShutdownSeconds"],
  ["deepnote", "idleShutdownSeconds as a string", { idleShutdownSeconds: "600" }, "idleShutdownSeconds"],
  ["deepnote", "waitForInitialRun as a string", { waitForInitialRun: "true" }, "waitForInitialRun"],
  ["deepnote", "storageMode in the wrong case", { storagemode: "readonly" }, "storagemode"],
  ["deepnote", "notebook for notebookId", (b) => ({ notebook: b.notebookId }), "notebook"],
  ["deepnote", "waitTimeoutSeconds as a string", { waitTimeoutSeconds: "600" }, "waitTimeoutSeconds"],
  ["deepnote", "pollIntervalMs over ten minutes", { pollIntervalMs: 700_000 }, "pollIntervalMs"],
  ["oci", "aiDataPlatformId that is not an OCID", { aiDataPlatformId: "platform-1" }, "aiDataPlatformId"],
  ["oci", "OCID of another resource type", { aiDataPlatformId: "ocid1.tenancy.oc1..aaaaaaaa" }, "aiDataPlatformId"],
  ["oci", "empty workspaceKey", { workspaceKey: "" }, "workspaceKey"],
  ["oci", "workspaceKey with a slash", { workspaceKey: "a/b" }, "workspaceKey"],
  ["oci", "empty path", { path: "" }, "path"],
  ["oci", "path with a tab", { path: "a\tb.ipynb" }, "path"],
  ["oci", "absurdly long path", { path: long(5000) }, "path"],
  ["oci", "whitespace-only name", { name: "  " }, "name"],
  ["oci", "kernelName with a space", { kernelName: "python 3" }, "kernelName"],
  ["oci", "type OCI does not have", { type: "console" }, "type"],
  ["oci", "endpoint with an ftp scheme", { endpoint: "ftp://host" }, "endpoint"],
  ["oci", "endpoint that is not a URL", { endpoint: "not a url" }, "endpoint"],
  ["oci", "endpoint with credentials in it", { endpoint: "https://user:pw@host" }, "endpoint"],
  ["oci", "region in capitals", { region: "US-ASHBURN-1" }, "region"],
  ["oci", "adoptExisting as a string", { adoptExisting: "no" }, "adoptExisting"],
  ["oci", "empty clusterId", { clusterId: "" }, "clusterId"],
  ["oci", "workspace_key for workspaceKey", (b) => ({ ...without("workspaceKey")(b), workspace_key: "w" }), "workspace_key"],
  ["oci", "agentFlowKey with a space", { agentFlowKey: "my flow" }, "agentFlowKey"],
  ["oci", "tenantId with a newline", { tenantId: "ocid1.tenancy\n" }, "tenantId"],
  ["oci", "waitTimeoutSeconds over a day", { waitTimeoutSeconds: 100_000 }, "waitTimeoutSeconds"],
  ["oci", "pollIntervalMs as a string", { pollIntervalMs: "1000" }, "pollIntervalMs"],
  ["jupyter", "missing url", without("url"), "url"],
  ["jupyter", "url without a scheme", { url: "localhost:8888" }, "url"],
  ["jupyter", "file URL", { url: "file:///tmp" }, "url"],
  ["jupyter", "URL with no host", { url: "http://" }, "url"],
  ["jupyter", "URL with the token in its query", { url: "http://127.0.0.1:8888/?token=abc" }, "url"],
  ["jupyter", "unknown type", { type: "terminal" }, "type"],
  ["jupyter", "empty kernelName", { kernelName: "" }, "kernelName"],
  ["jupyter", "whitespace-only path", { path: "   " }, "path"],
  ["jupyter", "name with a NUL byte", { name: "a\u0000b" }, "name"],
  ["jupyter", "kernel_name for kernelName", { kernel_name: "python3" }, "kernel_name"],
  ["jupyter", "adoptExisting as a number", { adoptExisting: 1 }, "adoptExisting"],
  ["jupyter", "waitTimeoutSeconds of zero", { waitTimeoutSeconds: 0 }, "waitTimeoutSeconds"],
  ["jupyter", "negative pollIntervalMs", { pollIntervalMs: -100 }, "pollIntervalMs"],
];

describe("bad input fails in check with the property and a fix, before any API call", () => {
  it("has a case for every input of every kind in the registry", () => {
    const covered = new Set(cases.map(([kind, , , property]) => `${kind}.${property}`));
    const missing = KIND_NAMES.flatMap((k) => Object.keys(KINDS[k].inputs.shape).map((input) => `${k}.${input}`)).filter((x) => !covered.has(x));
    expect(missing).toEqual([]);
  });

  it.each(cases)("%s: %s", async (vendor, _name, change, property) => {
    const b = base[vendor]();
    const news = typeof change === "function" ? change(b) : { ...b, ...change };
    const r = await handlers(vendor).check({}, news);
    expect(r.failures).toBeDefined();
    const failure = r.failures!.find((f) => f.property === property || f.property.startsWith(`${property}.`));
    expect(failure).toBeDefined();
    // A fix hint: what to set it to, or the name that was probably meant.
    expect(failure!.reason).toMatch(/Set |did you mean|inputs maps|The inputs are/);
  });

  it("a valid resource of each kind passes, so the cases above fail for their reason", async () => {
    for (const vendor of Object.keys(base) as VendorName[]) expect((await handlers(vendor).check({}, base[vendor]())).failures).toBeUndefined();
  });

  it("no emulator saw a single request", () => {
    for (const r of running) expect(r.log).toEqual([]);
  });
});
