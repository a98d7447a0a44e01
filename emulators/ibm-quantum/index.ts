import { z } from "zod";
import type { EmulatorClock } from "../core/clock";
import { controlBody, startVendor, type RunningEmulator, type StartOptions } from "../core/server";
import { stateBox, type StateBox } from "../core/state";
import { HttpError, type Route, type VendorEmulator } from "../core/types";
import { accountRoutes, GLOBAL_CATALOG_PREFIX, GLOBAL_SEARCH_PREFIX, OPEN_PLAN } from "./account";
import { configuration, deviceSummary, hasBackend, IBM_BACKENDS, properties, status } from "./backends";
import { IamEmulator } from "./iam";
import { advance, cancel, ibmId, isPending, setAcceptingJobs, submitJob, toWire, type Session, type Store } from "./state";

export interface IbmQuantumEmulatorOptions {
  /** The first key is the one the emulators' JSON hands out; each key is its own user (IAM id). */
  apiKey?: string;
  /** More keys the emulator accepts, each its own user (default: IBM_DEMO.colleagueApiKey). */
  otherApiKeys?: string[];
  /** Instance CRN the emulator serves (Service-CRN must match). */
  instance?: string;
  tokenLifetimeSeconds?: number;
  interactiveTtlSeconds?: number;
  jobDurationMs?: number;
  clock?: EmulatorClock;
}

export const IBM_DEMO = {
  apiKey: "demo-ibm-api-key",
  /** A second user of the same instance (a colleague, another pipeline with its own key). */
  colleagueApiKey: "demo-ibm-api-key-colleague",
  instance: "crn:v1:bluemix:public:quantum-computing:us-east:a/0000demo0000account:00000000-demo-inst-0000-000000000000::",
};

export { IBM_BACKENDS } from "./backends";
export { IamEmulator } from "./iam";
export { GLOBAL_CATALOG_PREFIX, GLOBAL_SEARCH_PREFIX } from "./account";

/** IBM-API-Version values and their support status, as `GET /v1/versions` lists them (docs/services/ibm-quantum.md). */
const API_VERSIONS = [
  ...["2024-01-01", "2025-01-01", "2025-05-01"].map((version) => ({ version, sunset_date: "2027-01-01", status: "deprecated" })),
  ...["2026-02-01", "2026-02-15", "2026-03-15"].map((version) => ({ version, sunset_date: `2027-${version.slice(5)}`, status: "deprecated" })),
  { version: "2026-04-15", status: "live" },
];
/** The instance's name, as Global Search lists it. */
const INSTANCE_NAME = "pulumi-sessions-emulator";
/** The Open plan's monthly allowance (IBM: 10 minutes of QPU time). */
const USAGE_LIMIT_SECONDS = 600;

const MORE_INFO = "https://cloud.ibm.com/apidocs/quantum-computing#error-handling";

const CreateSessionBody = z.object({
  mode: z.enum(["batch", "dedicated"]),
  max_ttl: z.number().int().min(1).max(2147483647).optional(),
  backend: z.string().min(1).optional(),
  backend_name: z.string().min(1).optional(),
  instance: z.string().optional(),
});
const PatchSessionBody = z.strictObject({ accepting_jobs: z.boolean() });
const CreateJobBody = z.looseObject({ program_id: z.string().min(1), backend: z.string().optional(), session_id: z.string().min(1), params: z.unknown().optional() });

export type IbmQuantumEmulator = VendorEmulator & { iam: IamEmulator; state: StateBox<Store>; apiKeys: Set<string>; instance: string };

/** IBM's error container (docs/services/ibm-quantum.md); kit codes map onto IBM's numbers. */
const KIT_CODES: Record<string, number> = { BadRequest: 1400, InvalidJson: 1216, InvalidBody: 1216, NotFound: 1404, MethodNotAllowed: 1405, PayloadTooLarge: 1413 };

