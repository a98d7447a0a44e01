import { configKey } from "../core/config";
import { createHash } from "node:crypto";
import { systemClock, type Clock } from "../core/clock";
import { sharedRequest, within } from "../core/deadline";
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
/**
 * The token request is shared by every resource waiting for it, so it runs under its own
 * bound, not the deadline of the resource that happened to start it; each resource waits
 * for it only as long as its own deadline allows.
 */
const IAM_REQUEST_MS = 60_000;
const inflight = new Map<string, Promise<CachedToken>>();

export function clearTokenCache(): void {
  tokens.clear();
  inflight.clear();
}

/** How many IAM token requests this process has made (tests assert "one per process"). */
export let iamRequestCount = 0;

export interface IamAuth extends AuthHook {
  /** The IAM id behind the API key (the token's `iam_id` claim); undefined when the token does not say. */
  identity(): Promise<string | undefined>;
}

/** The `iam_id` claim of an IAM access token (a JWT; read, not verified: it came from IAM itself). */
export function iamIdOf(token: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as { iam_id?: unknown };
    return typeof payload.iam_id === "string" && payload.iam_id ? payload.iam_id : undefined;
  } catch {
    return undefined;
  }
}

export function iamAuth(iamUrl: string, apiKey: string, clock: Clock = systemClock): IamAuth {
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

  const current = async (): Promise<CachedToken> => {
    let t = tokens.get(cacheKey);
    if (!fresh(t)) {
      let p = inflight.get(cacheKey);
      if (!p) {
        p = sharedRequest(IAM_REQUEST_MS, "the IAM token request's own 60 s bound", fetchToken).finally(() => inflight.delete(cacheKey));
        inflight.set(cacheKey, p);
        // A caller that stopped waiting must not leave its rejection unhandled.
        p.catch(() => undefined);
      }
      t = await within(p, "getting an IBM Cloud IAM token", () => clock.now());
      tokens.set(cacheKey, t);
    }
    return t!;
  };

  return {
    async apply(req) {
      req.headers.authorization = `Bearer ${(await current()).token}`;
    },
    async identity() {
      return iamIdOf((await current()).token);
    },
    invalidate() {
      tokens.delete(cacheKey);
    },
  };
}
