import type { Dispatcher } from "undici";
import type { Clock } from "../core/clock";
import { ConfigError, ListingIncompleteError } from "../core/errors";
import { HttpClient, newIdempotencyToken } from "../core/http";
import { readSetting, configKey } from "../core/config";
import { OCI_ENDPOINT } from "./settings";
import { ociConfigFileAuth, type OciAuth } from "./auth";
import { OciErrorSchema, OciSessionCollectionSchema, OciSessionSchema, type OciNotebookSessionInputs, type OciSession } from "./schemas";

export const API_VERSION = "20260430";
/** ListSessions page size, and how many pages a path lookup reads before it gives up. */
export const LIST_PAGE_SIZE = 100;
export const LIST_PAGES = 10;

/**
 * The host is not settled (docs/services/oci-ai-data-platform.md): the official SDK's template is
 * datalake.<region>.oci.oraclecloud.com; third-party code uses aidp.<region>…; the API
 * version also rolls out per tenancy. We use the SDK's; set `endpoint` when yours differs.
 */
export const hostForRegion = (region: string) => `https://datalake.${region}.oci.oraclecloud.com`;

type Where = Pick<OciNotebookSessionInputs, "aiDataPlatformId" | "workspaceKey" | "endpoint" | "region" | "tenantId">;

/**
 * The data-plane URL, most specific first: the resource's `endpoint`, its `region`,
 * the global AIDP_DP_ENDPOINT / pulumi-sessions:ociEndpoint, the profile's region.
 */
export function resolveEndpoint(inputs: Pick<Where, "endpoint" | "region">, auth: OciAuth): string {
  const endpoint = inputs.endpoint ?? (inputs.region ? hostForRegion(inputs.region) : undefined) ?? readSetting(OCI_ENDPOINT);
  if (endpoint) return endpoint;
  const region = auth.region();
  if (region) return hostForRegion(region);
  throw new ConfigError(`no OCI endpoint: set the resource's endpoint or region, AIDP_DP_ENDPOINT / ${configKey("ociEndpoint")}, or a region in the OCI config profile.`, ["AIDP_DP_ENDPOINT", configKey("ociEndpoint")]);
}

export interface SessionWithEtag {
  session: OciSession;
  etag?: string;
}

export class OciNotebookClient {
  readonly http: HttpClient;
  private readonly prefix: string;
  private readonly tenantId?: string;
  /** The endpoint and workspace: where a path names one session. */
  readonly scope: string;

  /** The URL this client talks to (stored with each session, so later calls find it there). */
  readonly endpoint: string;

  /** `endpoint`: where an existing session lives (its stored `apiEndpoint`); else resolved from the inputs. */
  constructor(inputs: Where, deps: { clock?: Clock; dispatcher?: Dispatcher; endpoint?: string } = {}) {
    const auth = ociConfigFileAuth();
    const endpoint = deps.endpoint ?? resolveEndpoint(inputs, auth);
    this.endpoint = endpoint;
    this.tenantId = inputs.tenantId;
    this.prefix = `/${API_VERSION}/aiDataPlatforms/${encodeURIComponent(inputs.aiDataPlatformId)}/workspaces/${encodeURIComponent(inputs.workspaceKey)}/notebook/api/sessions`;
    this.scope = `${endpoint}${this.prefix}`;
    this.http = new HttpClient({
      vendor: "OCI AI Data Platform",
      baseUrl: endpoint,
      urlSetting: `the session's endpoint or region input, AIDP_DP_ENDPOINT / ${configKey("ociEndpoint")}, or the profile's region`,
      clock: deps.clock,
      dispatcher: deps.dispatcher,
      auth,
      parseError: (_s, body, headers) => {
        const e = OciErrorSchema.safeParse(body);
        return { ...(e.success ? { code: e.data.code, message: e.data.message } : {}), requestId: headers["opc-request-id"] };
      },
      hints: {
        401: `OCI did not accept the request signature: check the config file's user, fingerprint, key_file and tenancy (OCI_CONFIG_FILE / OCI_CLI_PROFILE, or ${configKey("ociConfigFile")} / ${configKey("ociProfile")}), and the machine clock.`,
        404: "Not found or not authorized: check aiDataPlatformId, workspaceKey and your IAM policies; run `pulumi refresh` if the session was deleted.",
        412: "The session changed since it was read (etag mismatch); run `pulumi refresh` and try again.",
      },
    });
  }

