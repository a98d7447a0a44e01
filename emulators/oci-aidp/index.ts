import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";
import { systemClock, type EmulatorClock } from "../core/clock";
import { INVALID_JSON, jsonBody, startEmulator, type RunningEmulator, type StartOptions } from "../core/server";
import type { EmulatorRequest, EmulatorResponse, Route, VendorEmulator } from "../core/types";
import { demoCredentials, OCI_DEMO, type DemoCredentials } from "./demo-key";
import { verifyRequest } from "./signature";
import { etagOf, newKernel, toWire, type OciSession, type Store } from "./state";

export { OCI_DEMO } from "./demo-key";

export interface OciEmulatorOptions {
  activationDelayMs?: number;
  clock?: EmulatorClock;
  /** Where the demo key and config file live (reused when present); default: a temp dir. */
  stateDir?: string;
}

const PREFIX = "/20260430/aiDataPlatforms/:platformId/workspaces/:workspaceKey/notebook/api/sessions";
const DEFAULT_CODES: Record<number, string> = {
  400: "InvalidParameter",
  401: "NotAuthenticated",
  404: "NotAuthorizedOrNotFound",
  409: "Conflict",
  412: "NoEtagMatch",
  429: "TooManyRequests",
  500: "InternalServerError",
  503: "ServiceUnavailable",
};
const RETRY_TOKEN_TTL_MS = 24 * 3600 * 1000;

const KernelRef = z.strictObject({ id: z.string().optional(), name: z.string().optional(), execution_state: z.string().optional(), last_activity: z.string().optional(), connections: z.number().optional() });
const CreateBody = z.strictObject({
  id: z.string().optional(),
  path: z.string().min(1),
  name: z.string().optional(),
  type: z.enum(["notebook", "file", "agentflow"]).optional(),
  cluster_id: z.string().optional(),
  agentFlowKey: z.string().optional(),
  kernel: KernelRef.optional(),
});
const PatchBody = z.strictObject({
  id: z.string().optional(),
  name: z.string().optional(),
  path: z.string().min(1).optional(),
  type: z.enum(["notebook", "file", "agentflow"]).optional(),
  kernel: KernelRef.optional(),
  cluster_id: z.string().optional(),
  must_refresh_context: z.boolean().optional(),
});

export type OciAidpEmulator = VendorEmulator & { clock: EmulatorClock; store: Store; demo: DemoCredentials };

