import * as fs from "node:fs";
import * as path from "node:path";
import { COUNT_RULE, RULES, subjectOf, type Subject } from "../../guardrails/rules";

/** The guardrail rules as functions (the policy-pack e2e runs them under the CLI). */
const rule = (name: string) => RULES.find((r) => r.name === name)!;
const run = (name: string, s: Subject, config: Record<string, unknown> = {}) => rule(name).check(s, { ...rule(name).defaults, ...config });
const ibmAt = (props: Record<string, unknown>, stack = "dev") => subjectOf("pulumi-nodejs:dynamic/ibm:QuantumSession", `urn:pulumi:${stack}::proj::pulumi-nodejs:dynamic/ibm:QuantumSession::q`, "q", props)!;

describe("session guardrails", () => {
  it("recognise both type-token families, and nothing else", () => {
    expect(subjectOf("pulumi-nodejs:dynamic/oci:NotebookSession", "urn:pulumi:prod::p::t::n", "n", {})).toMatchObject({ kind: "oci", stack: "prod" });
    expect(subjectOf("sessions:oci:NotebookSession", "urn:pulumi:prod::p::t::n", "n", {})).toMatchObject({ kind: "oci" });
    expect(subjectOf("aws:s3/bucket:Bucket", "urn:pulumi:prod::p::t::n", "n", {})).toBeUndefined();
  });

  it("cap IBM's max TTL and require it", () => {
    expect(run("ibm-max-ttl", ibmAt({ maxTtlSeconds: 3600 }))).toEqual([]);
    expect(run("ibm-max-ttl", ibmAt({}))[0]).toMatch(/q: maxTtlSeconds is not set/);
    expect(run("ibm-max-ttl", ibmAt({ maxTtlSeconds: 3600 }), { maxTtlSeconds: 600 })[0]).toMatch(/over the limit of 600.*"ibm-max-ttl.maxTtlSeconds"/);
  });

  it("allow modes and backends from the config (an empty backend list allows any)", () => {
    expect(run("ibm-allowed-modes", ibmAt({ mode: "batch" }), { modes: ["dedicated"] })[0]).toMatch(/mode is "batch", not one of "dedicated"/);
    expect(run("ibm-allowed-backends", ibmAt({ backend: "ibm_fez" }))).toEqual([]);
    expect(run("ibm-allowed-backends", ibmAt({ backend: "ibm_fez" }), { backends: ["ibm_torino"] })).toHaveLength(1);
  });

  it("apply stack-scoped rules only in the named stacks", () => {
    expect(run("ibm-delete-behavior", ibmAt({ deleteBehavior: "cancel" }, "dev"))).toEqual([]);
    expect(run("ibm-delete-behavior", ibmAt({ deleteBehavior: "cancel" }, "prod"))[0]).toMatch(/in stack prod, not one of "close"/);
    const dn = (stack: string, props: Record<string, unknown>) => subjectOf("sessions:deepnote:Session", `urn:pulumi:${stack}::p::t::d`, "d", props)!;
    expect(run("deepnote-readonly-storage", dn("prod", { storageMode: "read_write" }))[0]).toMatch(/set storageMode to "readonly"/);
    expect(run("deepnote-readonly-storage", dn("prod", { storageMode: "readonly" }))).toEqual([]);
    expect(run("deepnote-readonly-storage", dn("dev", {}))).toEqual([]);
  });

  it("want https for Jupyter except on loopback, and let values unknown in preview pass", () => {
    const j = (url: string) => subjectOf("pulumi-nodejs:dynamic/jupyter:Session", "urn:pulumi:dev::p::t::j", "j", { url })!;
    expect(run("jupyter-https", j("http://10.0.0.5:8888"))[0]).toMatch(/is not https/);
    expect(run("jupyter-https", j("http://127.0.0.1:8888"))).toEqual([]);
    expect(run("jupyter-https", j("https://hub.example.com/user/me"))).toEqual([]);
    expect(run("jupyter-https", j("04da6b54-80e4-46f7-96ec-b56ff0331ba9"))).toEqual([]);
  });

  it("allow OCI kernels and clusters from the config", () => {
    const o = subjectOf("sessions:oci:NotebookSession", "urn:pulumi:dev::p::t::o", "o", { kernelName: "notebook", clusterId: "c1" })!;
    expect(run("oci-allowed-kernels", o)).toEqual([]);
    expect(run("oci-allowed-kernels", o, { kernels: ["python3"] })[0]).toMatch(/kernelName is "notebook"/);
    expect(run("oci-allowed-clusters", o, { clusters: ["c2"] })[0]).toMatch(/clusterId is "c1"/);
  });

  it("cap the sessions of each kind in a stack", () => {
    const many = Array.from({ length: 3 }, () => ibmAt({}));
    expect(COUNT_RULE.check(many, { ...COUNT_RULE.defaults, ibm: 2 })[0]).toMatch(/opens 3 ibm sessions, over the limit of 2.*"max-sessions-per-stack.ibm"/);
    expect(COUNT_RULE.check(many, COUNT_RULE.defaults)).toEqual([]);
  });

  it("ship a policy pack whose version is the package's", () => {
    const root = path.resolve(__dirname, "../..");
    const version = (p: string) => JSON.parse(fs.readFileSync(path.join(root, p), "utf8")).version;
    expect(version("policy/package.json")).toBe(version("package.json"));
  });
});
