import { fromPulumi } from "./pulumi-sdk";

/**
 * Warnings through the engine's log service (pulumirpc.Engine/Log), attached to a resource
 * by its URN: `pulumi up` shows them under that resource. Every provider process the engine
 * starts gets the engine's address among its arguments (after any logging flags).
 */
export type EngineLog = (message: string, urn?: string) => Promise<void>;

export function engineAddress(argv: readonly string[]): string | undefined {
  return [...argv].reverse().find((a) => /^(\[[0-9a-f:]+\]|[\w.-]+):\d+$/i.test(a));
}

/** A logger for the engine at `address`; the gRPC client is made on the first warning. */
export function engineLog(address: string): EngineLog {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let client: any;
  return (message, urn) => {
    const grpc = fromPulumi("@grpc/grpc-js");
    const proto = fromPulumi("@pulumi/pulumi/proto/engine_pb");
    client ??= new (fromPulumi("@pulumi/pulumi/proto/engine_grpc_pb").EngineClient)(address, grpc.credentials.createInsecure());
    const req = new proto.LogRequest().setSeverity(proto.LogSeverity.WARNING).setMessage(message);
    if (urn) req.setUrn(urn);
    return new Promise<void>((resolve) =>
      client.log(req, (err: unknown) => {
        // The engine gone or unreachable: the warning is still worth a line on stderr.
        if (err) process.stderr.write(`warning: ${message}\n`);
        resolve();
      }),
    );
  };
}
