/**
 * What the serialized dynamic providers `require` at run time (kept out of the
 * closure so state holds a few hundred bytes of provider code, not the client), and
 * what the provider plugin serves. A kind's behaviour loads on first use: a stack with
 * only Jupyter sessions never loads OCI's signer.
 */
import * as nodeModule from "node:module";

// Every engine command starts a new provider process, which compiles zod, undici and (for
// OCI) oci-common again before its first answer: about a third of that load time. Node's
// compile cache (on disk, in NODE_COMPILE_CACHE or the temp dir; NODE_DISABLE_COMPILE_CACHE=1
// turns it off) keeps the compiled code for the modules loaded after this line.
try {
  nodeModule.enableCompileCache?.();
} catch {
  /* an unwritable cache directory only costs the speed-up */
}

import { configure as configureSettings } from "./core/config";
import { setFallbackWarnings } from "./core/log";
import { sessionResource, type SessionHandlers } from "./core/resource";
import { KINDS, isKindName, type KindName } from "./kinds";

export { KINDS, KIND_NAMES, type KindName } from "./kinds";
/** The earlier name of KindName, kept for code written against 0.2.0. */
export type VendorName = KindName;

/** undici 8 (the HTTP layer) needs Node 22.19; under older Node it fails with a riddle, so say it plainly. */
const MIN_NODE = [22, 19] as const;
export function assertSupportedNode(version = process.versions.node): void {
  const [major, minor] = version.split(".").map(Number);
  if (major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1])) return;
  throw new Error(
    `pulumi-sessions needs Node >= ${MIN_NODE.join(".")} (found ${version}). Install a current Node LTS, or put one first on PATH for the Pulumi CLI.`,
  );
}

export function configure(req: Parameters<typeof configureSettings>[0], namespace?: string): void {
  assertSupportedNode();
  configureSettings(req, namespace);
  if (namespace === undefined) warningsToEngineFromDynamicHost();
}

/**
 * In the dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`, started with the
 * engine's address), warnings go to the engine's log. The host passes a handler no URN, so
 * they are the run's warnings, not a resource's: the closest that path allows.
 */
function warningsToEngineFromDynamicHost(): void {
  if (!/dynamic-provider/.test(process.argv[1] ?? "")) return;
  const { engineAddress, engineLog } = require("./plugin/engine-log") as typeof import("./plugin/engine-log");
  const address = engineAddress(process.argv.slice(2));
  if (!address) return;
  const log = engineLog(address);
  setFallbackWarnings((message) => void log(message));
}

const cache = new Map<KindName, SessionHandlers>();

/** The handlers of one kind (state written by every release calls this with the kind's name). */
export function handlers(kind: KindName): SessionHandlers {
  assertSupportedNode();
  if (!isKindName(kind)) throw new Error(`pulumi-sessions has no session kind "${kind}" (it has ${Object.keys(KINDS).join(", ")})`);
  let h = cache.get(kind);
  if (!h) cache.set(kind, (h = sessionResource(KINDS[kind])));
  return h;
}
