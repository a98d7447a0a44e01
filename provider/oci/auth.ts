import { createPrivateKey, createHash, sign as rsaSign, type KeyObject } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ConfigError } from "../core/errors";
import type { AuthHook, OutgoingRequest } from "../core/http";
import { readSetting, configKey } from "../core/config";
import { OCI_CONFIG_FILE, OCI_PROFILE } from "./settings";

export interface OciAuth extends AuthHook {
  region(): string | undefined;
}

/**
 * OCI request signing from an OCI CLI config file (API keys and session-token profiles).
 * The config file and key are read when a handler first needs them — never at
 * serialization — then kept for the process (one read per deployment, not one per poll),
 * and read again after a 401 in case the key was rotated. The key never leaves this
 * process. `oci-common` defaults to ~/.oci/config; we pass file and profile explicitly
 * (docs/services/oci-ai-data-platform.md).
 */
export interface Loaded {
  sign(req: OutgoingRequest): Promise<void> | void;
  region(): string | undefined;
}
const cache = new Map<string, Loaded>();

export function ociConfigFileAuth(): OciAuth {
  const file = readSetting(OCI_CONFIG_FILE) ?? path.join(os.homedir(), ".oci", "config");
  const profile = readSetting(OCI_PROFILE) ?? "DEFAULT";
  const key = `${file}\0${profile}`;
  const loaded = () => {
    let l = cache.get(key);
    if (!l) cache.set(key, (l = apiKeySigner(file, profile) ?? ociCommonSigner(file, profile)));
    return l;
  };
  loaded(); // a broken config fails here, in check (preview), not at the first request
  return {
    apply: (req) => loaded().sign(req),
    invalidate: () => void cache.delete(key),
    region: () => loaded().region(),
  };
}

/**
 * The common profile — an API key (tenancy, user, fingerprint, an RSA key_file) — signed
 * here with node:crypto and the key parsed once. oci-common's signer parses the PEM again
 * in JavaScript for every request, and loading it costs a provider process ~0.1 s before
 * its first answer (a CPU profile of a 100-session refresh). The Authorization header is the same,
 * byte for byte, as oci-common's (test/unit/oci-signer.test.ts). undefined for anything
 * else (session tokens, delegation, instance principals, keys Node cannot read), which
 * oci-common signs — and whose errors it words.
 */
export function apiKeySigner(file: string, profile: string): Loaded | undefined {
  // Its config reader alone is cheap to load; the auth stack behind it is not.
  const { ConfigFileReader } = require("oci-common/lib/config-file-reader") as typeof import("oci-common/lib/config-file-reader");
  let get: (k: string) => string | undefined;
  try {
    const parsed = ConfigFileReader.parseFileFromPath(file, profile);
    get = (k) => parsed.get(k) || undefined;
  } catch {
    return undefined;
  }
  if (get("authentication_type") || get("security_token_file") || get("delegation_token_file")) return undefined;
  const [tenancy, user, fingerprint, keyFile] = ["tenancy", "user", "fingerprint", "key_file"].map(get);
  if (!tenancy || !user || !fingerprint || !keyFile || !(get("region") || process.env.OCI_REGION)) return undefined;
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: fs.readFileSync(ConfigFileReader.expandUserHome(keyFile), "utf8"), passphrase: get("pass_phrase") });
  } catch {
    return undefined;
  }
  if (key.asymmetricKeyType !== "rsa") return undefined;
  const keyId = `${tenancy}/${user}/${fingerprint}`;
  let full: Loaded | undefined;
  return {
    sign: (req) => signWithKey(req, keyId, key),
    // Only for an endpoint from the profile's region: oci-common resolves region names.
    region: () => (full ??= ociCommonSigner(file, profile)).region(),
  };
}

const BODY_METHODS = ["POST", "PUT", "PATCH"];

/** OCI HTTP Signature v1 (rsa-sha256), with the headers oci-common signs and in its order. */
async function signWithKey(req: OutgoingRequest, keyId: string, key: KeyObject): Promise<void> {
  // Header names lowercased, as the Fetch `Headers` class would — but not with it: the first
  // touch of that global loads Node's own copy of undici, ~80 ms of CPU on the first request
  // of every provider process (a CPU profile of a 100-session refresh).
  const h = new Map(Object.entries(req.headers).map(([name, value]) => [name.toLowerCase(), value]));
  if (!h.has("host")) h.set("host", req.url.host);
  if (!h.has("x-date")) h.set("x-date", new Date().toUTCString());
  // Names as oci-common lists them (its body headers capitalized); the signing string lowercases.
  const names = ["x-date", "(request-target)", "host"];
  if (BODY_METHODS.includes(req.method.toUpperCase())) {
    const body = req.body ?? "";
    if (!h.has("content-type")) h.set("content-type", "application/json");
    h.set("x-content-sha256", createHash("sha256").update(body).digest("base64"));
    if (!h.has("content-length")) h.set("content-length", String(Buffer.byteLength(body)));
    names.push("Content-Type", "Content-Length", "x-content-sha256");
  }
  if (!h.has("date")) h.set("date", h.get("x-date")!);
  const line = (name: string) =>
    name === "(request-target)" ? `(request-target): ${req.method.toLowerCase()} ${req.url.pathname}${req.url.search}` : `${name.toLowerCase()}: ${h.get(name.toLowerCase())}`;
  // With a callback, Node signs on its thread pool: a refresh signs one request per OCI session
  // at once, ~1 ms of RSA each, which would otherwise queue on the thread that answers the engine.
  const signed = await new Promise<Buffer>((resolve, reject) =>
    rsaSign("sha256", Buffer.from(names.map(line).join("\n")), key, (err, sig) => (err ? reject(err) : resolve(sig))),
  );
  const signature = signed.toString("base64");
  h.set("authorization", `Signature version="1",keyId="${keyId}",algorithm="rsa-sha256",headers="${names.join(" ")}",signature="${signature}"`);
  replaceHeaders(req, h);
}

/** The request's headers become `signed` (lowercase names), so none goes out under two spellings. */
function replaceHeaders(req: OutgoingRequest, signed: Iterable<[string, string]>): void {
  for (const name of Object.keys(req.headers)) delete req.headers[name];
  for (const [name, value] of signed) req.headers[name] = value;
}

/** Every other profile: the official `oci-common` config-file auth and signer. */
export function ociCommonSigner(file: string, profile: string): Loaded {
  const common = require("oci-common") as typeof import("oci-common");
  let provider: InstanceType<typeof common.ConfigFileAuthenticationDetailsProvider>;
  try {
    provider = new common.ConfigFileAuthenticationDetailsProvider(file, profile);
  } catch (e) {
    throw new ConfigError(
      `cannot load OCI credentials from ${file} (profile ${profile}): ${(e as Error).message}. ` +
        `Set OCI_CONFIG_FILE / OCI_CLI_PROFILE (or ${configKey("ociConfigFile")} / ${configKey("ociProfile")}) to an OCI CLI config with an API key or session token.`,
      ["OCI_CONFIG_FILE", "OCI_CLI_PROFILE", configKey("ociConfigFile"), configKey("ociProfile")],
    );
  }
  const signer = new common.DefaultRequestSigner(provider);
  return {
    async sign(req) {
      const headers = new Headers(req.headers);
      await signer.signHttpRequest({ method: req.method as never, uri: req.url.toString(), headers, body: req.body });
      replaceHeaders(req, headers);
    },
    region() {
      try {
        return provider.getRegion()?.regionId;
      } catch {
        return undefined;
      }
    },
  };
}

/** For tests: forget loaded credentials. */
export function clearOciAuthCache(): void {
  cache.clear();
}
