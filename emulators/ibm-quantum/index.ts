import { z } from "zod";
import { systemClock, type EmulatorClock } from "../core/clock";
import { INVALID_JSON, jsonBody, startEmulator, type StartOptions, type RunningEmulator } from "../core/server";
import type { EmulatorRequest, EmulatorResponse, Route, VendorEmulator } from "../core/types";
import { IamEmulator } from "./iam";
import { advance, cancel, ibmId, setAcceptingJobs, submitJob, toWire, type Session, type Store } from "./state";

export interface IbmQuantumEmulatorOptions {
  apiKey?: string;
  /** Instance CRN the emulator serves (Service-CRN must match). */
  instance?: string;
  tokenLifetimeSeconds?: number;
  interactiveTtlSeconds?: number;
  jobDurationMs?: number;
  clock?: EmulatorClock;
}

export const IBM_DEMO = {
  apiKey: "demo-ibm-api-key",
  instance: "crn:v1:bluemix:public:quantum-computing:us-east:a/0000demo0000account:00000000-demo-inst-0000-000000000000::",
};

export const IBM_BACKENDS = ["ibm_fez", "ibm_torino", "ibm_kingston", "ibm_marrakesh"];

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

export type IbmQuantumEmulator = VendorEmulator & { clock: EmulatorClock; iam: IamEmulator; store: Store; apiKeys: Set<string>; instance: string };

