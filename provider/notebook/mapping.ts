import { SessionExistsError } from "../core/errors";
import { kernelOutputs, type NotebookSession } from "./schemas";

/** What the shared mapping needs from a vendor client (Jupyter or OCI). */
export interface NotebookApi<S extends { id: string }> {
  /** "Jupyter session", "OCI notebook session": for messages. */
  kind: string;
  /** Where a path names one session (a server, a workspace). */
  scope: string;
  /**
   * The session for `path`, if any — from a listing that is complete, or a throw: a create
   * must never go ahead on a listing that could have missed the session.
   */
  find(path: string): Promise<S | undefined>;
  create(): Promise<S>;
}

/** Sessions this process created, per scope and path: seen by later creates whatever a listing says. */
const createdHere = new Map<string, unknown>();
/** Creates in flight per scope and path: a second one for the same path waits, then sees the first. */
const creating = new Map<string, Promise<unknown>>();

const pathKey = (scope: string, path: string) => `${scope}\0${path}`;

/** A delete or a path change in `scope`: what this process remembers of its paths no longer holds. */
export function forgetPaths(scope: string): void {
  const prefix = pathKey(scope, "");
  for (const k of createdHere.keys()) if (k.startsWith(prefix)) createdHere.delete(k);
}

/**
 * Runs a delete, or a patch that moves a session to another path, in `scope`, then
 * forgets what it made stale — also when it failed, since it may have landed.
 */
export async function changingPaths<T>(scope: string, change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } finally {
    forgetPaths(scope);
  }
}

/** A patch in `scope`: one that moves the session to another path goes through changingPaths. */
export function patchIn<T>(scope: string, body: { path?: unknown }, patch: () => Promise<T>): Promise<T> {
  return body.path === undefined ? patch() : changingPaths(scope, patch);
}

/**
 * Both APIs answer a create for a path that already has a session with that session
 * (Jupyter semantics). Taking it over silently would let `destroy` delete someone else's
 * session, so we look first and adopt only when asked to.
 */
export async function createOrAdopt<S extends { id: string }>(api: NotebookApi<S>, path: string, adoptExisting: boolean): Promise<S> {
  const key = pathKey(api.scope, path);
  // Creates for one path in this process go one after the other: the second sees the first's session.
  const before = creating.get(key);
  const run = (async () => {
    await before?.catch(() => undefined);
    const existing = (createdHere.get(key) as S | undefined) ?? (await api.find(path));
    if (existing) {
      if (adoptExisting) return existing;
      throw new SessionExistsError(
        `a ${api.kind} already exists for path "${path}" (id ${existing.id}). Set adoptExisting: true to manage it ` +
          `(pulumi destroy will then delete it), or use another path.`,
      );
    }
    const s = await api.create();
    createdHere.set(key, s);
    return s;
  })();
  creating.set(key, run);
  try {
    return await run;
  } finally {
    if (creating.get(key) === run) creating.delete(key);
  }
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
