import { SessionExistsError } from "../core/errors";
import { kernelOutputs, type NotebookSession } from "./schemas";

/** What the shared mapping needs from a vendor client (Jupyter or OCI). */
export interface NotebookApi<S extends { id: string }> {
  /** "Jupyter session", "OCI notebook session": for messages. */
  kind: string;
  /** Where a path names one session (a server, a workspace): creates there share listings. */
  scope: string;
  /** Every session in the scope. */
  list(): Promise<S[]>;
  pathOf(s: S): string | null | undefined;
  create(): Promise<S>;
}

/**
 * How long one listing of a scope answers the "is this path taken?" question of later
 * creates there. A stack of many sessions in one workspace then costs about one list
 * per burst instead of one per session (a round trip each at real API latency). The
 * question could only ever be answered one round trip late anyway: a session made by
 * someone else between the look and the POST is taken over either way.
 */
export const LISTING_REUSE_MS = 2000;

interface Listing {
  at: number;
  byPath: Promise<Map<string, unknown>>;
}
const listings = new Map<string, Listing>();
/** Sessions this process created, per scope and path: seen by later creates whatever the listing says. */
const createdHere = new Map<string, unknown>();
/** Creates in flight per scope and path: a second one for the same path waits, then sees the first. */
const creating = new Map<string, Promise<unknown>>();

const pathKey = (scope: string, path: string) => `${scope}\0${path}`;

/** A delete or a path change in `scope`: listings taken before it no longer hold. */
export function forgetListings(scope: string): void {
  listings.delete(scope);
  const prefix = pathKey(scope, "");
  for (const k of createdHere.keys()) if (k.startsWith(prefix)) createdHere.delete(k);
}

/**
 * Runs a delete, or a patch that moves a session to another path, in `scope`, then
 * forgets the listings it made stale — also when it failed, since it may have landed.
 */
export async function changingPaths<T>(scope: string, change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } finally {
    forgetListings(scope);
  }
}

/** A patch in `scope`: one that moves the session to another path goes through changingPaths. */
export function patchIn<T>(scope: string, body: { path?: unknown }, patch: () => Promise<T>): Promise<T> {
  return body.path === undefined ? patch() : changingPaths(scope, patch);
}

async function sessionAt<S extends { id: string }>(api: NotebookApi<S>, path: string, now: () => number): Promise<S | undefined> {
  const mine = createdHere.get(pathKey(api.scope, path));
  if (mine) return mine as S;
  let l = listings.get(api.scope);
  if (!l || now() - l.at > LISTING_REUSE_MS) {
    const listing: Listing = { at: now(), byPath: api.list().then((all) => new Map(all.filter((s) => api.pathOf(s)).map((s) => [api.pathOf(s)!, s]))) };
    listings.set(api.scope, listing);
    // A failed list is not reused: the next create asks again.
    listing.byPath.catch(() => listings.get(api.scope) === listing && listings.delete(api.scope));
    l = listing;
  }
  return (await l.byPath).get(path) as S | undefined;
}

/**
 * Both APIs answer a create for a path that already has a session with that session
 * (Jupyter semantics). Taking it over silently would let `destroy` delete someone
 * else's session, so we look first and adopt only when asked to.
 */
export async function createOrAdopt<S extends { id: string }>(api: NotebookApi<S>, path: string, adoptExisting: boolean, now: () => number = Date.now): Promise<S> {
  const key = pathKey(api.scope, path);
  // Creates for one path in this process go one after the other: the second sees the first's session.
  const before = creating.get(key);
  const run = (async () => {
    await before?.catch(() => undefined);
    const existing = await sessionAt(api, path, now);
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
