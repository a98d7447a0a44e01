/**
 * `terraform-provider-sessions`: the same executable as `pulumi-resource-sessions`, started
 * by OpenTofu or Terraform (they set TF_PLUGIN_MAGIC_COOKIE). It speaks go-plugin's
 * handshake and the Terraform plugin protocol version 6 over gRPC on loopback, with the
 * mutual TLS go-plugin sets up (docs/opentofu.md).
 */
import * as protobuf from "protobufjs";
import { fromPulumi } from "../plugin/pulumi-sdk";
import { GO_PLUGIN_PROTO, HEALTH_PROTO, PROTOCOL_VERSION, TFPLUGIN6_PROTO } from "./protocol";
import { tfProvider } from "./provider";
import { serverCertificate } from "./tls";

/* eslint-disable @typescript-eslint/no-explicit-any */
const grpc = fromPulumi("@grpc/grpc-js");

type Handler = (req: any) => Promise<any>;

/**
 * A gRPC service definition from a protobufjs service (messages as plain objects with the
 * protocol's field names), and the handlers for the methods `impl` serves.
 */
export function service(root: protobuf.Root, name: string, impl: Record<string, Handler>) {
  const svc = root.lookupService(name);
  const definition: Record<string, unknown> = {};
  const handlers: Record<string, unknown> = {};
  for (const m of Object.values(svc.methods)) {
    const req = m.resolvedRequestType!;
    const res = m.resolvedResponseType!;
    definition[m.name] = {
      path: `/${name}/${m.name}`,
      requestStream: false,
      responseStream: false,
      requestSerialize: (v: object) => Buffer.from(req.encode(req.fromObject(v)).finish()),
      requestDeserialize: (b: Buffer) => req.toObject(req.decode(b), { longs: Number }),
      responseSerialize: (v: object) => Buffer.from(res.encode(res.fromObject(v)).finish()),
      responseDeserialize: (b: Buffer) => res.toObject(res.decode(b), { longs: Number }),
    };
    const fn = impl[m.name];
    if (!fn) continue; // unimplemented: gRPC answers UNIMPLEMENTED, which OpenTofu reads as "not supported"
    handlers[m.name] = (call: { request: unknown }, callback: (err: unknown, value?: unknown) => void) =>
      fn(call.request).then(
        (r) => callback(null, r),
        (e) => callback({ code: grpc.status.INTERNAL, details: e instanceof Error ? e.message : String(e) }),
      );
  }
  return [definition, handlers] as const;
}

/** A .proto text, parsed with its field names as written, every type resolved. */
export const protoRoot = (text: string) => {
  const root = protobuf.parse(text, { keepCase: true }).root;
  root.resolveAll();
  return root;
};

/**
 * Serves until OpenTofu calls go-plugin's Shutdown (or ends the process), after printing
 * the handshake line it reads from stdout:
 * `1|6|tcp|127.0.0.1:<port>|grpc|<server certificate>`.
 */
export async function serveTerraform(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const offered = (env.PLUGIN_PROTOCOL_VERSIONS ?? String(PROTOCOL_VERSION)).split(",").map((v) => v.trim());
  if (!offered.includes(String(PROTOCOL_VERSION))) {
    throw new Error(`this provider speaks the plugin protocol version ${PROTOCOL_VERSION}; the client offered ${offered.join(", ")}: use OpenTofu >= 1.6 or Terraform >= 1.0`);
  }
  const server = new grpc.Server({ "grpc.max_receive_message_length": 256 * 1024 * 1024, "grpc.max_send_message_length": 256 * 1024 * 1024 });
  server.addService(...service(protoRoot(TFPLUGIN6_PROTO), "tfplugin6.Provider", tfProvider()));
  server.addService(...service(protoRoot(HEALTH_PROTO), "grpc.health.v1.Health", { Check: async () => ({ status: 1 }) }));
  server.addService(
    ...service(protoRoot(GO_PLUGIN_PROTO), "plugin.GRPCController", {
      Shutdown: async () => {
        // Answer first, then go: the client waits for the reply, then for the process to end.
        setImmediate(() => server.tryShutdown(() => process.exit(0)));
        return {};
      },
    }),
  );
  const clientCert = env.PLUGIN_CLIENT_CERT;
  const cert = clientCert ? serverCertificate() : undefined;
  const credentials = cert
    ? grpc.ServerCredentials.createSsl(Buffer.from(clientCert!), [{ private_key: Buffer.from(cert.keyPem), cert_chain: Buffer.from(cert.certPem) }], true)
    : grpc.ServerCredentials.createInsecure();
  const port: number = await new Promise((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", credentials, (err: Error | null, p: number) => (err ? reject(err) : resolve(p))),
  );
  process.stdout.write(`1|${PROTOCOL_VERSION}|tcp|127.0.0.1:${port}|grpc${cert ? `|${cert.handshake}` : ""}\n`);
}
