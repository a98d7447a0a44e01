import * as fs from "node:fs";
import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";
import type { EmulatorClock } from "../core/clock";
import { controlBody, startVendor, type RunningEmulator, type StartOptions } from "../core/server";
import { stateBox, type StateBox } from "../core/state";
import { HttpError, type EmulatorRequest, type EmulatorResponse, type Route, type VendorEmulator } from "../core/types";
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

export type OciAidpEmulator = VendorEmulator & { state: StateBox<Store>; demo: DemoCredentials };

export function ociAidpEmulator(opts: OciEmulatorOptions & { clock: EmulatorClock }): OciAidpEmulator {
  const clock = opts.clock;
  /** Applies to sessions and kernels started from now on; never to existing ones. */
  let delay = opts.activationDelayMs ?? 1000;
  /** A service that does not apply ListSessions' `path` filter (control route): clients must page. */
  let ignorePathFilter = false;
  const demo = demoCredentials(opts.stateDir);
  const state = stateBox<Store>(
    () => ({
      publicKeys: { [demo.keyId]: demo.publicKeyPem },
      platforms: { [OCI_DEMO.aiDataPlatformId]: [OCI_DEMO.workspaceKey] },
      sessions: {},
      retryTokens: {},
      failNextCreate: false,
    }),
    {
      view: (st) => ({ sessions: Object.values(st.sessions).map((x) => ({ ...wire(x), aiDataPlatformId: x.platformId, workspaceKey: x.workspaceKey, etag: etag(x) })) }),
      accept: (raw): raw is Store => typeof raw === "object" && raw !== null && "sessions" in raw && "publicKeys" in raw,
      // The demo key is recreated on start: keep it registered.
      onRestore: (st) => ({ ...st, publicKeys: { ...st.publicKeys, [demo.keyId]: demo.publicKeyPem } }),
    },
  );
  const store = () => state.current;
  const now = () => clock.now();
  const fail = (status: number, code: string, message: string): never => {
    throw new HttpError(status, code, message);
  };
  const wire = (s: OciSession) => toWire(s, now());
  const etag = (s: OciSession) => etagOf(s, now());
  const ok = (status: number, s: OciSession, extra: Record<string, string> = {}): EmulatorResponse => ({ status, headers: { etag: etag(s), ...extra }, body: wire(s) });

  /** The sessions of the workspace in the path (after the signature check in authorize). */
  const workspace = (req: EmulatorRequest): OciSession[] => {
    const { platformId, workspaceKey } = req.params;
    if (!store().platforms[platformId]?.includes(workspaceKey)) fail(404, "NotAuthorizedOrNotFound", `Authorization failed or requested resource not found: aiDataPlatform ${platformId} / workspace ${workspaceKey}.`);
    return Object.values(store().sessions).filter((s) => s.platformId === platformId && s.workspaceKey === workspaceKey);
  };
  const session = (req: EmulatorRequest, checkEtag = false): OciSession => {
    const s = workspace(req).find((x) => x.id === req.params.sessionId) ?? fail(404, "NotAuthorizedOrNotFound", `Authorization failed or requested resource not found: session ${req.params.sessionId}.`);
    const want = req.headers["if-match"];
    if (checkEtag && want && want !== etag(s)) fail(412, "NoEtagMatch", "The resource's etag does not match the if-match header.");
    return s;
  };

  const create = (req: EmulatorRequest, sessions: OciSession[]): EmulatorResponse => {
    const body = req.json(CreateBody);
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
      kernel: newKernel(body.kernel?.name ?? "python3", t, delay),
      createdAt: t,
      activeAt: t + delay,
      failed: store().failNextCreate,
      version: 1,
    };
    store().failNextCreate = false;
    store().sessions[s.id] = s;
    return ok(201, s, { location: `${req.path}/${s.id}`, "opc-work-request-id": `ocid1.workrequest.oc1..${randomUUID()}` });
  };

  const routes: Route[] = [
    {
      method: "POST",
      path: PREFIX,
      handler: (req) => {
        const sessions = workspace(req);
        const token = req.headers["opc-retry-token"];
        if (typeof token !== "string") return create(req, sessions);
        if (token.length < 1 || token.length > 64) fail(400, "InvalidParameter", "opc-retry-token must be 1 to 64 characters.");
        const fingerprint = createHash("sha256").update(`${req.method} ${req.path}\n`).update(req.rawBody).digest("hex");
        const stored = store().retryTokens[token];
        if (stored && stored.expiresAt > now()) {
          if (stored.fingerprint !== fingerprint) fail(409, "InvalidatedRetryToken", "The retry token was already used for a different request.");
          return { status: stored.status, headers: stored.headers, body: stored.body, note: "answered from the idempotency store" };
        }
        const res = create(req, sessions);
        store().retryTokens[token] = { fingerprint, status: res.status, body: res.body, headers: res.headers ?? {}, expiresAt: now() + RETRY_TOKEN_TTL_MS };
        return res;
      },
    },
    {
      method: "GET",
      path: PREFIX,
      handler: (req) => {
        const q = req.query;
        const matching = workspace(req)
          .filter((s) => (ignorePathFilter || !q.get("path") || s.path === q.get("path")) && (!q.get("cluster_id") || s.clusterId === q.get("cluster_id")) && (!q.get("agentFlowKey") || s.agentFlowKey === q.get("agentFlowKey")))
          .sort((a, b) => (q.get("sortOrder") === "DESC" ? b.createdAt - a.createdAt : a.createdAt - b.createdAt));
        const limit = Math.max(1, Math.min(1000, Number(q.get("limit") ?? 100) || 100));
        const start = Number(q.get("page") ?? 0) || 0;
        const page = matching.slice(start, start + limit);
        const headers: Record<string, string> = { etag: createHash("sha256").update(page.map(etag).join()).digest("hex").slice(0, 32) };
        if (start + limit < matching.length) headers["opc-next-page"] = String(start + limit);
        return { status: 200, headers, body: { items: page.map(wire) } };
      },
    },
    { method: "GET", path: `${PREFIX}/:sessionId`, handler: (req) => ok(200, session(req)) },
    {
      method: "PATCH",
      path: `${PREFIX}/:sessionId`,
      handler: (req) => {
        const s = session(req, true);
        const body = req.json(PatchBody);
        if (body.path && body.path !== s.path && workspace(req).some((o) => o.path === body.path)) fail(409, "Conflict", `A session already exists for path ${body.path}.`);
        if (body.name !== undefined) s.name = body.name;
        if (body.path !== undefined) s.path = body.path;
        if (body.type !== undefined) s.type = body.type;
        if (body.cluster_id !== undefined) s.clusterId = body.cluster_id;
        // A new kernel name (or a context refresh) starts a new kernel, as Jupyter does.
        if ((body.kernel?.name && body.kernel.name !== s.kernel.name) || body.must_refresh_context) s.kernel = newKernel(body.kernel?.name ?? s.kernel.name, now(), delay);
        s.version++;
        return ok(200, s);
      },
    },
    {
      method: "DELETE",
      path: `${PREFIX}/:sessionId`,
      handler: (req) => {
        delete store().sessions[session(req, true).id];
        return { status: 204 };
      },
    },
  ];

  const controlRoutes: Route[] = [
    {
      method: "POST",
      path: "/_emulator/oci/ignore-path-filter",
      handler: (req) => {
        ignorePathFilter = controlBody<{ ignore?: boolean }>(req).ignore !== false;
        return { status: 204 };
      },
    },
    {
      method: "POST",
      path: "/_emulator/oci/keys",
      handler: (req) => {
        const b = controlBody<{ keyId: string; publicKeyPem: string }>(req);
        if (!b.keyId || !b.publicKeyPem) fail(400, "InvalidParameter", "keyId and publicKeyPem are required");
        store().publicKeys[b.keyId!] = b.publicKeyPem!;
        return { status: 204 };
      },
    },
    {
      method: "POST",
      path: "/_emulator/oci/platforms",
      handler: (req) => {
        const b = controlBody<{ aiDataPlatformId: string; workspaceKey: string }>(req);
        if (!b.aiDataPlatformId || !b.workspaceKey) fail(400, "InvalidParameter", "aiDataPlatformId and workspaceKey are required");
        (store().platforms[b.aiDataPlatformId!] ??= []).push(b.workspaceKey!);
        return { status: 204 };
      },
    },
    {
      method: "POST",
      path: "/_emulator/oci/activation-delay",
      handler: (req) => {
        const ms = Number(controlBody<{ ms: number }>(req).ms);
        if (!Number.isFinite(ms) || ms < 0) fail(400, "InvalidParameter", "ms must be a non-negative number");
        delay = ms;
        return { status: 204 };
      },
    },
    { method: "POST", path: "/_emulator/oci/fail-next-create", handler: () => ((store().failNextCreate = true), { status: 204 }) },
    {
      method: "POST",
      path: "/_emulator/oci/sessions/:id/fail",
      handler: (req) => {
        const s = store().sessions[req.params.id] ?? fail(404, "NotAuthorizedOrNotFound", "no such session");
        s.failed = true;
        s.version++;
        return { status: 204 };
      },
    },
    { method: "DELETE", path: "/_emulator/oci/sessions/:id", handler: (req) => (delete store().sessions[req.params.id], { status: 204 }) },
  ];

  return {
    name: "oci",
    clock,
    demo,
    state,
    routes: () => routes,
    controlRoutes: () => controlRoutes,
    requestIdHeader: "opc-request-id",
    loggedHeaders: ["opc-retry-token", "if-match", "datalake-tenant-id"],
    dispose: () => {
      if (demo.ownDir) fs.rmSync(demo.dir, { recursive: true, force: true });
    },
    authorize(req) {
      const why = verifyRequest(req, store().publicKeys, now());
      if (why) fail(401, "NotAuthenticated", why);
    },
    // OCI's Error {code, message}; kit codes map onto OCI's (docs/services/oci-ai-data-platform.md).
    errorBody: (status, code, message) => ({ status, body: { code: OCI_CODES[code] ?? (KIT_CODE_NAMES.has(code) ? DEFAULT_CODES[status] ?? "InternalServerError" : code), message } }),
  };
}

const KIT_CODE_NAMES = new Set(["InjectedFault", "NotFound", "MethodNotAllowed", "InternalError", "PayloadTooLarge"]);
const OCI_CODES: Record<string, string> = { BadRequest: "CannotParseRequest", InvalidJson: "CannotParseRequest", InvalidBody: "InvalidParameter" };

export async function startOciAidpEmulator(opts: OciEmulatorOptions & StartOptions = {}): Promise<{
  running: RunningEmulator;
  emulator: OciAidpEmulator;
  info: { url: string; configFile: string; profile: "DEFAULT"; aiDataPlatformId: string; workspaceKey: string };
}> {
  const { emulator, running } = await startVendor(ociAidpEmulator, opts);
  return {
    running,
    emulator,
    info: { url: running.origin, configFile: emulator.demo.configFile, profile: "DEFAULT", aiDataPlatformId: OCI_DEMO.aiDataPlatformId, workspaceKey: OCI_DEMO.workspaceKey },
  };
}
