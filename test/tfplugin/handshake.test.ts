import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import { GO_PLUGIN_PROTO, MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE, TFPLUGIN6_PROTO } from "../../provider/tfplugin/protocol";
import { protoRoot, service } from "../../provider/tfplugin/server";
import { serverCertificate, type ServerCertificate } from "../../provider/tfplugin/tls";
import { fromPulumi } from "../../provider/plugin/pulumi-sdk";

/**
 * go-plugin's side of the handshake, as OpenTofu plays it, against the built executable: the
 * client's certificate in, the handshake line with the server's out, mutual TLS on the
 * connection, Shutdown to end it. Without the magic cookie the same executable is the
 * Pulumi plugin.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
const grpc = fromPulumi("@grpc/grpc-js");
const ROOT = path.resolve(__dirname, "../..");
const MAIN = path.join(ROOT, "dist/provider/cmd/pulumi-resource-sessions/main.js");
const NODE = path.join(ROOT, "node_modules/.bin/node");

const started: ChildProcess[] = [];
afterEach(() => {
  for (const p of started.splice(0)) if (p.exitCode === null) p.kill("SIGKILL");
});

function start(env: Record<string, string>): { child: ChildProcess; firstLine: Promise<string>; exited: Promise<number | null>; stderr: () => string } {
  const child = spawn(NODE, [MAIN], { env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  started.push(child);
  let err = "";
  child.stderr!.on("data", (d) => (err += d));
  const firstLine = new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      if (out.includes("\n")) resolve(out.split("\n")[0]);
    });
    child.on("exit", () => reject(new Error(`exited before the handshake: ${err}`)));
  });
  firstLine.catch(() => undefined); // a test that expects the exit does not wait for a line
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, firstLine, exited, stderr: () => err };
}

const pem = (b64: string) => `-----BEGIN CERTIFICATE-----\n${Buffer.from(b64, "base64").toString("base64").match(/.{1,64}/g)!.join("\n")}\n-----END CERTIFICATE-----\n`;

/** One unary call over TLS with `client`'s certificate, trusting the server certificate from the handshake (the server's own codecs). */
function call(address: string, serverCert: string, client: ServerCertificate, protoText: string, name: string, method: string, request: object): Promise<any> {
  const m = service(protoRoot(protoText), name, {})[0][method] as any;
  const creds = grpc.credentials.createSsl(Buffer.from(serverCert), Buffer.from(client.keyPem), Buffer.from(client.certPem));
  const conn = new grpc.Client(address, creds, { "grpc.ssl_target_name_override": "localhost" });
  return new Promise((resolve, reject) =>
    conn.makeUnaryRequest(m.path, m.requestSerialize, m.responseDeserialize, request, { deadline: Date.now() + 20_000 }, (e: Error | null, v: unknown) => {
      conn.close();
      return e ? reject(e) : resolve(v);
    }),
  );
}

const TOFU_ENV = { [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: "6" };

describe("started by OpenTofu (the magic cookie set)", () => {
  it("prints go-plugin's handshake line with its certificate and serves the provider schema to the client it was given", async () => {
    const client = serverCertificate();
    const p = start({ ...TOFU_ENV, PLUGIN_CLIENT_CERT: client.certPem });
    const [core, proto, net, address, kind, cert] = (await p.firstLine).split("|");
    expect([core, proto, net, kind]).toEqual(["1", "6", "tcp", "grpc"]);
    expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(cert).toMatch(/^[A-Za-z0-9+/]+$/); // base64 without padding, as go-plugin reads it
    const schema = await call(address, pem(cert), client, TFPLUGIN6_PROTO, "tfplugin6.Provider", "GetProviderSchema", {});
    expect(Object.keys(schema.resource_schemas).sort()).toEqual(["sessions_deepnote_session", "sessions_ibm_quantum_session", "sessions_jupyter_session", "sessions_oci_notebook_session"]);
    await call(address, pem(cert), client, GO_PLUGIN_PROTO, "plugin.GRPCController", "Shutdown", {});
    expect(await p.exited).toBe(0);
  }, 30_000);

  it("refuses a connection from any other client certificate", async () => {
    const client = serverCertificate();
    const p = start({ ...TOFU_ENV, PLUGIN_CLIENT_CERT: client.certPem });
    const [, , , address, , cert] = (await p.firstLine).split("|");
    await expect(call(address, pem(cert), serverCertificate(), TFPLUGIN6_PROTO, "tfplugin6.Provider", "GetProviderSchema", {})).rejects.toThrow();
  }, 30_000);

  it("a client that offers only protocol 5 is told which versions work", async () => {
    const p = start({ ...TOFU_ENV, PLUGIN_PROTOCOL_VERSIONS: "5" });
    expect(await p.exited).toBe(1);
    expect(p.stderr()).toContain("speaks the plugin protocol version 6; the client offered 5");
  }, 30_000);
});

it("without the cookie, the same executable is the Pulumi plugin (the port alone on its first line)", async () => {
  const p = start({});
  expect(await p.firstLine).toMatch(/^\d+$/);
}, 30_000);
