import { fromPulumi, providerService } from "../../provider/plugin/server";
import { resetConfig } from "../../provider/core/config";
import { handlers } from "../../provider";

/** The plugin's gRPC methods called directly with the engine's own protobuf messages. */
/* eslint-disable @typescript-eslint/no-explicit-any */
const provproto = fromPulumi("@pulumi/pulumi/proto/provider_pb");
const { Struct } = fromPulumi("google-protobuf/google/protobuf/struct_pb");
const Kind = provproto.PropertyDiff.Kind;

const call = (method: keyof ReturnType<typeof providerService>, request: any) =>
  new Promise<any>((resolve, reject) => (providerService()[method] as any)({ request }, (err: any, value: any) => (err ? reject(err) : resolve(value))));

const URN = "urn:pulumi:dev::proj::sessions:ibm:QuantumSession::s";
const stored = { backend: "ibm_fez", mode: "dedicated", acceptingJobs: true, deleteBehavior: "close", instance: "crn:v1:bluemix:public:quantum-computing:us-east:a/acct:inst::", waitTimeoutSeconds: 300, pollIntervalMs: 1000, state: "open", providerVersion: "0.0.1-old" };

async function diff(news: Record<string, unknown>) {
  const req = new provproto.DiffRequest().setId("abc").setUrn(URN).setType("sessions:ibm:QuantumSession").setOlds(Struct.fromJavaScript(stored)).setNews(Struct.fromJavaScript(news));
  const resp = await call("diff", req);
  const detailed: Record<string, number> = {};
  for (const [k, v] of resp.getDetaileddiffMap().toArray()) detailed[k] = v[0];
  return { changes: resp.getChanges(), replaces: resp.getReplacesList(), detailed };
}

afterEach(() => resetConfig());

describe("provider plugin server", () => {
  it("a detailed diff says update or replace per property, and add/delete for an input set or removed", async () => {
    const base = { backend: "ibm_fez", mode: "dedicated", acceptingJobs: true, deleteBehavior: "close", instance: stored.instance, waitTimeoutSeconds: 300, pollIntervalMs: 1000 };
    expect(await diff({ ...base, acceptingJobs: true })).toEqual({ changes: provproto.DiffResponse.DiffChanges.DIFF_NONE, replaces: [], detailed: {} });
    expect((await diff({ ...base, backend: "ibm_torino" })).detailed).toEqual({ backend: Kind.UPDATE_REPLACE });
    expect((await diff({ ...base, maxTtlSeconds: 600 })).detailed).toEqual({ maxTtlSeconds: Kind.ADD_REPLACE });
    const { instance: _i, ...noInstance } = base;
    expect((await diff(noInstance)).detailed).toEqual({ instance: Kind.DELETE_REPLACE });
    expect((await diff({ ...base, deleteBehavior: "cancel" })).detailed).toEqual({ deleteBehavior: Kind.UPDATE });
  });

  it("a new plugin version alone is not a change (no provider code lives in state)", async () => {
    const d = await diff({ backend: "ibm_fez", mode: "dedicated", acceptingJobs: true, deleteBehavior: "close", instance: stored.instance, waitTimeoutSeconds: 300, pollIntervalMs: 1000 });
    expect(d.changes).toBe(provproto.DiffResponse.DiffChanges.DIFF_NONE);
  });

  it("check failures carry the property path and the fix hint", async () => {
    const req = new provproto.CheckRequest().setUrn(URN).setType("sessions:ibm:QuantumSession").setOlds(Struct.fromJavaScript({})).setNews(Struct.fromJavaScript({ backend: "ibm fez" }));
    const failures = (await call("check", req)).getFailuresList().map((f: any) => [f.getProperty(), f.getReason()]);
    expect(failures).toEqual([["backend", expect.stringMatching(/letters, digits.*Set backend to/s)]]);
  });

  it("settings come from sessions:* config, and a missing one names that key", async () => {
    const configure = new provproto.ConfigureRequest();
    configure.getVariablesMap().set("sessions:jupyterToken", "from-config");
    await call("configure", configure);
    const saved = process.env.JUPYTER_TOKEN;
    delete process.env.JUPYTER_TOKEN;
    try {
      const ok = new provproto.CheckRequest().setUrn(URN).setType("sessions:jupyter:Session").setOlds(Struct.fromJavaScript({})).setNews(Struct.fromJavaScript({ url: "http://127.0.0.1:8888", path: "a.ipynb" }));
      expect((await call("check", ok)).getFailuresList()).toEqual([]);
      await call("configure", new provproto.ConfigureRequest());
      await expect(call("check", ok)).rejects.toMatchObject({ details: expect.stringContaining("pulumi config set --secret sessions:jupyterToken") });
    } finally {
      if (saved !== undefined) process.env.JUPYTER_TOKEN = saved;
    }
  });

  it("an unknown type token is refused by name", async () => {
    const req = new provproto.CheckRequest().setUrn("urn:pulumi:dev::proj::sessions:ibm:Nope::x").setType("sessions:ibm:Nope").setOlds(Struct.fromJavaScript({})).setNews(Struct.fromJavaScript({}));
    await expect(call("check", req)).rejects.toMatchObject({ details: expect.stringContaining('does not know the resource type "sessions:ibm:Nope"') });
  });
});

describe("import ids", () => {
  it.each([
    ["ibm", "has a space/x y", /"<session id>" or "<instance CRN>\/<session id>"/],
    ["deepnote", "only-a-session", /"<notebook id>\/<session id>"/],
    ["oci", "ocid1.aidataplatform.oc1.iad.x/only-two", /"<aiDataPlatformId>\/<workspaceKey>\/<session id>"/],
    ["jupyter", "http://127.0.0.1:8888/sessions/1", /"<server url>\/api\/sessions\/<session id>"/],
  ] as const)("a malformed %s import id says the format before any call", async (vendor, id, format) => {
    await expect(handlers(vendor).read(id, {})).rejects.toMatchObject({ code: "PS_IMPORT_ID", message: expect.stringMatching(format) });
  });
});
