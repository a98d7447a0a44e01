/**
 * The provider plugin `pulumi-resource-sessions`: a gRPC ResourceProvider serving
 * `sessions:<vendor>:<Type>` through the same handlers the dynamic resources use
 * (provider/index.ts). What it adds over the dynamic path: `pulumi import`, a detailed
 * diff (update vs replace per property), the engine's `customTimeouts`, provider config
 * (`sessions:*` keys), no code in state, and every language Pulumi generates SDKs for.
 *
 * It is its own small server rather than `@pulumi/pulumi/provider`'s `main`, which does
 * not pass timeouts, config or a detailed diff through, and fails on an import's Read
 * (docs/pulumi-engine.md). gRPC and the protobuf classes come from the `@pulumi/pulumi` next to
 * this package, so the messages are the engine's own.
 */
import { buildSchema } from "./schema";
import { configure, handlers, type KindName } from "../index";
import { PLUGIN_CONFIG_NAMESPACE } from "../core/config";
import { signalCancellation } from "../core/cancel";
import { engineBound } from "../core/deadline";
import { jsonEqual } from "../core/json";
import { PACKAGE_VERSION } from "../core/version";
import { TYPE_TOKENS } from "./tokens";
import { withWarnings } from "../core/log";
import { fromPulumi } from "./pulumi-sdk";
import { engineAddress, engineLog, type EngineLog } from "./engine-log";

/** The engine's log service, when the engine told us where it is (see serveProvider). */
let logToEngine: EngineLog | undefined;

/* eslint-disable @typescript-eslint/no-explicit-any */
export { fromPulumi } from "./pulumi-sdk";
const grpc = fromPulumi("@grpc/grpc-js");
const provrpc = fromPulumi("@pulumi/pulumi/proto/provider_grpc_pb");
const provproto = fromPulumi("@pulumi/pulumi/proto/provider_pb");
const plugproto = fromPulumi("@pulumi/pulumi/proto/plugin_pb");
const structproto = fromPulumi("google-protobuf/google/protobuf/struct_pb");
const emptyproto = fromPulumi("google-protobuf/google/protobuf/empty_pb");
const anyproto = fromPulumi("google-protobuf/google/protobuf/any_pb");
const statusproto = fromPulumi("@pulumi/pulumi/proto/status_pb");

/** The package schema, built from the registry's zod schemas (schema.json is the same text, checked in for the SDK generators). */
let schemaText: string | undefined;
const schema = () => (schemaText ??= `${JSON.stringify(buildSchema(), null, 2)}\n`);

type Callback = (err: unknown, value?: unknown, trailer?: unknown) => void;
type Call = { request: any };

const vendorOf = (req: any): KindName => {
  const type: string = (req.getType?.() || String(req.getUrn()).split("::")[2]) ?? "";
  const vendor = TYPE_TOKENS[type];
  if (!vendor) throw new Error(`pulumi-resource-sessions does not know the resource type "${type}" (it serves ${Object.keys(TYPE_TOKENS).join(", ")})`);
  return vendor;
};
/** Plain JSON only: an undefined value (e.g. the dynamic path's `__provider`) has no protobuf form. */
const struct = (v: unknown) => structproto.Struct.fromJavaScript(JSON.parse(JSON.stringify(v ?? {})));
const plain = (s: any): Record<string, unknown> => (s ? s.toJavaScript() : {});

