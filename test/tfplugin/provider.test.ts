import { fromMsgpack, toMsgpack, UNKNOWN_VALUE, type CtyValue } from "../../provider/tfplugin/cty";
import { tfProvider } from "../../provider/tfplugin/provider";
import { stateOf, TF_RESOURCES } from "../../provider/tfplugin/schema";
import { resetConfig } from "../../provider/core/config";
import { PACKAGE_VERSION } from "../../provider/core/version";

/**
 * The tfplugin6 calls on plain messages, as OpenTofu sends them: what a plan proposes,
 * what it marks as replacing, what it leaves unknown. No session API is called here (the
 * Jupyter kind plans without one; the e2e suite applies under the real tofu).
 */
const r = TF_RESOURCES.sessions_jupyter_session;
const dv = (v: CtyValue) => ({ msgpack: toMsgpack(v, r.stateType) });
const read = (d: { msgpack?: Uint8Array } | undefined) => fromMsgpack(d?.msgpack, r.stateType) as Record<string, CtyValue> | null;
const config = (over: Record<string, CtyValue> = {}) => stateOf(r, { url: "http://127.0.0.1:8888", path: "a.ipynb", ...over }) as Record<string, CtyValue>;
const provider = tfProvider();

beforeAll(() => {
  process.env.JUPYTER_TOKEN = "test-token";
});
afterAll(() => {
  delete process.env.JUPYTER_TOKEN;
  resetConfig();
});

/** A state as an apply would have written it. */
const prior = () =>
  stateOf(r, {
    id: "s-1",
    url: "http://127.0.0.1:8888",
    path: "a.ipynb",
    kernelName: "python3",
    type: "notebook",
    adoptExisting: false,
    waitTimeoutSeconds: 300,
    pollIntervalMs: 1000,
    kernel: { id: "k", name: "python3", executionState: "idle", lastActivity: null, connections: 0 },
    providerVersion: PACKAGE_VERSION,
  }) as Record<string, CtyValue>;

describe("PlanResourceChange", () => {
  it("a create fills in the defaults, leaves what the service decides unknown, and knows the provider version", async () => {
    const plan = await provider.PlanResourceChange({ type_name: r.typeName, proposed_new_state: dv(config()) });
    expect(plan.diagnostics).toEqual([]);
    const planned = read(plan.planned_state)!;
    expect(planned).toMatchObject({ url: "http://127.0.0.1:8888", path: "a.ipynb", wait_timeout_seconds: 300, poll_interval_ms: expect.any(Number), provider_version: PACKAGE_VERSION });
    expect(planned.id).toBe(UNKNOWN_VALUE);
    expect(planned.kernel).toBe(UNKNOWN_VALUE);
  });

  it("no change plans the prior state exactly", async () => {
    const p = prior();
    const plan = await provider.PlanResourceChange({ type_name: r.typeName, prior_state: dv(p), proposed_new_state: dv(p) });
    expect(plan.diagnostics).toEqual([]);
    expect(read(plan.planned_state)).toEqual(p);
    expect(plan).not.toHaveProperty("requires_replace");
  });

  it("a change of a replacing input says which attribute forces the replacement", async () => {
    const p = prior();
    const plan = await provider.PlanResourceChange({ type_name: r.typeName, prior_state: dv(p), proposed_new_state: dv({ ...p, url: "http://127.0.0.1:9999" }) });
    expect(plan.requires_replace).toEqual([{ steps: [{ attribute_name: "url" }] }]);
    expect(read(plan.planned_state)!.id).toBe(UNKNOWN_VALUE);
  });

  it("an in-place change that calls no API keeps every output known", async () => {
    const p = prior();
    const plan = await provider.PlanResourceChange({ type_name: r.typeName, prior_state: dv(p), proposed_new_state: dv({ ...p, poll_interval_ms: 500 }) });
    const planned = read(plan.planned_state)!;
    expect(planned).toMatchObject({ id: "s-1", poll_interval_ms: 500, kernel: p.kernel });
    expect(plan.requires_replace).toEqual([]);
  });

  it("an in-place change the service applies leaves the outputs unknown until apply", async () => {
    const p = prior();
    const plan = await provider.PlanResourceChange({ type_name: r.typeName, prior_state: dv(p), proposed_new_state: dv({ ...p, path: "b.ipynb" }) });
    const planned = read(plan.planned_state)!;
    expect(planned).toMatchObject({ id: "s-1", path: "b.ipynb" });
    expect(planned.kernel).toBe(UNKNOWN_VALUE);
  });

  it("invalid input and a timeout that is no duration are errors on their attributes, before any API call", async () => {
    const plan = await provider.PlanResourceChange({
      type_name: r.typeName,
      proposed_new_state: dv({ ...config({ pollIntervalMs: -1 }), timeouts: { create: "ten minutes", update: null, delete: null } }),
    });
    expect(plan.diagnostics.map((d) => [d.summary, d.attribute])).toEqual([
      ["Invalid poll_interval_ms", { steps: [{ attribute_name: "poll_interval_ms" }] }],
      ["Invalid timeouts.create", { steps: [{ attribute_name: "timeouts" }, { attribute_name: "create" }] }],
    ]);
  });
});

