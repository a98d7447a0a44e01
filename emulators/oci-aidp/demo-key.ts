import { generateKeyPairSync } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fingerprintOf } from "./signature";

export const OCI_DEMO = {
  tenancy: "ocid1.tenancy.oc1..aaaaaaaademotenancy000000000000000000000000000000000000",
  user: "ocid1.user.oc1..aaaaaaaademouser000000000000000000000000000000000000000000",
  aiDataPlatformId: "ocid1.aidataplatform.oc1.iad.aaaaaaaademoplatform0000000000000000000000000000",
  workspaceKey: "demo-workspace",
  region: "us-ashburn-1",
};

export interface DemoCredentials {
  keyId: string;
  publicKeyPem: string;
  configFile: string;
  keyFile: string;
  /** The directory holding them: a temp dir of its own when no `dir` was given (the caller removes it). */
  dir: string;
  ownDir: boolean;
}

/**
 * A demo API key and a real OCI CLI config file pointing at it, so the official
 * config-file auth works unchanged against the emulator. Reused when `dir` has one.
 */
export function demoCredentials(dir?: string): DemoCredentials {
  const home = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "ps-oci-"));
  fs.mkdirSync(home, { recursive: true });
  const keyFile = path.join(home, "demo_api_key.pem");
  const pubFile = path.join(home, "demo_api_key_public.pem");
  if (!fs.existsSync(keyFile) || !fs.existsSync(pubFile)) {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    fs.writeFileSync(keyFile, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
    fs.writeFileSync(pubFile, publicKey.export({ type: "spki", format: "pem" }));
  }
  const publicKeyPem = fs.readFileSync(pubFile, "utf8");
  const fingerprint = fingerprintOf(publicKeyPem);
  const configFile = path.join(home, "config");
  fs.writeFileSync(
    configFile,
    `[DEFAULT]\nuser=${OCI_DEMO.user}\nfingerprint=${fingerprint}\ntenancy=${OCI_DEMO.tenancy}\nregion=${OCI_DEMO.region}\nkey_file=${keyFile}\n`,
    { mode: 0o600 },
  );
  return { keyId: `${OCI_DEMO.tenancy}/${OCI_DEMO.user}/${fingerprint}`, publicKeyPem, configFile, keyFile, dir: home, ownDir: dir === undefined };
}
