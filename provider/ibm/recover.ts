import { ConnectionError, SessionsError } from "../core/errors";
import type { CreateSessionParams, IbmQuantumClient, WorkloadPage } from "./client";
import type { JobSession, Workload } from "./schemas";

/**
 * IBM's `POST /v1/sessions` takes no client token and echoes nothing the client chooses,
 * so when its answer is lost (reset, timeout) the session may exist and only its traits
 * can tell it apart. A candidate must have been
 *  1. opened by the caller's identity: its `user_id` is the IAM id behind the API key;
 *  2. created between the moment the request was sent and the moment it failed, on IBM's
 *     clock: the window is moved onto it by the `Date` header of the listing's answer,
 *     widened only by that header's 1 s resolution and the listing's own round trip;
 *  3. on the same backend and mode, with the same max TTL, and not closed;
 *  4. not a session this provider process already holds for a resource of the stack
 *     (created, found, read, updated or deleted in this run: a run serves every session of
 *     one engine path from one process; an earlier run's sessions fail rule 2).
 * Exactly one → it is this resource's (unless adoption is off: then it is named, not
 * taken). None, with the identity known and the listing complete → nothing was made and
 * the POST is sent again. Anything else fails, naming the candidates and what to do.
 * docs/services/ibm-quantum.md has the API facts; README "Ownership" the rules as users see them.
 */
/** IBM's max TTL when the create names none (docs/services/ibm-quantum.md). */
export const DEFAULT_MAX_TTL = 28800;
const MAX_ROUNDS = 3;
/** Newest-first pages read while looking for the window's start: more means a listing we cannot complete. */
const MAX_PAGES = 5;

/** Session ids this process holds for the stack's resources: never another create's candidate. */
const held = new Set<string>();
/** POSTs in flight per instance/backend/mode: their ids must be known before we look. */
const inflight = new Map<string, Set<Promise<unknown>>>();

/** A session this process handles for a resource of the stack (read, updated, deleted): never a lost create's candidate. */
export function holdSession(id: string): void {
  held.add(id);
}

export interface Candidate {
  id: string;
  created: string;
}

export interface RecoveryOptions {
  /** false: a single candidate is named, not taken (a team that shares one identity across pipelines). */
  adopt: boolean;
  instance: string;
  now?: () => number;
}

export type CreateOutcome = { id: string; recovered: false; session?: JobSession } | { id: string; recovered: true; note: string };

const iso = (ms: number) => new Date(ms).toISOString();
const whatWasAsked = (p: CreateSessionParams) => `${p.mode} session on ${p.backend} with max TTL ${p.max_ttl ?? DEFAULT_MAX_TTL} s`;

/** The answer to a create was lost and what it did cannot be settled here. */
export class LostCreateError extends SessionsError {
  constructor(cause: ConnectionError, message: string) {
    super("PS_UNKNOWN_OUTCOME", `${cause.message} ${message}`, { cause });
  }
}

function howToSettle(instance: string, ids: string[]): string {
  const one = ids[0] ?? "<session id>";
  return (
    `To keep one as this resource, import it with the provider plugin: \`pulumi import sessions:ibm:QuantumSession <name> ${instance}/${one}\`; ` +
    `close the ones you do not want in IBM Quantum Platform (Workloads) or with qiskit-ibm-runtime: \`Session.from_id("${one}").close()\`. ` +
    "Then run `pulumi up` again."
  );
}

export async function createWithRecovery(c: IbmQuantumClient, params: CreateSessionParams, opts: RecoveryOptions): Promise<CreateOutcome> {
  const now = opts.now ?? Date.now;
  const key = `${opts.instance}|${params.backend}|${params.mode}`;
  const pending = inflight.get(key) ?? new Set<Promise<unknown>>();
  inflight.set(key, pending);
  for (let round = 1; ; round++) {
    const sentAt = now();
    const post = c.createSession(params);
    pending.add(post);
    try {
      const { id, session } = await post;
      held.add(id);
      return { id, recovered: false, session };
    } catch (e) {
      if (!(e instanceof ConnectionError && e.outcomeUnknown)) throw e;
      const failedAt = now();
      // Let this process's other creates for the same backend land, so their ids are held.
      await Promise.allSettled([...pending].filter((p) => p !== post));
      let found: { candidates: Candidate[]; window: [number, number] };
      try {
        found = await candidates(c, params, sentAt, failedAt);
      } catch (why) {
        throw new LostCreateError(
          e,
          `A ${whatWasAsked(params)} may have been opened, and it could not be looked for: ${why instanceof Error ? why.message : String(why)} ` +
            `Look in IBM Quantum Platform (Workloads) for a session on ${params.backend} created at about ${iso(sentAt)} (this machine's clock). ` +
            howToSettle(opts.instance, []),
        );
      }
      const [from, to] = found.window.map(iso);
      const list = found.candidates.map((x) => `${x.id} (created ${x.created})`).join(", ");
      if (found.candidates.length === 1 && opts.adopt) {
        const { id } = found.candidates[0];
        held.add(id);
        return {
          id,
          recovered: true,
          note:
            `the answer to the create was lost; session ${id} is the only ${whatWasAsked(params)} opened by this API key's identity ` +
            `between ${from} and ${to} (IBM's clock), so it was taken as this resource's`,
        };
      }
      if (found.candidates.length === 1) {
        throw new LostCreateError(
          e,
          `Session ${list} matches it (opened by this API key's identity between ${from} and ${to}, IBM's clock), but adopting a lost create is turned off ` +
            `(adoptLostCreate / ibmAdoptLostCreates), so it was not taken. ${howToSettle(opts.instance, [found.candidates[0].id])}`,
        );
      }
      if (found.candidates.length > 1) {
        throw new LostCreateError(
          e,
          `${found.candidates.length} sessions could be the one it made (each a ${whatWasAsked(params)} opened by this API key's identity between ${from} and ${to}, IBM's clock): ${list}. ` +
            `None was taken. ${howToSettle(opts.instance, found.candidates.map((x) => x.id))}`,
        );
      }
      if (round >= MAX_ROUNDS) throw e;
      // Nothing of ours was made in the window: the POST can be sent again.
    } finally {
      pending.delete(post);
    }
  }
}

