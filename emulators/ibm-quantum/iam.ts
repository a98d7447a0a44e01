import { randomBytes } from "node:crypto";
import type { EmulatorClock } from "../core/clock";
import type { EmulatorRequest, EmulatorResponse } from "../core/types";

/**
 * IBM Cloud IAM's API-key grant (apis.md §1.2): form-encoded request, the real token
 * response shape, tokens that expire on the emulator clock. Tokens live in memory only.
 */
export class IamEmulator {
  private readonly tokens = new Map<string, { apiKey: string; expiresAt: number }>();

  constructor(
    private readonly apiKeys: Set<string>,
    private readonly clock: EmulatorClock,
    private readonly lifetimeSeconds: number,
  ) {}

  issue(req: EmulatorRequest): EmulatorResponse {
    const form = new URLSearchParams(req.rawBody.toString("utf8"));
    const contentType = String(req.headers["content-type"] ?? "");
    const fail = (status: number, errorCode: string, errorMessage: string): EmulatorResponse => ({
      status,
      body: { errorCode, errorMessage, context: { requestId: req.requestId, requestType: "Token.GetToken", startTime: new Date(this.clock.now()).toUTCString() } },
    });
    if (!contentType.startsWith("application/x-www-form-urlencoded")) return fail(400, "BXNIM0109E", "Property missing or empty. Property: grant_type");
    if (form.get("grant_type") !== "urn:ibm:params:oauth:grant-type:apikey") return fail(400, "BXNIM0109E", "Property missing or empty. Property: grant_type");
    const apiKey = form.get("apikey");
    if (!apiKey) return fail(400, "BXNIM0109E", "Property missing or empty. Property: apikey");
    if (!this.apiKeys.has(apiKey)) return fail(400, "BXNIM0415E", "Provided API key could not be found.");
    const now = this.clock.now();
    const token = `eyJ${randomBytes(48).toString("base64url")}`;
    const expiresAt = now + this.lifetimeSeconds * 1000;
    this.tokens.set(token, { apiKey, expiresAt });
    return {
      status: 200,
      body: {
        access_token: token,
        refresh_token: "not_supported",
        token_type: "Bearer",
        expires_in: this.lifetimeSeconds,
        expiration: Math.floor(expiresAt / 1000),
        scope: "ibm openid",
      },
    };
  }

  /** undefined when the bearer token is valid; else why not. */
  reject(authorization: string | undefined): string | undefined {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
    if (!m) return "Missing or malformed Authorization header: expected 'Bearer <IAM token>'.";
    const t = this.tokens.get(m[1]);
    if (!t) return "Invalid token.";
    if (t.expiresAt <= this.clock.now()) return "Token expired.";
    return undefined;
  }

  /** Every token issued so far expires now (fault injection: a token that dies mid-run). */
  expireAll(): void {
    const now = this.clock.now();
    for (const t of this.tokens.values()) t.expiresAt = Math.min(t.expiresAt, now);
  }

  /** Every token issued so far (tests check none leaks). */
  issuedTokens(): string[] {
    return [...this.tokens.keys()];
  }

  clear(): void {
    this.tokens.clear();
  }
}
