import { generateKeyPairSync, randomBytes } from "node:crypto";
import * as forge from "node-forge";

/**
 * go-plugin's automatic mutual TLS: OpenTofu and Terraform start a provider with their own
 * one-off certificate in PLUGIN_CLIENT_CERT; the provider makes one of its own for
 * "localhost", serves TLS that requires the client's, and hands its certificate back in the
 * handshake line (base64 DER, no padding). Both are self-signed and trusted one by one, so
 * the certificate is its own CA, as go-plugin's is. The key pair comes from Node's crypto
 * (fast); node-forge only writes the X.509 certificate, which Node cannot.
 */
export interface ServerCertificate {
  certPem: string;
  keyPem: string;
  /** For the handshake line: DER, base64 without "=" padding. */
  handshake: string;
}

const VALID_MS = 30 * 24 * 3600 * 1000;

export function serverCertificate(now = new Date()): ServerCertificate {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: "spki", format: "pem" }).toString());
  // A positive serial (the top bit clear): X.509 serials are signed integers.
  cert.serialNumber = `01${randomBytes(15).toString("hex")}`;
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + VALID_MS);
  const subject = [
    { name: "organizationName", value: "pulumi-sessions" },
    { name: "commonName", value: "localhost" },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, keyCertSign: true, critical: true },
    { name: "extKeyUsage", serverAuth: true, clientAuth: true },
    { name: "subjectAltName", altNames: [{ type: 2, value: "localhost" }] },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create());
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
  return { certPem: forge.pki.certificateToPem(cert), keyPem, handshake: Buffer.from(der, "binary").toString("base64").replace(/=+$/, "") };
}
