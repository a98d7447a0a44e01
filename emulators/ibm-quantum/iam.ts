import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import type { EmulatorClock } from "../core/clock";
import type { EmulatorRequest, EmulatorResponse } from "../core/types";

/**
 * IBM Cloud IAM's API-key grant (docs/services/ibm-quantum.md): form-encoded request, the real token
 * response shape, tokens that expire on the emulator clock. Access tokens are JWTs
 * (RS256, signed with a key this emulator holds) as IBM's are: IBM's SDK core decodes
 * them to read `exp`/`iat`, and falls back to the `apikey` scheme when it cannot.
 * Tokens live in memory only.
 */
const b64url = (v: unknown) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64url");

export class IamEmulator {
  private readonly tokens = new Map<string, { apiKey: string; expiresAt: number }>();
  private readonly signingKey: KeyObject = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  private readonly kid = `emulator-${randomBytes(4).toString("hex")}`;

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
    const iat = Math.floor(now / 1000);
    const expiresAt = (iat + this.lifetimeSeconds) * 1000;
    const token = this.jwt(apiKey, iat, iat + this.lifetimeSeconds, `https://${req.host || "iam.cloud.ibm.com"}/identity`);
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

  /** The IAM id behind an API key: each key is its own identity here (a service id). */
  static identityOfKey(apiKey: string): string {
    return `iam-ServiceId-${createHash("sha256").update(apiKey).digest("hex").slice(0, 24)}`;
  }

  /** The IAM id behind a request's `Bearer` token or `apikey` credential; undefined when it has none that works. */
  identityOf(authorization: string | undefined): string | undefined {
    if (this.reject(authorization) !== undefined) return undefined;
    const key = /^apikey\s+(\S+)$/i.exec(authorization ?? "");
    if (key) return IamEmulator.identityOfKey(key[1]);
    const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
    const t = bearer ? this.tokens.get(bearer[1]) : undefined;
    return t ? IamEmulator.identityOfKey(t.apiKey) : undefined;
  }

  /** An IAM-shaped access token: the claims IBM's tokens carry, RS256 over header.payload. */
  private jwt(apiKey: string, iat: number, exp: number, iss: string): string {
    const who = IamEmulator.identityOfKey(apiKey).slice("iam-ServiceId-".length);
    const header = { kid: this.kid, alg: "RS256" };
    const payload = {
      iam_id: `iam-ServiceId-${who}`,
      id: `iam-ServiceId-${who}`,
      realmid: "iam",
      jti: randomBytes(16).toString("hex"),
      identifier: `ServiceId-${who}`,
      name: "pulumi-sessions emulator",
      sub: `ServiceId-${who}`,
      sub_type: "ServiceId",
      account: { valid: true, bss: "0000demo0000account", frozen: true },
      iat,
      exp,
      iss,
      grant_type: "urn:ibm:params:oauth:grant-type:apikey",
      scope: "ibm openid",
      client_id: "default",
      acr: 1,
      amr: ["pwd"],
    };
    const unsigned = `${b64url(header)}.${b64url(payload)}`;
    return `${unsigned}.${sign("RSA-SHA256", Buffer.from(unsigned), this.signingKey).toString("base64url")}`;
  }

  /**
   * undefined when the request is authorized; else why not. Takes `Bearer <IAM token>`
   * and, as the API also does (what qiskit-ibm-runtime falls back to),
   * `apikey <IBM Cloud API key>`; `schemes` narrows that (IBM Cloud's own services take bearer tokens only).
   */
  reject(authorization: string | undefined, schemes: ("bearer" | "apikey")[] = ["bearer", "apikey"]): string | undefined {
    const key = /^apikey\s+(\S+)$/i.exec(authorization ?? "");
    if (key && schemes.includes("apikey")) return this.apiKeys.has(key[1]) ? undefined : "Invalid API key.";
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
    if (!m) return "Missing or malformed Authorization header: expected 'Bearer <IAM token>' or 'apikey <API key>'.";
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
