import * as http from "node:http";
import * as fs from "node:fs";
import * as path from "node:path";
import type { AddressInfo } from "node:net";
import { DEEPNOTE_DEMO, startDeepnoteEmulator } from "../../emulators/deepnote";
import { startIbmQuantumEmulator } from "../../emulators/ibm-quantum";
import { OCI_DEMO, startOciAidpEmulator } from "../../emulators/oci-aidp";
import { demoCredentials } from "../../emulators/oci-aidp/demo-key";
import { handlers, type VendorName } from "../../provider";
import { ConnectionError } from "../../provider/core/errors";
import { clearTokenCache } from "../../provider/ibm/auth";
import { clearOciAuthCache } from "../../provider/oci/auth";
import { providerEnv } from "../support/emulators";
import { tempDir } from "../support/tmp";

/**
 * Wrong credentials and wrong endpoints, per vendor: one clear error that names the
 * setting to fix (env var and config key, or the input), and nothing for the engine to
 * record (no id: the create never made anything).
 */
let ibm: Awaited<ReturnType<typeof startIbmQuantumEmulator>>;
let dn: Awaited<ReturnType<typeof startDeepnoteEmulator>>;
let oci: Awaited<ReturnType<typeof startOciAidpEmulator>>;
let html: http.Server;
let htmlUrl = "";
let closedUrl = "";
const saved = { ...process.env };

beforeAll(async () => {
  ibm = await startIbmQuantumEmulator({ port: 0 });
  dn = await startDeepnoteEmulator({ port: 0 });
  oci = await startOciAidpEmulator({ port: 0 });
  // A server that answers 200 with a web page: a URL setting that points at a login page.
  html = http.createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<html><body>Sign in</body></html>"));
  await new Promise<void>((r) => html.listen(0, "127.0.0.1", r));
  htmlUrl = `http://127.0.0.1:${(html.address() as AddressInfo).port}`;
  const closed = http.createServer();
  await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
  closedUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise((r) => closed.close(r));
});
afterAll(async () => {
  process.env = saved;
  html.close();
  await Promise.all([ibm.running.close(), dn.running.close(), oci.running.close()]);
});
beforeEach(() => {
  process.env = { ...saved, ...providerEnv({ ibm, deepnote: dn, oci, jupyter: { token: "t" } }) };
  clearTokenCache();
  clearOciAuthCache();
});

const fast = { pollIntervalMs: 20, waitTimeoutSeconds: 5 };
/** The kinds whose settings these cases get wrong. */
type Kind = Extract<VendorName, "ibm" | "deepnote" | "oci" | "jupyter">;
const args: Record<Kind, () => Record<string, unknown>> = {
  ibm: () => ({ backend: "ibm_fez", ...fast }),
  deepnote: () => ({ notebookId: DEEPNOTE_DEMO.notebookId, ...fast }),
  oci: () => ({ aiDataPlatformId: OCI_DEMO.aiDataPlatformId, workspaceKey: OCI_DEMO.workspaceKey, endpoint: oci.info.url, path: `c/${Math.random()}.ipynb`, ...fast }),
  jupyter: () => ({ url: htmlUrl, path: "a.ipynb", ...fast }),
};
async function createFails(vendor: Kind, extra: Record<string, unknown> = {}) {
  const checked = await handlers(vendor).check({}, { ...args[vendor](), ...extra });
  const err = await handlers(vendor).create(checked.inputs as Record<string, unknown>).then(
    () => undefined,
    (e) => e,
  );
  expect(err).toBeDefined();
  expect(err.id).toBeUndefined(); // nothing for the engine to record
  return err as Error;
}
const tlsUrl = (origin: string) => origin.replace("http://", "https://");
/** The failure was the TLS handshake itself (an https URL for a server that speaks http), and the message says so. */
function expectTlsFailure(err: Error): void {
  expect(err).toBeInstanceOf(ConnectionError);
  expect((err as ConnectionError).tls).toBe(true);
  let code = "";
  for (let c: unknown = err.cause; c && typeof c === "object" && !code; c = (c as { cause?: unknown }).cause) code = String((c as { code?: unknown }).code ?? "");
  expect(code).toMatch(/^(ERR_SSL|ERR_TLS|EPROTO)/);
  expect(err.message).toMatch(/TLS handshake failed/);
}