  private withTenant(): Record<string, string> {
    return this.tenantId ? { "datalake-tenant-id": this.tenantId } : {};
  }

  /**
   * The session for `path` (ListSessions with its documented `path` filter), following
   * `opc-next-page` in case a service does not apply the filter. A listing that does not end
   * within LIST_PAGES pages is an error, never "no session": a create for a taken path
   * would return that session, a takeover.
   */
  async findByPath(path: string): Promise<OciSession | undefined> {
    for await (const items of this.pages({ path }, (n) => new ListingIncompleteError("OCI notebook session", path, n, LIST_PAGE_SIZE))) {
      const hit = items.find((s) => s.path === path);
      if (hit) return hit;
    }
    return undefined;
  }

  /** Every session in the workspace (every page); a listing that does not end within LIST_PAGES pages is an error. */
  async listAll(): Promise<OciSession[]> {
    const all: OciSession[] = [];
    for await (const items of this.pages({}, (n) => new Error(`the workspace's listing did not end after ${n} pages of ${LIST_PAGE_SIZE}`))) all.push(...items);
    return all;
  }

  /** ListSessions page after page (`opc-next-page`); one that still has a next page after LIST_PAGES throws `incomplete(pages read)`. */
  private async *pages(query: { path?: string }, incomplete: (pages: number) => Error): AsyncGenerator<OciSession[]> {
    let page: string | undefined;
    for (let n = 1; ; n++) {
      const res = await this.http.request({
        operation: "list OCI notebook sessions",
        method: "GET",
        path: this.prefix,
        query: { ...query, limit: LIST_PAGE_SIZE, page },
        headers: this.withTenant(),
        schema: OciSessionCollectionSchema,
      });
      yield res.data.items;
      page = res.headers["opc-next-page"];
      if (!page) return;
      if (n >= LIST_PAGES) throw incomplete(n);
    }
  }

  /** One retry token per logical create, reused on every retry (OCI idempotency). */
  async create(body: Record<string, unknown>, retryToken = newIdempotencyToken()): Promise<SessionWithEtag> {
    const res = await this.http.request({
      operation: "create OCI notebook session",
      method: "POST",
      path: this.prefix,
      body,
      headers: this.withTenant(),
      idempotency: { header: "opc-retry-token", token: retryToken },
      schema: OciSessionSchema,
    });
    return { session: res.data, etag: res.headers.etag };
  }

  async get(id: string): Promise<SessionWithEtag | undefined> {
    const res = await this.http.request({ operation: "read OCI notebook session", method: "GET", path: `${this.prefix}/${encodeURIComponent(id)}`, schema: OciSessionSchema, allow: [404] });
    return res.status === 404 ? undefined : { session: res.data, etag: res.headers.etag };
  }

  /** PATCH with if-match; on 412 re-read once and retry with the fresh etag. */
  async patch(id: string, body: Record<string, unknown>, etag?: string): Promise<SessionWithEtag> {
    const attempt = (ifMatch?: string) =>
      this.http.request({
        operation: "update OCI notebook session",
        method: "PATCH",
        path: `${this.prefix}/${encodeURIComponent(id)}`,
        body,
        headers: ifMatch ? { "if-match": ifMatch } : {},
        // A kernel change starts a kernel: never send it twice blindly.
        repeatable: "kernel" in body ? undefined : "always",
        schema: OciSessionSchema,
        allow: [412],
      });
    let res = await attempt(etag);
    if (res.status === 412) {
      const fresh = await this.get(id);
      res = await attempt(fresh?.etag);
      if (res.status === 412) {
        throw this.http.apiError({ operation: "update OCI notebook session", method: "PATCH" }, this.http.url(`${this.prefix}/${id}`), 412, { code: "NoEtagMatch", message: "the session keeps changing" }, "", res.headers);
      }
    }
    return { session: res.data!, etag: res.headers.etag };
  }

  async delete(id: string): Promise<void> {
    await this.http.request({ operation: "delete OCI notebook session", method: "DELETE", path: `${this.prefix}/${encodeURIComponent(id)}`, allow: [404] });
  }
}