export function ibmQuantumEmulator(opts: IbmQuantumEmulatorOptions & { clock: EmulatorClock }): IbmQuantumEmulator {
  const clock = opts.clock;
  const instance = opts.instance ?? IBM_DEMO.instance;
  const apiKeys = new Set([opts.apiKey ?? IBM_DEMO.apiKey, ...(opts.otherApiKeys ?? [IBM_DEMO.colleagueApiKey])]);
  const iam = new IamEmulator(apiKeys, clock, opts.tokenLifetimeSeconds ?? 3600);
  const jobDurationMs = opts.jobDurationMs ?? 2000;
  const state = stateBox<Store>(() => ({ sessions: {}, jobs: [] }), {
    view: (st) => {
      advanceAll();
      return { sessions: Object.values(st.sessions).map((x) => toWire(x, now())) };
    },
    accept: (raw): raw is Store => typeof raw === "object" && raw !== null && "sessions" in raw && "jobs" in raw,
  });
  const store = () => state.current;
  const now = () => clock.now();
  const advanceAll = () => {
    for (const x of Object.values(store().sessions)) advance(store(), x, now(), jobDurationMs);
  };
  const fail = (status: number, code: number, message: string, solution?: string): never => {
    throw new HttpError(status, String(code), message, { extra: solution ? { solution } : {} });
  };
  const backendNamed = (name: string) => (hasBackend(name) ? name : fail(404, 1404, `Backend not found: ${name}`));
  const pendingOn = (backend: string) => store().jobs.filter((j) => j.backend === backend && isPending(j)).length;
  const rejectUnlessToken = (authorization: string | undefined, schemes?: ("bearer" | "apikey")[]) => {
    const why = iam.reject(authorization, schemes);
    if (why) fail(401, 1201, why, "Get a new IAM token from /identity/token with a valid API key.");
  };
  const find = (id: string): Session => store().sessions[id] ?? fail(404, 1217, `Session not found: ${id}`);

  const routes: Route[] = [
    { method: "POST", path: "/identity/token", public: true, handler: (req) => iam.issue(req) },
    {
      method: "POST",
      path: "/api/v1/sessions",
      handler: (req) => {
        const body = req.json(CreateSessionBody);
        const backend = body.backend ?? body.backend_name ?? IBM_BACKENDS[0];
        if (!hasBackend(backend)) fail(400, 1211, `Backend ${backend} is not available for this instance.`, `Use one of: ${IBM_BACKENDS.join(", ")}.`);
        const t = now();
        const s: Session = {
          id: ibmId(),
          mode: body.mode,
          backend,
          maxTtl: body.max_ttl ?? 28800,
          interactiveTtl: opts.interactiveTtlSeconds ?? 60,
          acceptingJobs: true,
          state: "open",
          stateReason: null,
          startedAt: t,
          activatedAt: null,
          closedAt: null,
          firstJobStartedAt: null,
          lastJobStarted: null,
          lastJobCompleted: null,
          usageMs: 0,
          timestamps: [{ status: "open", timestamp: t }],
          // The creator, as IBM records it: the IAM id behind the caller's credentials.
          userId: iam.identityOf(req.headers.authorization) ?? "unknown",
        };
        store().sessions[s.id] = s;
        return { status: 200, body: toWire(s, t) };
      },
    },
    { method: "GET", path: "/api/v1/sessions/:id", handler: (req) => ({ status: 200, body: toWire(find(req.params.id), now()) }) },
    {
      method: "PATCH",
      path: "/api/v1/sessions/:id",
      handler: (req) => {
        const s = find(req.params.id);
        const body = req.json(PatchSessionBody);
        if (body.accepting_jobs && s.state === "closed") fail(409, 1219, `Session ${s.id} is closed and cannot accept jobs.`);
        setAcceptingJobs(store(), s, body.accepting_jobs, now());
        return { status: 204 };
      },
    },
    {
      method: "DELETE",
      path: "/api/v1/sessions/:id/close",
      handler: (req) => {
        cancel(store(), find(req.params.id), now());
        return { status: 204 };
      },
    },
    { method: "GET", path: "/api/v1/versions", public: true, handler: () => ({ status: 200, body: { versions: API_VERSIONS } }) },
    { method: "GET", path: "/api/v1/backends", handler: () => ({ status: 200, body: { devices: IBM_BACKENDS.map((b) => deviceSummary(b, pendingOn(b))) } }) },
    { method: "GET", path: "/api/v1/backends/:name/configuration", handler: (req) => ({ status: 200, body: configuration(backendNamed(req.params.name)) }) },
    { method: "GET", path: "/api/v1/backends/:name/status", handler: (req) => ({ status: 200, body: status(backendNamed(req.params.name), pendingOn(req.params.name)) }) },
    { method: "GET", path: "/api/v1/backends/:name/properties", handler: (req) => ({ status: 200, body: properties(backendNamed(req.params.name), now()) }) },
    {
      method: "GET",
      path: "/api/v1/instances/usage",
      handler: () => {
        const consumed = Object.values(store().sessions).reduce((sum, x) => sum + x.usageMs / 1000, 0);
        return {
          status: 200,
          body: { instance_id: instance, plan_id: OPEN_PLAN.id, usage_consumed_seconds: consumed, usage_limit_seconds: USAGE_LIMIT_SECONDS, usage_limit_reached: consumed >= USAGE_LIMIT_SECONDS },
        };
      },
    },
    ...accountRoutes({ instance, instanceName: INSTANCE_NAME, requireToken: (req) => rejectUnlessToken(req.headers.authorization, ["bearer"]) }),
    { method: "GET", path: "/api/v1/workloads", handler: (req) => ({ status: 200, body: listWorkloads(store(), req.query, instance, now()) }) },
    {
      method: "POST",
      path: "/api/v1/jobs",
      handler: (req) => {
        const body = req.json(CreateJobBody);
        const s = find(body.session_id);
        if (s.state === "closed" || !s.acceptingJobs) fail(400, 1219, `Session ${s.id} is not accepting jobs.`);
        const job = submitJob(store(), s, body.program_id, now());
        return { status: 200, body: { id: job.id, backend: job.backend, session_id: s.id } };
      },
    },
    {
      method: "GET",
      path: "/api/v1/jobs",
      handler: (req) => {
        const sid = req.query.get("session_id");
        const pendingOnly = req.query.get("pending");
        const jobs = store().jobs.filter(
          (j) => (!sid || j.sessionId === sid) && (pendingOnly === null || (pendingOnly === "true") === isPending(j)),
        );
        return { status: 200, body: { jobs: jobs.map((j) => ({ id: j.id, backend: j.backend, session_id: j.sessionId, status: j.status, program: { id: j.programId } })), count: jobs.length } };
      },
    },
  ];

  const controlRoutes: Route[] = [
    {
      method: "POST",
      path: "/_emulator/ibm/sessions/:id/close",
      handler: (req) => {
        advanceAll();
        const s = find(req.params.id);
        cancel(store(), s, now(), controlBody<{ reason: string }>(req).reason ?? "closed: out of band");
        return { status: 200, body: toWire(s, now()) };
      },
    },
    {
      method: "POST",
      path: "/_emulator/ibm/sessions/:id/jobs",
      handler: (req) => {
        advanceAll();
        const s = find(req.params.id);
        if (s.state === "closed" || !s.acceptingJobs) fail(400, 1219, `Session ${s.id} is not accepting jobs.`);
        return { status: 200, body: submitJob(store(), s, "sampler", now()) };
      },
    },
    {
      method: "POST",
      path: "/_emulator/ibm/api-keys",
      handler: (req) => {
        const key = controlBody<{ apiKey: string }>(req).apiKey;
        if (!key) throw new HttpError(400, "InvalidBody", "apiKey required");
        apiKeys.add(key);
        return { status: 204 };
      },
    },
    // Every token issued so far stops working now (a token that expires mid-run).
    { method: "POST", path: "/_emulator/ibm/expire-tokens", handler: () => (iam.expireAll(), { status: 204 }) },
  ];

  return {
    name: "ibmQuantum",
    clock,
    iam,
    apiKeys,
    instance,
    state,
    routes: () => routes,
    controlRoutes: () => controlRoutes,
    loggedHeaders: ["ibm-api-version", "service-crn"],
    // Bearer token and Service-CRN, as every /api/v1 call requires.
    authorize(req) {
      rejectUnlessToken(req.headers.authorization);
      const crn = req.headers["service-crn"];
      if (!crn) fail(400, 1218, "Missing required header: Service-CRN", "Send the CRN of your instance in the Service-CRN header.");
      if (crn !== instance) fail(403, 1200, "You are not authorized to use this instance.");
      advanceAll();
    },
    errorBody: (status, code, message, req, extra) => {
      const n = KIT_CODES[code] ?? (Number.isFinite(Number(code)) ? Number(code) : 1500 + (status % 100));
      return { status, body: { errors: [{ code: n, message, more_info: MORE_INFO, ...extra }], trace: req?.requestId ?? ibmId() } };
    },
  };
}

