import { configKey } from "../core/config";
import { z } from "zod";
import type { Dispatcher } from "undici";
import type { Clock } from "../core/clock";
import { HttpClient } from "../core/http";
import { NotebookSessionSchema, type NotebookSession } from "../notebook/schemas";

const JupyterErrorSchema = z.looseObject({ message: z.string().optional(), reason: z.string().nullish() });

/** Jupyter Server REST `/api/sessions` (docs/services/jupyter-server.md); token auth as `Authorization: token …`. */
export class JupyterClient {
  readonly http: HttpClient;
  /** The server: where a path names one session. */
  readonly scope: string;

  constructor(url: string, token: string, deps: { clock?: Clock; dispatcher?: Dispatcher } = {}) {
    this.scope = url.replace(/\/+$/, "");
    this.http = new HttpClient({
      vendor: "Jupyter Server",
      baseUrl: `${this.scope}/api`,
      urlSetting: "the session's url input",
      clock: deps.clock,
      dispatcher: deps.dispatcher,
      auth: { apply: (req) => void (req.headers.authorization = `token ${token}`) },
      parseError: (_s, body) => {
        const e = JupyterErrorSchema.safeParse(body);
        return e.success ? { message: [e.data.message, e.data.reason].filter(Boolean).join(": ") || undefined } : {};
      },
      hints: {
        401: `Jupyter Server rejected the token: set JUPYTER_TOKEN or \`pulumi config set --secret ${configKey("jupyterToken")} <token>\` to the server's token.`,
        403: `Jupyter Server rejected the token: set JUPYTER_TOKEN or \`pulumi config set --secret ${configKey("jupyterToken")} <token>\` to the server's token.`,
        501: "The server has no such kernelspec: check kernelName against `jupyter kernelspec list` on the server.",
      },
    });
  }

  async list(): Promise<NotebookSession[]> {
    const res = await this.http.request({ operation: "list Jupyter sessions", method: "GET", path: "/sessions", schema: z.array(NotebookSessionSchema) });
    return res.data;
  }

  async create(body: { path: string; type: string; name?: string; kernel: { name: string } }): Promise<NotebookSession> {
    // Jupyter's POST is idempotent per path (it returns the existing session), so a retry is safe.
    const res = await this.http.request({ operation: "create Jupyter session", method: "POST", path: "/sessions", body, repeatable: "always", schema: NotebookSessionSchema });
    return res.data;
  }

  async get(id: string): Promise<NotebookSession | undefined> {
    const res = await this.http.request({ operation: "read Jupyter session", method: "GET", path: `/sessions/${encodeURIComponent(id)}`, schema: NotebookSessionSchema, allow: [404] });
    return res.status === 404 ? undefined : res.data;
  }

  async patch(id: string, body: Record<string, unknown>): Promise<NotebookSession> {
    // A PATCH that changes the kernel starts one: sent twice, it could start two.
    const res = await this.http.request({
      operation: "update Jupyter session",
      method: "PATCH",
      path: `/sessions/${encodeURIComponent(id)}`,
      body,
      repeatable: "kernel" in body ? undefined : "always",
      schema: NotebookSessionSchema,
    });
    return res.data;
  }

  async delete(id: string): Promise<void> {
    // 410: the kernel was already gone; either way the session is.
    await this.http.request({ operation: "delete Jupyter session", method: "DELETE", path: `/sessions/${encodeURIComponent(id)}`, allow: [404, 410] });
  }
}
