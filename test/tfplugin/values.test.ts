import * as fs from "node:fs";
import * as path from "node:path";
import { encode } from "@msgpack/msgpack";
import { fromJson, fromMsgpack, toMsgpack, UNKNOWN_VALUE, type CtyType } from "../../provider/tfplugin/cty";
import { durationSeconds } from "../../provider/tfplugin/duration";
import { inTofuTerms } from "../../provider/tfplugin/diagnostics";
import { TF_RESOURCES } from "../../provider/tfplugin/schema";

/** The Terraform protocol's value encoding, timeouts and wording, without a server. */
const OBJ: CtyType = ["object", { name: "string", n: "number", on: "bool", tags: ["list", "string"], any: "dynamic" }];

describe("cty values over MessagePack", () => {
  it("an object goes and comes back with every attribute, absent ones as null", () => {
    const value = { name: "a", n: 3, on: true, tags: ["x", "y"], any: null };
    expect(fromMsgpack(toMsgpack({ name: "a", n: 3, on: true, tags: ["x", "y"] }, OBJ), OBJ)).toEqual(value);
  });

  it("an unknown is written as go-cty writes it (fixext1, extension 0) and read back as unknown", () => {
    const bytes = toMsgpack(UNKNOWN_VALUE, "string");
    expect([...bytes]).toEqual([0xd4, 0, 0]);
    expect(fromMsgpack(bytes, "string")).toBe(UNKNOWN_VALUE);
  });

  it("an unknown with refinements (extension 12) reads as unknown", () => {
    const refined = new Uint8Array([0xd5, 0x0c, 0x81, 0x01]); // fixext2, type 12: {1: …}
    expect(fromMsgpack(refined, "string")).toBe(UNKNOWN_VALUE);
  });

  it("a dynamic value keeps the type it came with (an HCL tuple stays a tuple)", () => {
    const tuple = ["tuple", ["string", "bool"]];
    const wire = encode([new TextEncoder().encode(JSON.stringify(tuple)), ["a", true]]);
    const read = fromMsgpack(wire, "dynamic");
    expect(read).toEqual(["a", true]);
    expect(fromMsgpack(toMsgpack(read, "dynamic"), "dynamic")).toEqual(["a", true]);
    expect(Buffer.from(toMsgpack(read, "dynamic")).toString("latin1")).toContain(JSON.stringify(tuple));
  });

  it("a number sent as text (go-cty does, past float64's precision) reads as a number", () => {
    expect(fromMsgpack(encode("12.5"), "number")).toBe(12.5);
  });

  it("the state file's JSON form reads a dynamic value from its {value, type} pair", () => {
    expect(fromJson({ name: "a", any: { value: { k: "v" }, type: ["object", { k: "string" }] } }, OBJ)).toEqual({ name: "a", n: null, on: null, tags: null, any: { k: "v" } });
  });
});

describe("timeouts", () => {
  it("reads Go duration text", () => {
    expect(durationSeconds("90s")).toBe(90);
    expect(durationSeconds("20m")).toBe(1200);
    expect(durationSeconds("1h30m")).toBe(5400);
    expect(durationSeconds("1.5h")).toBe(5400);
    expect(durationSeconds("500ms")).toBe(0.5);
  });

  it("refuses what is not a duration", () => {
    for (const bad of ["", "20", "m", "20 m", "1h-5m", "ten minutes"]) expect(durationSeconds(bad)).toBeUndefined();
  });
});

describe("the resources OpenTofu sees", () => {
  it("one per kind, named sessions_<kind>_<type>, attributes in snake_case", () => {
    expect(Object.keys(TF_RESOURCES).sort()).toEqual(["sessions_deepnote_session", "sessions_ibm_quantum_session", "sessions_jupyter_session", "sessions_oci_notebook_session"]);
    const ibm = TF_RESOURCES.sessions_ibm_quantum_session.attributes;
    expect(ibm.find((a) => a.name === "backend")).toMatchObject({ required: true, computed: false, replace: true });
    expect(ibm.find((a) => a.name === "wait_timeout_seconds")).toMatchObject({ required: false, computed: true, input: true });
    expect(ibm.find((a) => a.name === "max_ttl_seconds")).toMatchObject({ required: false, computed: false, input: true });
    expect(ibm.find((a) => a.name === "state")).toMatchObject({ input: false, computed: true });
  });

  it("messages name OpenTofu's commands and the snake_case attribute names", () => {
    expect(inTofuTerms("It is kept in the stack; run `pulumi up` again, raise `waitTimeoutSeconds`, or `pulumi destroy` it.")).toBe(
      "It is kept in the state; run `tofu apply` again, raise `wait_timeout_seconds`, or `tofu destroy` it.",
    );
    expect(inTofuTerms("run `pulumi refresh` if it was removed outside Pulumi")).toBe("run `tofu apply -refresh-only` if it was removed outside OpenTofu");
    // Only inputs' and settings' names change: an id that looks camelCase stays as it is.
    expect(inTofuTerms("user iam-ServiceId-1 opened someSession with ibmApiKey")).toBe("user iam-ServiceId-1 opened someSession with ibm_api_key");
  });
});

it("docs/opentofu.md names every resource type OpenTofu sees", () => {
  const doc = fs.readFileSync(path.join(__dirname, "../../docs/opentofu.md"), "utf8");
  for (const type of Object.keys(TF_RESOURCES)) expect(doc).toContain(`\`${type}\``);
});
