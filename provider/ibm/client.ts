import { configKey } from "../core/config";
import type { Dispatcher } from "undici";
import type { Clock } from "../core/clock";
import { HttpClient } from "../core/http";
import { iamAuth, type IamAuth } from "./auth";
import { CreatedSessionSchema, IbmErrorSchema, JobSessionSchema, WorkloadsSchema, type JobSession, type Workload } from "./schemas";
import type { IbmSettings } from "./settings";

/** The API version the current Python client pins (docs/services/ibm-quantum.md). */
export const IBM_API_VERSION = "2026-04-15";

export interface CreateSessionParams {
  mode: "batch" | "dedicated";
  backend: string;
  max_ttl?: number;
}

/** One page of workloads, newest first, with when IBM answered on its own clock. */
export interface WorkloadPage {
  workloads: Workload[];
  /** IBM's `Date` header (1 s resolution), and the local times the request was sent and answered. */
  serverDate?: number;
  sentAt: number;
  receivedAt: number;
  /** The cursor of the next (older) page, when there is one. */
  next?: string;
}

/** Typed verbs over /v1/sessions; one line each onto the shared HTTP pipeline. */
export class IbmQuantumClient {
  readonly http: HttpClient;
  private readonly auth: IamAuth;
  private readonly now: () => number;

  constructor(settings: IbmSettings, deps: { clock?: Clock; dispatcher?: Dispatcher } = {}) {
    this.auth = iamAuth(settings.iamUrl, settings.apiKey, deps.clock);
    this.now = () => (deps.clock ? deps.clock.now() : Date.now());
    this.http = new HttpClient({
      vendor: "IBM Quantum",
      baseUrl: settings.apiBase,
      urlSetting: `QISKIT_IBM_URL / ${configKey("ibmUrl")} (and the region in the instance CRN)`,
      clock: deps.clock,
      dispatcher: deps.dispatcher,
      auth: this.auth,
      defaultHeaders: { "Service-CRN": settings.instance, "IBM-API-Version": IBM_API_VERSION },
      parseError: (_status, body) => {
        const e = IbmErrorSchema.safeParse(body);
        if (!e.success) return {};
        const first = e.data.errors?.[0];
        const message = [first?.message, first?.solution].filter(Boolean).join(" ");
        return { code: first?.code === undefined ? undefined : String(first.code), message: message || undefined, requestId: e.data.trace };
      },
      hints: {
        401: `IBM rejected the credentials: check QISKIT_IBM_TOKEN / ${configKey("ibmApiKey")} and that QISKIT_IBM_INSTANCE / ${configKey("ibmInstance")} is the CRN of an instance the key can use.`,
        403: `The API key cannot use this instance or operation (Open Plan instances cannot open sessions): check the instance CRN (the instance input, or QISKIT_IBM_INSTANCE / ${configKey("ibmInstance")}) and its plan.`,
      },
    });
  }

  /** `session`: when the answer carries the whole session (IBM's docs show only `{id}`), no read is needed. */
  async createSession(params: CreateSessionParams): Promise<{ id: string; session?: JobSession }> {
    const res = await this.http.request({
      operation: "create IBM Quantum session",
      method: "POST",
      path: "/sessions",
      body: params,
      // IBM documents retrying on specific 5xx errors as safe (docs/services/ibm-quantum.md).
      repeatable: "after-error-status",
      schema: CreatedSessionSchema,
    });
    const whole = JobSessionSchema.safeParse(res.data);
    return { id: res.data.id, session: whole.success && whole.data.state ? whole.data : undefined };
  }

  /** The IAM id behind the API key: what IBM records as a session's `user_id` (docs/services/ibm-quantum.md). */
  identity(): Promise<string | undefined> {
    return this.auth.identity();
  }

  /** One page of the sessions (or batches) on a backend, newest first (GET /v1/workloads), with IBM's clock reading. */
  async listRecentSessions(q: { mode: "batch" | "dedicated"; backend?: string; next?: string }): Promise<WorkloadPage> {
    const sentAt = this.now();
    const res = await this.http.request({
      operation: "list IBM Quantum sessions",
      method: "GET",
      path: "/workloads",
      query: { mode: q.mode === "dedicated" ? "session" : "batch", backend: q.backend, sort: "-createdAt", limit: 100, next: q.next },
      schema: WorkloadsSchema,
    });
    const receivedAt = this.now();
    const date = res.headers.date ? Date.parse(res.headers.date) : Number.NaN;
    return { workloads: res.data.workloads, serverDate: Number.isNaN(date) ? undefined : date, sentAt, receivedAt, next: res.data.next?.cursor ?? undefined };
  }

  /** One session or batch by id among the latest workloads (GET /v1/workloads), for `pulumi import`. */
  async findWorkload(id: string): Promise<Workload | undefined> {
    for (const mode of ["session", "batch"]) {
      const res = await this.http.request({
        operation: "list IBM Quantum sessions",
        method: "GET",
        path: "/workloads",
        query: { mode, sort: "-createdAt", limit: 100 },
        schema: WorkloadsSchema,
      });
      const found = res.data.workloads.find((w) => w.id === id);
      if (found) return found;
    }
    return undefined;
  }

  async getSession(id: string): Promise<JobSession | undefined> {
    const res = await this.http.request({
      operation: "read IBM Quantum session",
      method: "GET",
      path: `/sessions/${encodeURIComponent(id)}`,
      schema: JobSessionSchema,
      allow: [404],
    });
    return res.status === 404 ? undefined : res.data;
  }

  async setAcceptingJobs(id: string, acceptingJobs: boolean): Promise<void> {
    await this.http.request({
      operation: acceptingJobs ? "resume IBM Quantum session" : "close (drain) IBM Quantum session",
      method: "PATCH",
      path: `/sessions/${encodeURIComponent(id)}`,
      body: { accepting_jobs: acceptingJobs },
      // Setting a flag twice is setting it once.
      repeatable: "always",
    });
  }

  /** Cancel: queued jobs will not run (DELETE …/close). */
  async cancelSession(id: string): Promise<void> {
    await this.http.request({
      operation: "cancel IBM Quantum session",
      method: "DELETE",
      path: `/sessions/${encodeURIComponent(id)}/close`,
      allow: [404],
    });
  }
}
