import { configKey } from "../core/config";
import type { Dispatcher } from "undici";
import type { Clock } from "../core/clock";
import { HttpClient } from "../core/http";
import { iamAuth } from "./auth";
import { CreatedSessionSchema, IbmErrorSchema, JobSessionSchema, WorkloadsSchema, type JobSession, type Workload } from "./schemas";
import type { IbmSettings } from "./settings";

/** The API version the current Python client pins (docs/services/ibm-quantum.md). */
export const IBM_API_VERSION = "2026-04-15";

export interface CreateSessionParams {
  mode: "batch" | "dedicated";
  backend: string;
  max_ttl?: number;
}

/** Typed verbs over /v1/sessions; one line each onto the shared HTTP pipeline. */
export class IbmQuantumClient {
  readonly http: HttpClient;

  constructor(settings: IbmSettings, deps: { clock?: Clock; dispatcher?: Dispatcher } = {}) {
    this.http = new HttpClient({
      vendor: "IBM Quantum",
      baseUrl: settings.apiBase,
      urlSetting: `QISKIT_IBM_URL / ${configKey("ibmUrl")} (and the region in the instance CRN)`,
      clock: deps.clock,
      dispatcher: deps.dispatcher,
      auth: iamAuth(settings.iamUrl, settings.apiKey, deps.clock),
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

  /** Sessions (or batches) on a backend created after a time, newest first (GET /v1/workloads). */
  async listSessions(q: { mode: "batch" | "dedicated"; backend: string; createdAfter: Date }): Promise<Workload[]> {
    const res = await this.http.request({
      operation: "list IBM Quantum sessions",
      method: "GET",
      path: "/workloads",
      query: { mode: q.mode === "dedicated" ? "session" : "batch", backend: q.backend, created_after: q.createdAfter.toISOString(), sort: "-createdAt", limit: 100 },
      schema: WorkloadsSchema,
    });
    return res.data.workloads;
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