export function ibmQuantumEmulator(opts: IbmQuantumEmulatorOptions = {}): IbmQuantumEmulator {
  const clock = opts.clock ?? systemClock();
  const instance = opts.instance ?? IBM_DEMO.instance;
  const apiKeys = new Set([opts.apiKey ?? IBM_DEMO.apiKey]);
  const iam = new IamEmulator(apiKeys, clock, opts.tokenLifetimeSeconds ?? 3600);
  const jobDurationMs = opts.jobDurationMs ?? 2000;
  let store: Store = { sessions: {}, jobs: [] };

  const error = (status: number, code: number, message: string, req?: EmulatorRequest, solution?: string): EmulatorResponse => ({
    status,
    body: { errors: [{ code, message, more_info: MORE_INFO, ...(solution ? { solution } : {}) }], trace: req?.requestId ?? ibmId() },
  });
  const now = () => clock.now();
  const advanceAll = () => {
    for (const s of Object.values(store.sessions)) advance(store, s, now(), jobDurationMs);
  };

  /** Bearer token and Service-CRN, as every /api/v1 call requires. */
  const authorize = (req: EmulatorRequest): EmulatorResponse | undefined => {
    const why = iam.reject(req.headers.authorization);
    if (why) return error(401, 1201, why, req, "Get a new IAM token from /identity/token with a valid API key.");
    const crn = req.headers["service-crn"];
    if (!crn) return error(400, 1218, "Missing required header: Service-CRN", req, "Send the CRN of your instance in the Service-CRN header.");
    if (crn !== instance) return error(403, 1200, "You are not authorized to use this instance.", req);
    advanceAll();
    return undefined;
  };
  const find = (req: EmulatorRequest): Session | EmulatorResponse => {
    const s = store.sessions[req.params.id];
    return s ?? error(404, 1217, `Session not found: ${req.params.id}`, req);
  };
  const parse = <T>(schema: z.ZodType<T>, req: EmulatorRequest): T | EmulatorResponse => {
    const body = jsonBody(req);
    if (body === INVALID_JSON) return error(400, 1216, "Request body is not valid JSON.", req);
    const r = schema.safeParse(body ?? {});
    if (!r.success) return error(400, 1216, `Invalid request body: ${r.error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`).join("; ")}`, req);
    return r.data;
  };
  const isResponse = (x: unknown): x is EmulatorResponse => typeof x === "object" && x !== null && "status" in x && typeof (x as EmulatorResponse).status === "number" && !("id" in x);

  /** The session named in the path, after auth (control routes skip auth), or the error to answer with. */
  const onSession =
    (fn: (s: Session, req: EmulatorRequest) => EmulatorResponse, auth = true) =>
    (req: EmulatorRequest): EmulatorResponse => {
      const denied = auth ? authorize(req) : (advanceAll(), undefined);
      if (denied) return denied;
      const s = find(req);
      return isResponse(s) ? s : fn(s, req);
    };
  const authed = (fn: (req: EmulatorRequest) => EmulatorResponse) => (req: EmulatorRequest) => authorize(req) ?? fn(req);

  const routes: Route[] = [
    { method: "POST", path: "/identity/token", handler: (req) => iam.issue(req) },
    {
      method: "POST",
      path: "/api/v1/sessions",
      handler: (req) => {
        const denied = authorize(req);
        if (denied) return denied;
        const body = parse(CreateSessionBody, req);
        if (isResponse(body)) return body;
        const backend = body.backend ?? body.backend_name ?? IBM_BACKENDS[0];
        if (!IBM_BACKENDS.includes(backend)) return error(400, 1211, `Backend ${backend} is not available for this instance.`, req, `Use one of: ${IBM_BACKENDS.join(", ")}.`);
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
          userId: "demo-user-0000",
        };
        store.sessions[s.id] = s;
        return { status: 200, body: toWire(s, t) };
      },
    },
    {
      method: "GET",
      path: "/api/v1/sessions/:id",
      handler: onSession((s) => ({ status: 200, body: toWire(s, now()) })),
    },
    {
      method: "PATCH",
      path: "/api/v1/sessions/:id",
      handler: onSession((s, req) => {
        const body = parse(PatchSessionBody, req);
        if (isResponse(body)) return body;
        if (body.accepting_jobs && s.state === "closed") return error(409, 1219, `Session ${s.id} is closed and cannot accept jobs.`, req);
        setAcceptingJobs(store, s, body.accepting_jobs, now());
        return { status: 204 };
      }),
    },
    {
      method: "DELETE",
      path: "/api/v1/sessions/:id/close",
      handler: onSession((s) => {
        cancel(store, s, now());
        return { status: 204 };
      }),
    },
    {
      method: "POST",
      path: "/api/v1/jobs",
      handler: authed((req) => {
        const body = parse(CreateJobBody, req);
        if (isResponse(body)) return body;
        const s = store.sessions[body.session_id];
        if (!s) return error(404, 1217, `Session not found: ${body.session_id}`, req);
        if (s.state === "closed" || !s.acceptingJobs) return error(400, 1219, `Session ${s.id} is not accepting jobs.`, req);
        const job = submitJob(store, s, body.program_id, now());
        return { status: 200, body: { id: job.id, backend: job.backend, session_id: s.id } };
      }),
    },
    {
      method: "GET",
      path: "/api/v1/jobs",
      handler: authed((req) => {
        const sid = req.query.get("session_id");
        const pendingOnly = req.query.get("pending");
        const jobs = store.jobs.filter(
          (j) =>
            (!sid || j.sessionId === sid) &&
            (pendingOnly === null || (pendingOnly === "true") === (j.status === "Queued" || j.status === "Running")),
        );
        return { status: 200, body: { jobs: jobs.map((j) => ({ id: j.id, backend: j.backend, session_id: j.sessionId, status: j.status, program: { id: j.programId } })), count: jobs.length } };
      }),
    },
  ];

  const controlRoutes: Route[] = [
    {
      method: "POST",
      path: "/_emulator/ibm/sessions/:id/close",
      handler: onSession((s, req) => {
        const reason = (jsonBody(req) as { reason?: string } | undefined)?.reason ?? "closed: out of band";
        cancel(store, s, now(), reason);
        return { status: 200, body: toWire(s, now()) };
      }, false),
    },
    {
      method: "POST",
      path: "/_emulator/ibm/sessions/:id/jobs",
      handler: onSession((s, req) => {
        if (s.state === "closed" || !s.acceptingJobs) return error(400, 1219, `Session ${s.id} is not accepting jobs.`, req);
        return { status: 200, body: submitJob(store, s, "sampler", now()) };
      }, false),
    },
    {
      method: "POST",
      path: "/_emulator/ibm/api-keys",
      handler: (req) => {
        const key = (jsonBody(req) as { apiKey?: string } | undefined)?.apiKey;
        if (!key) return { status: 400, body: { message: "apiKey required" } };
        apiKeys.add(key);
        return { status: 204 };
      },
    },
  ];

  return {
    name: "ibmQuantum",
    clock,
    iam,
    apiKeys,
    instance,
    get store() {
      return store;
    },
    routes: () => routes,
    controlRoutes: () => controlRoutes,
    loggedHeaders: ["ibm-api-version", "service-crn"],
    errorBody: (status, code, message, req) => error(status, Number.isFinite(Number(code)) ? Number(code) : 1500 + (status % 100), message, req),
    snapshot: () => {
      advanceAll();
      return { sessions: Object.values(store.sessions).map((s) => toWire(s, now())), store };
    },
    restore: (snap) => {
      const st = (snap as { store?: Store } | undefined)?.store;
      if (st && typeof st === "object" && st.sessions) store = st;
    },
    reset: () => {
      store = { sessions: {}, jobs: [] };
      iam.clear();
    },
  };
}

export async function startIbmQuantumEmulator(
  opts: IbmQuantumEmulatorOptions & StartOptions = {},
): Promise<{ running: RunningEmulator; emulator: IbmQuantumEmulator; info: { url: string; iamUrl: string; apiKey: string; instance: string } }> {
  const clock = opts.clock ?? systemClock();
  const emulator = ibmQuantumEmulator({ ...opts, clock });
  const running = await startEmulator(emulator, { ...opts, clock });
  return {
    running,
    emulator,
    info: { url: `${running.origin}/api/v1`, iamUrl: running.origin, apiKey: [...emulator.apiKeys][0], instance: emulator.instance },
  };
}

