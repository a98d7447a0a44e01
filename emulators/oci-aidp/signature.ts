import { createHash, createPublicKey, verify } from "node:crypto";
import type { EmulatorRequest } from "../core/types";

/**
 * OCI HTTP Signature v1 verification (draft-cavage-http-signatures-08, rsa-sha256),
 * as OCI documents it (docs/services/oci-ai-data-platform.md): pure functions, no I/O.
 */
export const MAX_SKEW_MS = 5 * 60 * 1000;
const BODY_METHODS = ["POST", "PUT", "PATCH"];

export interface ParsedSignature {
  version: string;
  keyId: string;
  algorithm: string;
  headers: string[];
  signature: string;
}

export function parseAuthorization(value: string | undefined): ParsedSignature | undefined {
  if (!value || !/^Signature\s/i.test(value)) return undefined;
  const params: Record<string, string> = {};
  for (const m of value.slice(value.indexOf(" ") + 1).matchAll(/(\w+)="([^"]*)"/g)) params[m[1]] = m[2];
  if (!params.keyId || !params.signature || !params.headers) return undefined;
  return { version: params.version ?? "", keyId: params.keyId, algorithm: params.algorithm ?? "", headers: params.headers.toLowerCase().split(/\s+/), signature: params.signature };
}

/**
 * The string a signature covers. The `(request-target)` is the path and query exactly as
 * received: clients sign what they send (Oracle's Python SDK leaves `~` as is and sends `*`
 * as `%2A`), so rebuilding the query would refuse correctly signed requests.
 */
export function signingString(req: Pick<EmulatorRequest, "method" | "target" | "headers">, headers: string[]): string | undefined {
  const lines: string[] = [];
  for (const h of headers) {
    if (h === "(request-target)") {
      lines.push(`(request-target): ${req.method.toLowerCase()} ${req.target}`);
      continue;
    }
    const v = req.headers[h];
    if (v === undefined) return undefined;
    lines.push(`${h}: ${Array.isArray(v) ? v.join(", ") : v}`);
  }
  return lines.join("\n");
}

export function bodySha256(body: Buffer): string {
  return createHash("sha256").update(body).digest("base64");
}

/** OCI's key fingerprint: MD5 of the DER public key, colon-separated hex. */
export function fingerprintOf(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: "spki", format: "der" });
  return createHash("md5").update(der).digest("hex").match(/../g)!.join(":");
}

/** undefined when the request is authentic; else the reason (for the 401 message). */
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Same port, and the same host or two names of loopback. */
export function sameHost(sent: string, server: string): boolean {
  if (!server) return true; // not listening yet (unit tests of the verifier)
  const split = (h: string) => {
    const i = h.lastIndexOf(":");
    return i > 0 && !h.endsWith("]") ? [h.slice(0, i).toLowerCase(), h.slice(i + 1)] : [h.toLowerCase(), ""];
  };
  const [sh, sp] = split(sent);
  const [vh, vp] = split(server);
  return sp === vp && (sh === vh || (LOOPBACK.has(sh) && LOOPBACK.has(vh)));
}

export function verifyRequest(req: EmulatorRequest, publicKeys: Record<string, string>, now: number): string | undefined {
  const sig = parseAuthorization(req.headers.authorization);
  if (!sig) return "The required information to complete authentication was not provided or was incorrect.";
  if (sig.version !== "1" || sig.algorithm !== "rsa-sha256") return 'Unsupported signature: version must be "1" and algorithm "rsa-sha256".';
  const required = ["(request-target)", "host", ...(BODY_METHODS.includes(req.method) ? ["content-type", "content-length", "x-content-sha256"] : [])];
  const missing = required.filter((h) => !sig.headers.includes(h));
  if (!sig.headers.includes("date") && !sig.headers.includes("x-date")) missing.push("date or x-date");
  if (missing.length) return `The signature must cover: ${missing.join(", ")}.`;
  // The date that counts is the one the signature covers (x-date wins, as OCI's signer
  // sends it): an unsigned fresh date next to an old signed one must not revive a replay.
  const dateHeader = sig.headers.includes("x-date") ? req.headers["x-date"] : req.headers.date;
  const date = Date.parse(String(dateHeader ?? ""));
  if (Number.isNaN(date) || Math.abs(now - date) > MAX_SKEW_MS) return "The request date is missing or more than 5 minutes from the server's clock.";
  // The signed host must name this endpoint: a request signed for another host is not ours.
  if (!sameHost(String(req.headers.host ?? ""), req.serverHost)) return `The signed host "${req.headers.host}" does not name this endpoint.`;
  if (BODY_METHODS.includes(req.method)) {
    if (req.headers["x-content-sha256"] !== bodySha256(req.rawBody)) return "x-content-sha256 does not match the request body.";
    if (Number(req.headers["content-length"]) !== req.rawBody.length) return "content-length does not match the request body.";
  }
  const pem = publicKeys[sig.keyId];
  if (!pem) return `Unknown keyId ${sig.keyId}.`;
  const text = signingString(req, sig.headers);
  if (text === undefined) return "A signed header is missing from the request.";
  const ok = verify("RSA-SHA256", Buffer.from(text), createPublicKey(pem), Buffer.from(sig.signature, "base64"));
  return ok ? undefined : "The signature does not verify against the registered public key.";
}