describe("the other calls", () => {
  it("ValidateResourceConfig checks the inputs' schema without any setting (tofu validate runs unconfigured)", async () => {
    delete process.env.JUPYTER_TOKEN;
    try {
      expect((await provider.ValidateResourceConfig({ type_name: r.typeName, config: dv(config()) })).diagnostics).toEqual([]);
      const bad = await provider.ValidateResourceConfig({ type_name: r.typeName, config: dv(config({ path: "" })) });
        expect(bad.diagnostics.length).toBeGreaterThan(0);
      for (const d of bad.diagnostics) expect(d.attribute).toEqual({ steps: [{ attribute_name: "path" }] });
    } finally {
      process.env.JUPYTER_TOKEN = "test-token";
    }
  });

  it("ImportResourceState hands back the id alone, for ReadResource's import path", async () => {
    const got = await provider.ImportResourceState({ type_name: r.typeName, id: "http://127.0.0.1:8888/api/sessions/s-1" });
    const state = read(got.imported_resources[0].state)!;
    expect(state.id).toBe("http://127.0.0.1:8888/api/sessions/s-1");
    expect(state.path).toBeNull();
  });

  it("UpgradeResourceState reads the state file's JSON and answers in MessagePack", async () => {
    const json = Buffer.from(JSON.stringify({ id: "s-1", url: "http://x", path: "a.ipynb", retired_attribute: 1 }));
    const got = await provider.UpgradeResourceState({ type_name: r.typeName, raw_state: { json } });
    expect(read(got.upgraded_state)).toMatchObject({ id: "s-1", url: "http://x", path: "a.ipynb", kernel: null });
  });

  it("UpgradeResourceState takes the kind's upgrade steps for state an older release wrote, once", async () => {
    const ibm = TF_RESOURCES.sessions_ibm_quantum_session;
    const crn = "crn:v1:bluemix:public:quantum-computing:us-east:a/acct:inst::";
    const upgrade = async (version: string) => {
      const json = Buffer.from(JSON.stringify({ id: "q-1", backend: "ibm_fez", instance: crn, service_crn: null, provider_version: version }));
      const got = await provider.UpgradeResourceState({ type_name: ibm.typeName, raw_state: { json } });
      return fromMsgpack(got.upgraded_state?.msgpack, ibm.stateType) as Record<string, CtyValue>;
    };
    expect(await upgrade("0.1.0")).toMatchObject({ service_crn: crn, provider_version: PACKAGE_VERSION });
    expect(await upgrade("0.3.0")).toMatchObject({ service_crn: null, provider_version: "0.3.0" });
  });

  it("an unknown resource type is an error naming the ones there are", async () => {
    const got = await provider.PlanResourceChange({ type_name: "sessions_nope", proposed_new_state: dv(null) });
    expect(got.diagnostics[0].detail).toMatch(/no resource type "sessions_nope".*sessions_jupyter_session/);
  });

  it("the provider block's settings are read at call time, and a missing one says where to set it", async () => {
    delete process.env.JUPYTER_TOKEN;
    try {
      const cfg = (v: string | null) => ({ msgpack: toMsgpack({ jupyter_token: v }, ["object", { jupyter_token: "string" }]) });
      await provider.ConfigureProvider({ config: cfg(null) });
      const missing = await provider.PlanResourceChange({ type_name: r.typeName, proposed_new_state: dv(config()) });
      expect(missing.diagnostics[0].detail).toContain('set JUPYTER_TOKEN in the environment, or `jupyter_token = var.<name>` in the `provider "sessions"` block');
      await provider.ConfigureProvider({ config: cfg("from-block") });
      expect((await provider.PlanResourceChange({ type_name: r.typeName, proposed_new_state: dv(config()) })).diagnostics).toEqual([]);
    } finally {
      process.env.JUPYTER_TOKEN = "test-token";
      resetConfig();
    }
  });
});
