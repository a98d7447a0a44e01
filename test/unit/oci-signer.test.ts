import { generateKeyPairSync } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { OCI_DEMO } from "../../emulators/oci-aidp";
import { demoCredentials } from "../../emulators/oci-aidp/demo-key";
import type { OutgoingRequest } from "../../provider/core/http";
import { apiKeySigner, ociCommonSigner } from "../../provider/oci/auth";
import { tempDir } from "../support/tmp";

/**
 * Our API-key signer against oci-common's, on the same requests: RSA PKCS#1 v1.5 is
 * deterministic, so with the same x-date every header must come out the same, byte for byte.
 */
const dir = tempDir("ps-oci-signer-");
const demo = demoCredentials(dir);
const base = "https://datalake.us-ashburn-1.oci.oraclecloud.com";
const P = `/20260430/aiDataPlatforms/${OCI_DEMO.aiDataPlatformId}/workspaces/${OCI_DEMO.workspaceKey}/notebook/api/sessions`;

function config(name: string, lines: Record<string, string>): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `[DEFAULT]\n${Object.entries(lines).map(([k, v]) => `${k}=${v}`).join("\n")}\n`);
  return file;
}
const apiKeyProfile = (keyFile: string, extra: Record<string, string> = {}) => ({
  user: OCI_DEMO.user,
  fingerprint: "aa:bb:cc",
  tenancy: OCI_DEMO.tenancy,
  region: OCI_DEMO.region,
  key_file: keyFile,
  ...extra,
});

const requests: Array<[string, Omit<OutgoingRequest, "headers"> & { headers?: Record<string, string> }]> = [
  ["a GET with a query", { method: "GET", url: new URL(`${base}${P}?limit=100&page=a%2Fb`) }],
  ["a POST with a body (multi-byte characters)", { method: "POST", url: new URL(`${base}${P}`), body: JSON.stringify({ path: "ñotebooks/é.ipynb" }), headers: { "content-type": "application/json", "opc-retry-token": "t-1" } }],
  ["a PATCH with if-match", { method: "PATCH", url: new URL(`${base}${P}/s1`), body: "{}", headers: { "content-type": "application/json", "if-match": "e-1" } }],
  ["a POST without a body", { method: "POST", url: new URL(`${base}${P}/s1/actions/x`) }],
  ["a DELETE on a non-default port", { method: "DELETE", url: new URL(`http://127.0.0.1:8443${P}/s1`) }],
];

async function signBoth(file: string, req: (typeof requests)[number][1]) {
  const ours = apiKeySigner(file, "DEFAULT");
  expect(ours).toBeDefined();
  const theirs = ociCommonSigner(file, "DEFAULT");
  const fixed = { "x-date": "Sat, 28 Nov 2026 12:00:00 GMT", date: "Sat, 28 Nov 2026 12:00:00 GMT", accept: "application/json" };
  const a: OutgoingRequest = { ...req, headers: { ...fixed, ...req.headers } };
  const b: OutgoingRequest = { ...req, headers: { ...fixed, ...req.headers } };
  await ours!.sign(a);
  await theirs.sign(b);
  return [a.headers, b.headers];
}

describe("OCI request signing", () => {
  it.each(requests)("signs %s exactly as oci-common does", async (_name, req) => {
    const [ours, theirs] = await signBoth(demo.configFile, req);
    expect(ours.authorization).toMatch(/^Signature version="1",keyId="[^"]+",algorithm="rsa-sha256",headers="x-date \(request-target\) host/);
    expect(ours).toEqual(theirs);
  });

  it("signs with a passphrase-protected PKCS#8 key and with a PKCS#1 key as oci-common does", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const encrypted = path.join(dir, "encrypted.pem");
    fs.writeFileSync(encrypted, privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "s3cret" }));
    const pkcs1 = path.join(dir, "pkcs1.pem");
    fs.writeFileSync(pkcs1, privateKey.export({ type: "pkcs1", format: "pem" }));
    for (const file of [config("encrypted", apiKeyProfile(encrypted, { pass_phrase: "s3cret" })), config("pkcs1", apiKeyProfile(pkcs1))]) {
      const [ours, theirs] = await signBoth(file, requests[1][1]);
      expect(ours).toEqual(theirs);
    }
  });

  it("signs a request with mixed-case header names as oci-common does, and sends each header once", async () => {
    const req = { method: "POST", url: new URL(`${base}${P}`), body: "{}", headers: { "Content-Type": "application/json", "Opc-Retry-Token": "t-2" } };
    const [ours, theirs] = await signBoth(demo.configFile, req);
    expect(ours).toEqual(theirs);
    expect(Object.keys(ours)).toEqual(Object.keys(ours).map((k) => k.toLowerCase()));
  });

  it("adds the date, host and body headers a bare request lacks", async () => {
    const req: OutgoingRequest = { method: "POST", url: new URL(`${base}${P}`), headers: {}, body: "{}" };
    await apiKeySigner(demo.configFile, "DEFAULT")!.sign(req);
    expect(req.headers).toMatchObject({ host: "datalake.us-ashburn-1.oci.oraclecloud.com", "content-type": "application/json", "content-length": "2" });
    expect(req.headers.date).toBe(req.headers["x-date"]);
    expect(Date.parse(req.headers["x-date"])).not.toBeNaN();
  });

  it("leaves session-token, delegation and incomplete profiles to oci-common", () => {
    const token = path.join(dir, "token");
    fs.writeFileSync(token, "tok");
    expect(apiKeySigner(config("st", apiKeyProfile(demo.keyFile, { security_token_file: token })), "DEFAULT")).toBeUndefined();
    expect(apiKeySigner(config("deleg", apiKeyProfile(demo.keyFile, { authentication_type: "instance_principal" })), "DEFAULT")).toBeUndefined();
    const { user: _user, ...noUser } = apiKeyProfile(demo.keyFile);
    expect(apiKeySigner(config("nouser", noUser), "DEFAULT")).toBeUndefined();
    expect(apiKeySigner(config("badkey", apiKeyProfile(path.join(dir, "missing.pem"))), "DEFAULT")).toBeUndefined();
    expect(apiKeySigner(path.join(dir, "no-such-config"), "DEFAULT")).toBeUndefined();
  });
});