/** GET /v1/workloads (docs/services/ibm-quantum.md; item shape from IBM's generated client). Sessions only: jobs are not listed here. */
function listWorkloads(store: Store, q: URLSearchParams, instance: string, now: number) {
  const mode = q.get("mode");
  const after = q.get("created_after") ? Date.parse(q.get("created_after")!) : -Infinity;
  const before = q.get("created_before") ? Date.parse(q.get("created_before")!) : Infinity;
  const limit = Math.max(1, Math.min(100, Number(q.get("limit") ?? 10) || 10));
  const desc = (q.get("sort") ?? "createdAt").startsWith("-");
  const items = Object.values(store.sessions)
    .filter((s) => (!mode || (mode === "session" ? s.mode === "dedicated" : s.mode === mode)) && (!q.get("backend") || s.backend === q.get("backend")))
    .filter((s) => s.startedAt >= after && s.startedAt <= before)
    .sort((a, b) => (desc ? b.startedAt - a.startedAt : a.startedAt - b.startedAt));
  const start = Number(q.get("next") ?? 0) || 0;
  const page = items.slice(start, start + limit);
  return {
    workloads: page.map((s) => {
      const w = toWire(s, now);
      return {
        id: s.id,
        created: w.started_at,
        ended: w.closed_at,
        backend: s.backend,
        instance,
        user_id: s.userId,
        accepting_jobs: s.acceptingJobs,
        mode: s.mode === "dedicated" ? "session" : "batch",
        // Inferred mapping of session states onto the workload statuses.
        status: s.state === "open" ? "pending" : s.state === "closed" ? "completed" : "in_progress",
        tags: [],
        usage_seconds: s.usageMs / 1000,
      };
    }),
    total_count: items.length,
    limit,
    ...(start + limit < items.length ? { next: { cursor: String(start + limit) } } : {}),
  };
}

export async function startIbmQuantumEmulator(
  opts: IbmQuantumEmulatorOptions & StartOptions = {},
): Promise<{ running: RunningEmulator; emulator: IbmQuantumEmulator; info: { url: string; iamUrl: string; apiKey: string; instance: string; globalSearchUrl: string; globalCatalogUrl: string } }> {
  const { emulator, running } = await startVendor(ibmQuantumEmulator, opts);
  return {
    running,
    emulator,
    info: {
      url: `${running.origin}/api/v1`,
      iamUrl: running.origin,
      apiKey: [...emulator.apiKeys][0],
      instance: emulator.instance,
      globalSearchUrl: `${running.origin}${GLOBAL_SEARCH_PREFIX}`,
      globalCatalogUrl: `${running.origin}${GLOBAL_CATALOG_PREFIX}`,
    },
  };
}

