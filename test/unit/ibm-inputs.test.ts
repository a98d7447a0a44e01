import { handlers as handlersOf } from "../../provider";
const handlers = handlersOf("ibm");
import { resolveApiBase } from "../../provider/ibm/settings";
import { configure, resetConfig } from "../../provider/core/config";
import { PACKAGE_VERSION } from "../../provider/core/version";
import { UNKNOWN } from "../../provider/core/resource";

const CRN = "crn:v1:bluemix:public:quantum-computing:us-east:a/acct:inst::";
const ENV = { QISKIT_IBM_TOKEN: "k", QISKIT_IBM_INSTANCE: CRN, QISKIT_IBM_URL: "http://127.0.0.1:1/api/v1" };

function withEnv(env: Record<string, string | undefined>) {
  const saved: Record<string, string | undefined> = {};
  beforeEach(() => {
    for (const [k, v] of Object.entries(env)) {
      saved[k] = process.env[k];
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetConfig();
  });
}

describe("QuantumSession check", () => {
  withEnv(ENV);

  it("fills defaults", async () => {
    const r = await handlers.check({}, { backend: "ibm_fez" });
    expect(r.failures).toBeUndefined();
    expect(r.inputs).toMatchObject({ backend: "ibm_fez", mode: "dedicated", acceptingJobs: true, deleteBehavior: "close", waitTimeoutSeconds: 300 });
  });

  it("rejects an unknown mode naming the property and the fix", async () => {
    const r = await handlers.check({}, { backend: "ibm_fez", mode: "foo" });
    expect(r.failures).toEqual([expect.objectContaining({ property: "mode", reason: expect.stringContaining('"batch" or "dedicated"') })]);
  });

  it("rejects a negative TTL", async () => {
    const r = await handlers.check({}, { backend: "ibm_fez", maxTtlSeconds: -5 });
    expect(r.failures?.[0]).toMatchObject({ property: "maxTtlSeconds", reason: expect.stringContaining("positive whole number") });
  });

  it("does not check an instance that is unknown during preview as a CRN", async () => {
    const r = await handlers.check({}, { backend: "ibm_fez", instance: UNKNOWN });
    expect(r.failures).toBeUndefined();
    expect(r.inputs).toMatchObject({ instance: UNKNOWN });
  });

  it("lets values unknown during preview through", async () => {
    const r = await handlers.check({}, { backend: UNKNOWN, maxTtlSeconds: UNKNOWN });
    expect(r.failures).toBeUndefined();
    expect(r.inputs).toMatchObject({ backend: UNKNOWN, maxTtlSeconds: UNKNOWN });
  });
});

describe("QuantumSession check without credentials", () => {
  withEnv({ QISKIT_IBM_TOKEN: undefined, QISKIT_IBM_INSTANCE: CRN });

  it("fails naming the env var and the config key", async () => {
    await expect(handlers.check({}, { backend: "ibm_fez" })).rejects.toThrow(/QISKIT_IBM_TOKEN.*pulumi config set --secret pulumi-sessions:ibmApiKey/);
  });

  it("accepts the key from stack config instead", async () => {
    configure({ config: { get: (k) => (k === "pulumi-sessions:ibmApiKey" ? "from-config" : undefined) } });
    await expect(handlers.check({}, { backend: "ibm_fez" })).resolves.toMatchObject({ inputs: expect.any(Object) });
  });
});

describe("QuantumSession diff", () => {
  const olds = { backend: "ibm_fez", mode: "dedicated", acceptingJobs: true, deleteBehavior: "close", waitTimeoutSeconds: 300, pollIntervalMs: 1000, state: "open", providerVersion: PACKAGE_VERSION };

  it("reports no change for the same inputs", async () => {
    expect(await handlers.diff("id", olds, { ...olds })).toMatchObject({ changes: false, replaces: [] });
  });

  it("replaces on backend, mode and TTL changes", async () => {
    expect((await handlers.diff("id", olds, { ...olds, mode: "batch" })).replaces).toEqual(["mode"]);
    expect((await handlers.diff("id", olds, { ...olds, backend: "ibm_torino", maxTtlSeconds: 60 })).replaces.sort()).toEqual(["backend", "maxTtlSeconds"]);
  });

  it("updates acceptingJobs in place", async () => {
    expect(await handlers.diff("id", olds, { ...olds, acceptingJobs: false })).toMatchObject({ changes: true, replaces: [] });
  });

  it("replaces a closed session asked to accept jobs again", async () => {
    const closed = { ...olds, acceptingJobs: false, state: "closed" };
    expect((await handlers.diff("id", closed, { ...closed, acceptingJobs: true })).replaces).toEqual(["acceptingJobs"]);
  });

  it("treats provider-only inputs as a change with no replace", async () => {
    expect(await handlers.diff("id", olds, { ...olds, waitTimeoutSeconds: 5, deleteBehavior: "cancel" })).toMatchObject({ changes: true, replaces: [] });
  });

  it("asks for an update when state was written by another package version", async () => {
    expect(await handlers.diff("id", { ...olds, providerVersion: "0.0.1" }, { ...olds })).toMatchObject({ changes: true, replaces: [] });
  });

  it("replaces the session when maxTtlSeconds or instance is removed", async () => {
    expect(await handlers.diff("id", { ...olds, maxTtlSeconds: 600 }, { ...olds })).toMatchObject({ changes: true, replaces: ["maxTtlSeconds"] });
    expect(await handlers.diff("id", { ...olds, instance: CRN }, { ...olds })).toMatchObject({ changes: true, replaces: ["instance"] });
  });

  it("asks for an update of a session marked short of its target, with no input change", async () => {
    expect(await handlers.diff("id", { ...olds, initError: "still open" }, { ...olds })).toMatchObject({ changes: true, replaces: [] });
  });

  it("treats an unknown replace-input as a replace", async () => {
    expect((await handlers.diff("id", olds, { ...olds, backend: UNKNOWN })).replaces).toEqual(["backend"]);
  });
});

describe("IBM API base", () => {
  it("derives the regional host from the CRN as qiskit-ibm-runtime does", () => {
    expect(resolveApiBase("https://cloud.ibm.com", CRN)).toBe("https://quantum.cloud.ibm.com/api/v1");
    expect(resolveApiBase("https://cloud.ibm.com", CRN.replace("us-east", "eu-de"))).toBe("https://eu-de.quantum.cloud.ibm.com/api/v1");
  });
  it("uses a URL ending in /api/v1 as is (our rule, for emulators)", () => {
    expect(resolveApiBase("http://127.0.0.1:9/api/v1/", CRN)).toBe("http://127.0.0.1:9/api/v1");
  });
  it("rejects an instance that is not a CRN", () => {
    expect(() => resolveApiBase("https://cloud.ibm.com", "my-instance")).toThrow(/not a CRN/);
  });
});
