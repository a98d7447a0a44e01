import { ConflictError } from "../core/errors";
import { kernelOutputs, type NotebookSession } from "./schemas";

/** What the shared mapping needs from a vendor client (Jupyter or OCI). */
export interface NotebookApi<S extends NotebookSession> {
  /** "Jupyter session", "OCI notebook session": for messages. */
  kind: string;
  findByPath(path: string): Promise<S | undefined>;
  create(): Promise<S>;
}

/**
 * Both APIs answer a create for a path that already has a session with that session
 * (Jupyter semantics). Taking it over silently would let `destroy` delete someone
 * else's session, so we look first and adopt only when asked to.
 */
export async function createOrAdopt<S extends NotebookSession>(api: NotebookApi<S>, path: string, adoptExisting: boolean): Promise<S> {
  const existing = await api.findByPath(path);
  if (existing) {
    if (adoptExisting) return existing;
    throw new ConflictError(
      `a ${api.kind} already exists for path "${path}" (id ${existing.id}). Set adoptExisting: true to manage it ` +
        `(pulumi destroy will then delete it), or use another path.`,
    );
  }
  return api.create();
}

/** Outputs common to both resources. */
export function notebookOutputs(s: NotebookSession) {
  return {
    path: s.path ?? null,
    name: s.name ?? null,
    type: s.type ?? null,
    kernel: kernelOutputs(s.kernel),
  };
}

/** Inputs as the server now has them, so drift shows on the next preview. */
export function refreshNotebookInputs<I extends { path: string; name?: string; kernelName: string; type?: string }>(s: NotebookSession, inputs: I): I {
  return {
    ...inputs,
    ...(s.path ? { path: s.path } : {}),
    ...(s.name !== undefined && s.name !== null && inputs.name !== undefined ? { name: s.name } : {}),
    ...(s.type ? { type: s.type } : {}),
    ...(s.kernel?.name ? { kernelName: s.kernel.name } : {}),
  };
}

/** The PATCH body for what changed between two input sets (name/path/type/kernel). */
export function patchBody<I extends { path: string; name?: string; kernelName: string; type?: string }>(olds: I, news: I): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (olds.path !== news.path) body.path = news.path;
  if (olds.name !== news.name && news.name !== undefined) body.name = news.name;
  if (olds.type !== news.type && news.type !== undefined) body.type = news.type;
  if (olds.kernelName !== news.kernelName) body.kernel = { name: news.kernelName };
  return body;
}
