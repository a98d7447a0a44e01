import { configKey } from "../core/config";
import { createHash } from "node:crypto";
import { systemClock, type Clock } from "../core/clock";
import { HttpClient, type AuthHook } from "../core/http";
import { IamErrorSchema, IamTokenSchema } from "./schemas";

interface CachedToken {
  token: string;
  expiresAtMs: number;
  lifetimeMs: number;
}

/**
 * IAM bearer tokens, cached per (IAM URL, API key) for the provider process: one
 * token request serves every resource, and concurrent callers share the one in
 * flight. Refreshed ahead of expiry like QRMI: when less than max(6 min, a tenth of
 * its life) is left. Keys are hashed so the API key is not even a map key.
 */
const tokens = new Map<string, CachedToken>();
const inflight = new Map<string, Promise<CachedToken>>();

export function clearTokenCache(): void {
  tokens.clear();
  inflight.clear();
}

/** How many IAM token requests this process has made (tests assert "one per process"). */
export let iamRequestCount = 0;

export function iamAuth(iamUrl: string, apiKey: string, clock: Clock = systemClock): AuthHook {
  const cacheKey = `${iamUrl}|${createHash("sha256").update(apiKey).digest("hex")}`;
  const fresh = (t: CachedToken | undefined) =>
    t !== undefined && t.expiresAtMs - clock.now() > Math.min(Math.max(360000, t.lifetimeMs / 10), t.lifetimeMs / 2);

  const fetchToken = async (): Promise<CachedToken> => {
    const iam = new HttpClient({
      vendor: "IBM Cloud IAM",
      baseUrl: iamUrl,
      urlSetting: `IAM_URL / ${configKey("ibmIamUrl")}`,
      clock,
      parseError: (_s, body) => {
        const e = IamErrorSchema.safeParse(body);
        return e.success ? { code: e.data.errorCode, message: e.data.errorMessage, requestId: e.data.context?.requestId } : {};
      },
      hints: {
        400: `The API key was rejected: check QISKIT_IBM_TOKEN / ${configKey("ibmApiKey")} (an IBM Cloud API key, not an IBM Quantum Platform token of the retired classic channel).`,
        401: `The API key was rejected: check QISKIT_IBM_TOKEN / ${configKey("ibmApiKey")}.`,
      },
    });
    iamRequestCount++;
    const res = await iam.request({
      operation: "get an IBM Cloud IAM token",
      method: "POST",
      path: "/identity/token",
      form: { grant_type: "urn:ibm:params:oauth:grant-type:apikey", apikey: apiKey },
      // The token exchange has no side effects, so it is safe to retry.
      repeatable: "always",
      schema: IamTokenSchema,
    });
    const now = clock.now();
    const lifetimeMs = (res.data.expires_in ?? 3600) * 1000;
    const expiresAtMs = res.data.expiration ? res.data.expiration * 1000 : now + lifetimeMs;
    return { token: res.data.access_token, expiresAtMs, lifetimeMs };
  };

  return {
    async apply(req) {
      let t = tokens.get(cacheKey);
      if (!fresh(t)) {
        let p = inflight.get(cacheKey);
        if (!p) {
          p = fetchToken().finally(() => inflight.delete(cacheKey));
          inflight.set(cacheKey, p);
        }
        t = await p;
        tokens.set(cacheKey, t);
      }
      req.headers.authorization = `Bearer ${t!.token}`;
    },
    invalidate() {
      tokens.delete(cacheKey);
    },
  };
}