describe("IBM Quantum with wrong settings", () => {
  it("a wrong API key names QISKIT_IBM_TOKEN and pulumi-sessions:ibmApiKey", async () => {
    process.env.QISKIT_IBM_TOKEN = "not-a-key";
    expect((await createFails("ibm")).message).toMatch(/HTTP 400, code BXNIM0415E.*QISKIT_IBM_TOKEN \/ pulumi-sessions:ibmApiKey/s);
  });
  it("an instance of another account names the instance settings", async () => {
    process.env.QISKIT_IBM_INSTANCE = ibm.info.instance.replace("0000demo0000account", "1111other111account");
    expect((await createFails("ibm")).message).toMatch(/HTTP 403.*QISKIT_IBM_INSTANCE \/ pulumi-sessions:ibmInstance/s);
  });
  it("a token that expired is replaced without the user noticing", async () => {
    const checked = await handlers("ibm").check({}, args.ibm());
    await handlers("ibm").create(checked.inputs as Record<string, unknown>);
    await fetch(`${ibm.running.origin}/_emulator/ibm/expire-tokens`, { method: "POST" });
    await expect(handlers("ibm").create(checked.inputs as Record<string, unknown>)).resolves.toMatchObject({ id: expect.any(String) });
  });
  it("an unreachable API names QISKIT_IBM_URL and pulumi-sessions:ibmUrl", async () => {
    process.env.QISKIT_IBM_URL = `${closedUrl}/api/v1`;
    expect((await createFails("ibm")).message).toMatch(/no answer from IBM Quantum.*ECONNREFUSED.*QISKIT_IBM_URL \/ pulumi-sessions:ibmUrl/s);
  });
  it("an unreachable IAM names IAM_URL and pulumi-sessions:ibmIamUrl", async () => {
    process.env.IAM_URL = closedUrl;
    expect((await createFails("ibm")).message).toMatch(/IAM_URL \/ pulumi-sessions:ibmIamUrl/);
  });
  it("https to a server that speaks http is a TLS error naming the setting", async () => {
    process.env.QISKIT_IBM_URL = `${tlsUrl(ibm.running.origin)}/api/v1`;
    const err = await createFails("ibm");
    expectTlsFailure(err);
    expect(err.message).toMatch(/QISKIT_IBM_URL \/ pulumi-sessions:ibmUrl/);
  });
  it("a 200 that is not JSON says so and names the setting", async () => {
    process.env.QISKIT_IBM_URL = `${htmlUrl}/api/v1`;
    expect((await createFails("ibm")).message).toMatch(/not JSON \(starts with: <html>.*QISKIT_IBM_URL \/ pulumi-sessions:ibmUrl/s);
  });
});

describe("Deepnote with wrong settings", () => {
  it("a wrong or revoked API key names DEEPNOTE_TOKEN and pulumi-sessions:deepnoteToken", async () => {
    process.env.DEEPNOTE_TOKEN = "revoked";
    expect((await createFails("deepnote")).message).toMatch(/HTTP 401.*DEEPNOTE_TOKEN.*pulumi-sessions:deepnoteToken/s);
  });
  it("an unreachable API names DEEPNOTE_API_URL and pulumi-sessions:deepnoteUrl", async () => {
    process.env.DEEPNOTE_API_URL = closedUrl;
    expect((await createFails("deepnote")).message).toMatch(/ECONNREFUSED.*DEEPNOTE_API_URL \/ pulumi-sessions:deepnoteUrl/s);
  });
  it("https to a server that speaks http is a TLS error naming the setting", async () => {
    process.env.DEEPNOTE_API_URL = tlsUrl(dn.running.origin);
    const err = await createFails("deepnote");
    expectTlsFailure(err);
    expect(err.message).toMatch(/DEEPNOTE_API_URL \/ pulumi-sessions:deepnoteUrl/);
  });
  it("a 200 that is not JSON says so and names the setting", async () => {
    process.env.DEEPNOTE_API_URL = htmlUrl;
    expect((await createFails("deepnote")).message).toMatch(/not JSON.*DEEPNOTE_API_URL \/ pulumi-sessions:deepnoteUrl/s);
  });
});

describe("OCI with wrong settings", () => {
  it("a key the tenancy does not know names OCI_CONFIG_FILE and its config key", async () => {
    process.env.OCI_CONFIG_FILE = demoCredentials(tempDir("ps-cred-")).configFile;
    expect((await createFails("oci")).message).toMatch(/HTTP 401, code NotAuthenticated.*OCI_CONFIG_FILE.*pulumi-sessions:ociConfigFile/s);
  });
  it("the right key under another tenancy is refused the same way", async () => {
    const file = path.join(tempDir("ps-cred-"), "config");
    fs.writeFileSync(file, fs.readFileSync(oci.info.configFile, "utf8").replace(/tenancy=.*/, "tenancy=ocid1.tenancy.oc1..aaaaaaaaothertenancy"));
    process.env.OCI_CONFIG_FILE = file;
    expect((await createFails("oci")).message).toMatch(/NotAuthenticated.*OCI_CONFIG_FILE/s);
  });
  it("a config file that does not exist names OCI_CONFIG_FILE and pulumi-sessions:ociConfigFile, at check time", async () => {
    process.env.OCI_CONFIG_FILE = "/nonexistent/oci/config";
    await expect(handlers("oci").check({}, args.oci())).rejects.toThrow(/OCI_CONFIG_FILE.*pulumi-sessions:ociConfigFile/s);
  });
  it("an unreachable endpoint names the endpoint settings", async () => {
    expect((await createFails("oci", { endpoint: closedUrl })).message).toMatch(/ECONNREFUSED.*endpoint or region input, AIDP_DP_ENDPOINT \/ pulumi-sessions:ociEndpoint/s);
  });
  it("https to a server that speaks http is a TLS error naming the settings", async () => {
    const err = await createFails("oci", { endpoint: tlsUrl(oci.running.origin) });
    expectTlsFailure(err);
    expect(err.message).toMatch(/AIDP_DP_ENDPOINT \/ pulumi-sessions:ociEndpoint/);
  });
  it("a 200 that is not JSON says so and names the settings", async () => {
    expect((await createFails("oci", { endpoint: htmlUrl })).message).toMatch(/not JSON.*AIDP_DP_ENDPOINT/s);
  });
});

describe("Jupyter with wrong settings", () => {
  it("an unreachable server names the url input", async () => {
    expect((await createFails("jupyter", { url: closedUrl })).message).toMatch(/ECONNREFUSED.*the session's url input/s);
  });
  it("a 200 that is not JSON says so and names the url input", async () => {
    expect((await createFails("jupyter")).message).toMatch(/not JSON.*the session's url input/s);
  });
});