/** Errors as the engine reads them; one carrying `id` is an init error (the session exists: keep it in state). */
function grpcError(e: any) {
  const metadata = new grpc.Metadata();
  if (e && e.id) {
    const detail = new provproto.ErrorResourceInitFailed();
    detail.setId(e.id);
    detail.setProperties(struct(e.properties));
    detail.setReasonsList(e.reasons ?? []);
    const any = new anyproto.Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new statusproto.Status();
    status.setCode(grpc.status.UNKNOWN);
    status.setMessage(e.message);
    status.addDetails(any);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return { code: grpc.status.UNKNOWN, details: e instanceof Error ? e.message : String(e), metadata };
}

/**
 * Runs a handler; its answer (or error) goes back to the engine. The warnings it raises go
 * to the engine's log attached to the request's resource, and are sent before the answer.
 */
const serve = (fn: (req: any) => Promise<unknown>) => (call: Call, callback: Callback) => {
  const urn: string | undefined = call.request?.getUrn?.() || undefined;
  const sent: Promise<void>[] = [];
  const sink = (message: string) => {
    if (logToEngine) sent.push(logToEngine(message, urn));
    else process.stderr.write(`warning: ${message}\n`);
  };
  const settled = () => Promise.allSettled(sent);
  withWarnings(sink, () => fn(call.request)).then(
    async (resp) => {
      await settled();
      callback(null, resp);
    },
    async (e) => {
      await settled();
      const err = grpcError(e);
      callback(err, null, err.metadata);
    },
  );
};

const KIND = provproto.PropertyDiff.Kind;
/** Per property: [added, removed, changed], for an in-place update and for a replacement. */
const KINDS = { update: [KIND.ADD, KIND.DELETE, KIND.UPDATE], replace: [KIND.ADD_REPLACE, KIND.DELETE_REPLACE, KIND.UPDATE_REPLACE] };
const diffChanges = (changes: boolean) => (changes ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE);

export function providerService() {
  return {
    getPluginInfo: serve(async () => new plugproto.PluginInfo().setVersion(PACKAGE_VERSION)),
    getSchema: serve(async () => new provproto.GetSchemaResponse().setSchema(schema())),
    checkConfig: serve(async (req) => new provproto.CheckResponse().setInputs(req.getNews())),
    // A changed setting is an update of the provider (so the engine configures it with the
    // new value), never a replacement: credentials and endpoints change where calls go, not
    // which sessions exist.
    diffConfig: serve(async (req) => new provproto.DiffResponse().setChanges(diffChanges(!jsonEqual(plain(req.getOlds()), plain(req.getNews()))))),
    configure: serve(async (req) => {
      // The engine sends stack config as `variables` ("sessions:config:<key>", the legacy
      // form) and as `args` ({<key>: value}); read either, as "sessions:<key>".
      const settings = new Map<string, string>();
      for (const [k, v] of req.getVariablesMap().toArray() as [string, string][]) settings.set(k.replace(/^([^:]+):config:/, "$1:"), v);
      for (const [k, v] of Object.entries(plain(req.getArgs()))) if (typeof v === "string") settings.set(`${PLUGIN_CONFIG_NAMESPACE}:${k}`, v);
      configure({ config: { get: (k: string) => settings.get(k) } }, PLUGIN_CONFIG_NAMESPACE);
      return new provproto.ConfigureResponse().setAcceptsecrets(false).setAcceptresources(false).setAcceptoutputs(false);
    }),
    check: serve(async (req) => {
      const r = await handlers(vendorOf(req)).check(plain(req.getOlds()), plain(req.getNews()));
      const resp = new provproto.CheckResponse().setInputs(struct(r.inputs));
      resp.setFailuresList((r.failures ?? []).map((f) => new provproto.CheckFailure().setProperty(f.property).setReason(f.reason)));
      return resp;
    }),
    diff: serve(async (req) => {
      const olds = plain(req.getOlds());
      const news = plain(req.getNews());
      // No provider code lives in state here: a new plugin version is not a change.
      const r = await handlers(vendorOf(req)).diff(req.getId(), { ...olds, providerVersion: PACKAGE_VERSION }, news);
      const resp = new provproto.DiffResponse()
        .setChanges(diffChanges(r.changes))
        .setReplacesList(r.replaces)
        .setDeletebeforereplace(r.deleteBeforeReplace)
        .setDiffsList(r.changed)
        .setHasdetaileddiff(true);
      const detailed = resp.getDetaileddiffMap();
      for (const k of r.changed) {
        const [added, removed, changed] = r.replaces.includes(k) ? KINDS.replace : KINDS.update;
        const kind = olds[k] === undefined ? added : news[k] === undefined ? removed : changed;
        detailed.set(k, new provproto.PropertyDiff().setKind(kind).setInputdiff(true));
      }
      return resp;
    }),
    create: serve(async (req) => {
      const r = await engineBound(req.getTimeout(), "customTimeouts.create", () => handlers(vendorOf(req)).create(plain(req.getProperties())));
      return new provproto.CreateResponse().setId(r.id).setProperties(struct(r.outs));
    }),
    // An import's Read carries no properties: the handlers' import path reads the id.
    read: serve(async (req) => {
      const r = await handlers(vendorOf(req)).read(req.getId(), plain(req.getProperties()));
      const resp = new provproto.ReadResponse().setId(r.id).setProperties(struct(r.props));
      if (r.inputs !== undefined) resp.setInputs(struct(r.inputs));
      return resp;
    }),
    update: serve(async (req) => {
      const r = await engineBound(req.getTimeout(), "customTimeouts.update", () => handlers(vendorOf(req)).update(req.getId(), plain(req.getOlds()), plain(req.getNews())));
      return new provproto.UpdateResponse().setProperties(struct(r.outs));
    }),
    delete: serve(async (req) => {
      await engineBound(req.getTimeout(), "customTimeouts.delete", () => handlers(vendorOf(req)).delete(req.getId(), plain(req.getProperties())));
      return new emptyproto.Empty();
    }),
    // One Ctrl-C: waits in flight stop and record their sessions (init errors); requests finish.
    cancel: serve(async () => {
      signalCancellation();
      return new emptyproto.Empty();
    }),
  };
}

/**
 * Listens on loopback and prints the port: the plugin handshake the engine reads from stdout.
 * `argv`: the engine starts providers with its own address as an argument (after any
 * logging flags); warnings go there.
 */
export async function serveProvider(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const address = engineAddress(argv);
  if (address) logToEngine = engineLog(address);
  const server = new grpc.Server({ "grpc.max_receive_message_length": 1024 * 1024 * 400 });
  server.addService(provrpc.ResourceProviderService, providerService());
  const port: number = await new Promise((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err: Error | null, p: number) => (err ? reject(err) : resolve(p))),
  );
  process.stdout.write(`${port}\n`);
}