/**
 * The sessions that meet every rule above, and the window on IBM's clock. Throws when the
 * rules cannot be applied: no identity, no `Date` header, a listing that does not reach
 * back to the window's start.
 */
async function candidates(c: IbmQuantumClient, params: CreateSessionParams, sentAt: number, failedAt: number): Promise<{ candidates: Candidate[]; window: [number, number] }> {
  const me = await c.identity();
  if (!me) throw new Error("the IAM token does not name its identity (iam_id), so a colleague's session could not be told from this key's.");
  let window: [number, number] | undefined;
  const listed = await listBackTo(c, params, (first) => {
    if (first.serverDate === undefined) throw new Error("IBM's answer has no Date header, so the request's window could not be placed on IBM's clock.");
    // IBM's clock minus ours, bounded: the header was written between our send and our receipt, and is truncated to the second.
    window = [sentAt + (first.serverDate - first.receivedAt), failedAt + (first.serverDate + 1000 - first.sentAt)];
    return window[0];
  });
  return { candidates: await openOfIdentity(c, params, me, listed, window!, held), window: window! };
}

/**
 * The open sessions of this key's identity with the traits of `params`, created since
 * `since` (IBM's clock, read from the listing's Date header), none of `held`: what a run
 * that died with creates in flight may have left (`pulumi-sessions recover`).
 */
export async function sessionsLike(c: IbmQuantumClient, params: CreateSessionParams, opts: { held: ReadonlySet<string>; since: number }): Promise<string[]> {
  const me = await c.identity();
  if (!me) throw new Error("the IAM token does not name its identity (iam_id), so this key's sessions cannot be told from others'.");
  const listed = await listBackTo(c, params, () => opts.since);
  const skip = new Set([...opts.held, ...held]);
  return (await openOfIdentity(c, params, me, listed, [opts.since, Infinity], skip)).map((x) => x.id);
}

/**
 * The recent sessions with `params`' mode and backend, newest first, page after page until
 * one reaches back before `startOf(first page)`; a listing that does not within MAX_PAGES
 * pages is an error (something in the window could be missed).
 */
async function listBackTo(c: IbmQuantumClient, params: CreateSessionParams, startOf: (first: WorkloadPage) => number): Promise<Workload[]> {
  const listed: Workload[] = [];
  let start: number | undefined;
  let next: string | undefined;
  for (let page = 1; ; page++) {
    const p = await c.listRecentSessions({ mode: params.mode, backend: params.backend, next });
    start ??= startOf(p);
    listed.push(...p.workloads);
    const oldest = p.workloads.at(-1)?.created;
    if (!p.next || (oldest !== undefined && oldest !== null && Date.parse(oldest) < start)) return listed;
    if (page >= MAX_PAGES) throw new Error(`the listing of ${params.backend}'s recent sessions did not reach back to ${iso(start)} in ${MAX_PAGES} pages.`);
    next = p.next;
  }
}

/** Of `listed`, those created within [from, to] and none of `skip` that are open, this identity's, with `params`' max TTL. */
async function openOfIdentity(c: IbmQuantumClient, params: CreateSessionParams, me: string, listed: Workload[], [from, to]: [number, number], skip: ReadonlySet<string>): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (const w of listed) {
    const created = w.created ? Date.parse(w.created) : Number.NaN;
    if (Number.isNaN(created) || created < from || created > to || skip.has(w.id)) continue;
    const s = await c.getSession(w.id);
    if (!s || s.state === "closed" || (s.user_id ?? w.user_id) !== me) continue;
    if (s.max_ttl !== undefined && s.max_ttl !== null && s.max_ttl !== (params.max_ttl ?? DEFAULT_MAX_TTL)) continue;
    out.push({ id: w.id, created: w.created! });
  }
  return out;
}