export function ociAidpEmulator(opts: OciEmulatorOptions = {}): OciAidpEmulator {
  const clock = opts.clock ?? systemClock();
  let delay = opts.activationDelayMs ?? 1000;
  const demo = demoCredentials(opts.stateDir);
  const seed = (): Store => ({
    publicKeys: { [demo.keyId]: demo.publicKeyPem },
    platforms: { [OCI_DEMO.aiDataPlatformId]: [OCI_DEMO.workspaceKey] },
    sessions: {},
    retryTokens: {},
    failNextCreate: false,
  });
  let store = seed();
  const now = () => clock.now();
  const error = (status: number, code: string | undefined, message: string, headers: Record<string, string> = {}): EmulatorResponse => ({
    status,
    headers,
    body: { code: code && code !== "InjectedFault" && code !== "NotFound" && code !== "InternalServerError" ? code : DEFAULT_CODES[status] ?? "InternalServerError", message },
  });
  const wire = (s: OciSession) => toWire(s, now(), delay);
  const etag = (s: OciSession) => etagOf(s, now(), delay);
  const ok = (status: number, s: OciSession, extra: Record<string, string> = {}): EmulatorResponse => ({ status, headers: { etag: etag(s), ...extra }, body: wire(s) });

  /** Signature, then platform + workspace; answers with the sessions in that workspace. */
  const gate = (req: EmulatorRequest): EmulatorResponse | OciSession[] => {
    const why = verifyRequest(req, store.publicKeys, now());
    if (why) return error(401, "NotAuthenticated", why);
    const { platformId, workspaceKey } = req.params;
    if (!store.platforms[platformId]?.includes(workspaceKey)) return error(404, "NotAuthorizedOrNotFound", `Authorization failed or requested resource not found: aiDataPlatform ${platformId} / workspace ${workspaceKey}.`);
    return Object.values(store.sessions).filter((s) => s.platformId === platformId && s.workspaceKey === workspaceKey);
  };
  const parse = <T>(schema: z.ZodType<T>, req: EmulatorRequest): T | EmulatorResponse => {
    const body = jsonBody(req);
    if (body === INVALID_JSON) return error(400, "InvalidParameter", "The request body is not valid JSON.");
    const r = schema.safeParse(body ?? {});
    return r.success ? r.data : error(400, "InvalidParameter", r.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
  };
  const isResp = (x: unknown): x is EmulatorResponse => !Array.isArray(x) && typeof x === "object" && x !== null && typeof (x as EmulatorResponse).status === "number" && "body" in x && !("platformId" in x);
  const findIn = (sessions: OciSession[], id: string) => sessions.find((s) => s.id === id) ?? error(404, "NotAuthorizedOrNotFound", `Authorization failed or requested resource not found: session ${id}.`);
  const ifMatch = (req: EmulatorRequest, s: OciSession): EmulatorResponse | undefined => {
    const want = req.headers["if-match"];
    return want && want !== etag(s) ? error(412, "NoEtagMatch", "The resource's etag does not match the if-match header.") : undefined;
  };

  /** Signature, workspace, the session, and (for writes) if-match, before `fn` runs. */
  const onSession =
    (fn: (s: OciSession, req: EmulatorRequest, sessions: OciSession[]) => EmulatorResponse, checkEtag = false) =>
    (req: EmulatorRequest): EmulatorResponse => {
      const sessions = gate(req);
      if (isResp(sessions)) return sessions;
      const s = findIn(sessions, req.params.sessionId);
      if (isResp(s)) return s;
      return (checkEtag && ifMatch(req, s)) || fn(s, req, sessions);
    };

  const create = (req: EmulatorRequest, sessions: OciSession[]): EmulatorResponse => {
    const body = parse(CreateBody, req);
    if (isResp(body)) return body;
    // Jupyter semantics: a session for the same path is returned, not duplicated.
    const existing = sessions.find((s) => s.path === body.path);
    if (existing) return ok(201, existing, { location: `${req.path}/${existing.id}`, "opc-work-request-id": `ocid1.workrequest.oc1..${randomUUID()}` });
    const t = now();
    const s: OciSession = {
      id: body.id ?? randomUUID(),
      platformId: req.params.platformId,
      workspaceKey: req.params.workspaceKey,
      name: body.name ?? body.path.split("/").pop()!,
      path: body.path,
      type: body.type ?? "notebook",
      clusterId: body.cluster_id ?? null,
      agentFlowKey: body.agentFlowKey ?? null,
      kernel: newKernel(body.kernel?.name ?? "python3", t),
      createdAt: t,
      lifecycle: "CREATING",
      failed: store.failNextCreate,
      version: 1,
    };
    store.failNextCreate = false;
    store.sessions[s.id] = s;
    return ok(201, s, { location: `${req.path}/${s.id}`, "opc-work-request-id": `ocid1.workrequest.oc1..${randomUUID()}` });
  };

  const routes: Route[] = [
    {
      method: "POST",
      path: PREFIX,
      handler: (req) => {
        const sessions = gate(req);
        if (isResp(sessions)) return sessions;
        const token = req.headers["opc-retry-token"];
        if (typeof token !== "string") return create(req, sessions);
        if (token.length < 1 || token.length > 64) return error(400, "InvalidParameter", "opc-retry-token must be 1 to 64 characters.");
        const fingerprint = createHash("sha256").update(`${req.method} ${req.path}\n`).update(req.rawBody).digest("hex");
        const stored = store.retryTokens[token];
        if (stored && stored.expiresAt > now()) {
          if (stored.fingerprint !== fingerprint) return error(409, "InvalidatedRetryToken", "The retry token was already used for a different request.");
          return { status: stored.status, headers: stored.headers, body: stored.body, note: "answered from the idempotency store" };
        }
        const res = create(req, sessions);
        if (res.status < 300) store.retryTokens[token] = { fingerprint, status: res.status, body: res.body, headers: res.headers ?? {}, expiresAt: now() + RETRY_TOKEN_TTL_MS };
        return res;
      },
    },
    {
      method: "GET",
      path: PREFIX,
      handler: (req) => {
        const sessions = gate(req);
        if (isResp(sessions)) return sessions;
        const q = req.query;
        const matching = sessions
          .filter((s) => (!q.get("path") || s.path === q.get("path")) && (!q.get("cluster_id") || s.clusterId === q.get("cluster_id")) && (!q.get("agentFlowKey") || s.agentFlowKey === q.get("agentFlowKey")))
          .sort((a, b) => (q.get("sortOrder") === "DESC" ? b.createdAt - a.createdAt : a.createdAt - b.createdAt));
        const limit = Math.max(1, Math.min(1000, Number(q.get("limit") ?? 100) || 100));
        const start = Number(q.get("page") ?? 0) || 0;
        const page = matching.slice(start, start + limit);
        const headers: Record<string, string> = { etag: createHash("sha256").update(page.map(etag).join()).digest("hex").slice(0, 32) };
        if (start + limit < matching.length) headers["opc-next-page"] = String(start + limit);
        return { status: 200, headers, body: { items: page.map(wire) } };
      },
    },
    {
      method: "GET",
      path: `${PREFIX}/:sessionId`,
      handler: onSession((s) => ok(200, s)),
    },
    {
      method: "PATCH",
      path: `${PREFIX}/:sessionId`,
      handler: onSession((s, req, sessions) => {
        const body = parse(PatchBody, req);
        if (isResp(body)) return body;
        if (body.path && body.path !== s.path && sessions.some((o) => o.path === body.path)) return error(409, "Conflict", `A session already exists for path ${body.path}.`);
        if (body.name !== undefined) s.name = body.name;
        if (body.path !== undefined) s.path = body.path;
        if (body.type !== undefined) s.type = body.type;
        if (body.cluster_id !== undefined) s.clusterId = body.cluster_id;
        // A new kernel name (or a context refresh) starts a new kernel, as Jupyter does.
        if ((body.kernel?.name && body.kernel.name !== s.kernel.name) || body.must_refresh_context) s.kernel = newKernel(body.kernel?.name ?? s.kernel.name, now());
        s.version++;
        return ok(200, s);
      }, true),
    },
    {
      method: "DELETE",
      path: `${PREFIX}/:sessionId`,
      handler: onSession((s) => {
        delete store.sessions[s.id];
        return { status: 204 };
      }, true),
    },
  ];

  const controlRoutes: Route[] = [
    {
      method: "POST",
      path: "/_emulator/oci/keys",
      handler: (req) => {
        const b = (jsonBody(req) ?? {}) as { keyId?: string; publicKeyPem?: string };
        if (!b.keyId || !b.publicKeyPem) return error(400, "InvalidParameter", "keyId and publicKeyPem are required");
        store.publicKeys[b.keyId] = b.publicKeyPem;
        return { status: 204 };
      },
    },
    {
      method: "POST",
      path: "/_emulator/oci/platforms",
      handler: (req) => {
        const b = (jsonBody(req) ?? {}) as { aiDataPlatformId?: string; workspaceKey?: string };
        if (!b.aiDataPlatformId || !b.workspaceKey) return error(400, "InvalidParameter", "aiDataPlatformId and workspaceKey are required");
        (store.platforms[b.aiDataPlatformId] ??= []).push(b.workspaceKey);
        return { status: 204 };
      },
    },
    {
      method: "POST",
      path: "/_emulator/oci/activation-delay",
      handler: (req) => {
        const ms = Number((jsonBody(req) as { ms?: number } | undefined)?.ms);
        if (!Number.isFinite(ms) || ms < 0) return error(400, "InvalidParameter", "ms must be a non-negative number");
        delay = ms;
        return { status: 204 };
      },
    },
    { method: "POST", path: "/_emulator/oci/fail-next-create", handler: () => ((store.failNextCreate = true), { status: 204 }) },
    {
      method: "POST",
      path: "/_emulator/oci/sessions/:id/fail",
      handler: (req) => {
        const s = store.sessions[req.params.id];
        if (!s) return error(404, "NotAuthorizedOrNotFound", "no such session");
        s.failed = true;
        s.version++;
        return { status: 204 };
      },
    },
    {
      method: "DELETE",
      path: "/_emulator/oci/sessions/:id",
      handler: (req) => (delete store.sessions[req.params.id], { status: 204 }),
    },
  ];

  return {
    name: "oci",
    clock,
    demo,
    get store() {
      return store;
    },
    routes: () => routes,
    controlRoutes: () => controlRoutes,
    requestIdHeader: "opc-request-id",
    loggedHeaders: ["opc-retry-token", "if-match", "datalake-tenant-id"],
    errorBody: (status, code, message) => error(status, code, message),
    snapshot: () => ({ sessions: Object.values(store.sessions).map((s) => ({ ...wire(s), aiDataPlatformId: s.platformId, workspaceKey: s.workspaceKey, etag: etag(s) })), store }),
    restore: (snap) => {
      const st = (snap as { store?: Store } | undefined)?.store;
      if (st?.sessions && st.publicKeys) store = { ...st, publicKeys: { ...st.publicKeys, [demo.keyId]: demo.publicKeyPem } };
    },
    reset: () => {
      store = seed();
    },
  };
}

export async function startOciAidpEmulator(opts: OciEmulatorOptions & StartOptions = {}): Promise<{
  running: RunningEmulator;
  emulator: OciAidpEmulator;
  info: { url: string; configFile: string; profile: "DEFAULT"; aiDataPlatformId: string; workspaceKey: string };
}> {
  const clock = opts.clock ?? systemClock();
  const emulator = ociAidpEmulator({ ...opts, clock });
  const running = await startEmulator(emulator, { ...opts, clock });
  return {
    running,
    emulator,
    info: { url: running.origin, configFile: emulator.demo.configFile, profile: "DEFAULT", aiDataPlatformId: OCI_DEMO.aiDataPlatformId, workspaceKey: OCI_DEMO.workspaceKey },
  };
}
