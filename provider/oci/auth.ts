import * as os from "node:os";
import * as path from "node:path";
import { ConfigError } from "../core/errors";
import type { AuthHook, OutgoingRequest } from "../core/http";
import { readSetting, type SettingSpec, configKey } from "../core/config";

export const OCI_CONFIG_FILE: SettingSpec = { key: "ociConfigFile", env: ["OCI_CONFIG_FILE"] };
export const OCI_PROFILE: SettingSpec = { key: "ociProfile", env: ["OCI_CLI_PROFILE"] };

export interface OciAuth extends AuthHook {
  region(): string | undefined;
}

/**
 * OCI request signing with the official `oci-common` signer and its config-file auth
 * (API keys and session-token profiles). The config file and key are read when a
 * handler first needs them — never at serialization — then kept for the process
 * (one read per deployment, not one per poll), and read again after a 401 in case
 * the key was rotated. The key never leaves this process. `oci-common` defaults to
 * ~/.oci/config; we pass file and profile explicitly (decisions.md §24).
 */
interface Loaded {
  sign(req: OutgoingRequest): Promise<void>;
  region(): string | undefined;
}
const cache = new Map<string, Loaded>();

export function ociConfigFileAuth(): OciAuth {
  const file = readSetting(OCI_CONFIG_FILE) ?? path.join(os.homedir(), ".oci", "config");
  const profile = readSetting(OCI_PROFILE) ?? "DEFAULT";
  const key = `${file}\0${profile}`;
  const loaded = () => {
    let l = cache.get(key);
    if (!l) cache.set(key, (l = load(file, profile)));
    return l;
  };
  loaded(); // a broken config fails here, in check (preview), not at the first request
  return {
    apply: (req) => loaded().sign(req),
    invalidate: () => void cache.delete(key),
    region: () => loaded().region(),
  };
}

function load(file: string, profile: string): Loaded {
  // Loaded lazily: a stack without OCI sessions never pays for oci-common.
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
      headers.forEach((value, key) => {
        req.headers[key] = value;
      });
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
