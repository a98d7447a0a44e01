import * as path from "node:path";

/* eslint-disable @typescript-eslint/no-explicit-any */
/** Set by the release build (scripts/package.js): the modules below are bundled into the executable. */
declare const __PS_BUNDLED__: boolean | undefined;

/** In the self-contained plugin, every module the server uses, as static requires the bundler follows. */
const BUNDLED: Record<string, () => any> =
  typeof __PS_BUNDLED__ === "boolean" && __PS_BUNDLED__
    ? {
        "@grpc/grpc-js": () => require("@grpc/grpc-js"),
        "@pulumi/pulumi/proto/provider_grpc_pb": () => require("@pulumi/pulumi/proto/provider_grpc_pb"),
        "@pulumi/pulumi/proto/provider_pb": () => require("@pulumi/pulumi/proto/provider_pb"),
        "@pulumi/pulumi/proto/plugin_pb": () => require("@pulumi/pulumi/proto/plugin_pb"),
        "@pulumi/pulumi/proto/status_pb": () => require("@pulumi/pulumi/proto/status_pb"),
        "@pulumi/pulumi/proto/engine_pb": () => require("@pulumi/pulumi/proto/engine_pb"),
        "@pulumi/pulumi/proto/engine_grpc_pb": () => require("@pulumi/pulumi/proto/engine_grpc_pb"),
        "google-protobuf/google/protobuf/struct_pb": () => require("google-protobuf/google/protobuf/struct_pb"),
        "google-protobuf/google/protobuf/empty_pb": () => require("google-protobuf/google/protobuf/empty_pb"),
        "google-protobuf/google/protobuf/any_pb": () => require("google-protobuf/google/protobuf/any_pb"),
      }
    : {};

let pulumiDir: string | undefined;

/**
 * A module as the `@pulumi/pulumi` beside this package resolves it (its gRPC, its protobuf
 * classes), so the messages are the engine's own; in the self-contained plugin, the bundled one.
 */
export const fromPulumi = (m: string): any => {
  const bundled = BUNDLED[m];
  if (bundled) return bundled();
  pulumiDir ??= path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  return require(require.resolve(m, { paths: [pulumiDir] }));
};
