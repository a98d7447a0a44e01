import type { Dispatcher } from "undici";
import type { Clock } from "../core/clock";
import { HttpClient } from "../core/http";
import { requireSetting, configKey, howToSet } from "../core/config";
import { DEEPNOTE_TOKEN, deepnoteBaseUrl } from "./settings";
import { DEEPNOTE_STOP_SESSION } from "../../wire/deepnote";
import {
  CreateSessionResponseSchema,
  DeepnoteErrorSchema,
  GetRunResponseSchema,
  StatusResponseSchema,
  type Run,
} from "./schemas";

/** The stop endpoint is our inference (docs/services/deepnote.md): one constant, shared with the emulator. */
export const STOP_SESSION = { method: DEEPNOTE_STOP_SESSION.method, path: (id: string) => DEEPNOTE_STOP_SESSION.path.replace(":id", encodeURIComponent(id)) };

export class DeepnoteClient {
  readonly http: HttpClient;

  constructor(deps: { clock?: Clock; dispatcher?: Dispatcher } = {}) {
    const token = requireSetting(DEEPNOTE_TOKEN, "the Deepnote API key");
    this.http = new HttpClient({
      vendor: "Deepnote",
      baseUrl: deepnoteBaseUrl(),
      urlSetting: `DEEPNOTE_API_URL / ${configKey("deepnoteUrl")}`,
      clock: deps.clock,
      dispatcher: deps.dispatcher,
      auth: { apply: (req) => void (req.headers.authorization = `Bearer ${token}`) },
      parseError: (_s, body) => {
        const e = DeepnoteErrorSchema.safeParse(body);
        return e.success ? { message: e.data.message ?? e.data.error } : {};
      },
      hints: {
        401: `Deepnote rejected the API key: ${howToSet(DEEPNOTE_TOKEN)} (Settings & members > Security > API keys).`,
        403: "The API key lacks permission, or sessions are not enabled for this workspace (Team and Enterprise plans).",
        404: "No such notebook (or session): check notebookId; run `pulumi refresh` if the session ended.",
        409: "The project is suspended or the notebook is busy; resume the project or try again later.",
        500: "Deepnote could not start the session (e.g. hardware unable to start); try again later.",
      },
    });
  }

  async create(body: { notebookId: string; inputs?: Record<string, unknown>; storageMode: string; idleShutdownSeconds?: number }) {
    const res = await this.http.request({ operation: "create Deepnote session", method: "POST", path: "/sessions", body, schema: CreateSessionResponseSchema });
    return res.data;
  }

  async status(id: string, notebookId: string) {
    const res = await this.http.request({
      operation: "read Deepnote session status",
      method: "GET",
      path: `/sessions/${encodeURIComponent(id)}/status`,
      query: { notebookId },
      schema: StatusResponseSchema,
      allow: [404],
    });
    return res.status === 404 ? undefined : res.data;
  }

  async run(runId: string): Promise<Run | undefined> {
    const res = await this.http.request({ operation: "read Deepnote run", method: "GET", path: `/runs/${encodeURIComponent(runId)}`, schema: GetRunResponseSchema, allow: [404] });
    return res.status === 404 ? undefined : res.data;
  }

  async interrupt(id: string, notebookId: string) {
    await this.http.request({ operation: "interrupt Deepnote session", method: "POST", path: `/sessions/${encodeURIComponent(id)}/interrupt`, body: { notebookId }, allow: [404] });
  }

  /** Returns the status: 204, or 404 (already gone), or 405/501 (no such endpoint). */
  async stop(id: string): Promise<number> {
    const res = await this.http.request({ operation: "stop Deepnote session", method: STOP_SESSION.method, path: STOP_SESSION.path(id), allow: [404, 405, 501] });
    return res.status;
  }
}
