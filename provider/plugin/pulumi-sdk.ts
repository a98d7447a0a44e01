import * as path from "node:path";

/* eslint-disable @typescript-eslint/no-explicit-any */
let pulumiDir: string | undefined;

/**
 * A module as the `@pulumi/pulumi` beside this package resolves it (its gRPC, its protobuf
 * classes), so the messages are the engine's own.
 */
export const fromPulumi = (m: string): any => {
  pulumiDir ??= path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  return require(require.resolve(m, { paths: [pulumiDir] }));
};
