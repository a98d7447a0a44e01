import { ConnectionError, SessionsError } from "../core/errors";
import type { CreateSessionParams, IbmQuantumClient } from "./client";
import type { JobSession } from "./schemas";

/**
 * IBM's POST /v1/sessions takes no idempotency token. When its answer is lost (reset,
 * timeout), the session may exist: look for it before doing anything else.
 * The candidates are sessions on the same backend and mode, created after the request
 * started (less a clock-skew margin), that this process does not already know as
 * another resource's, and whose max TTL matches. One → it is ours. None → nothing was
 * made, so sending the POST again is safe. More → fail, naming them: never guess.
 */
export const CLOCK_SKEW_MS = 60_000;
/** IBM's max TTL when the create names none (docs/services/ibm-quantum.md). */
export const DEFAULT_MAX_TTL = 28800;
const MAX_ROUNDS = 3;

/** Session ids this process created or found: never another create's candidate. */
const known = new Set<string>();
/** POSTs in flight per instance/backend/mode: their ids must be known before we look. */
const inflight = new Map<string, Set<Promise<unknown>>>();

export class AmbiguousCreateError extends SessionsError {
  constructor(readonly candidates: string[], what: string) {
    super(
      "PS_UNKNOWN_OUTCOME",
      `the answer to ${what} was lost, and ${candidates.length} sessions it could have made exist: ${candidates.join(", ")}. ` +
        "Nothing was recorded, to avoid adopting someone else's session. Check them in IBM Quantum Platform, close the ones that are not yours, then run `pulumi up` again.",
    );
  }
}

export async function createWithRecovery(
  c: IbmQuantumClient,
  instance: string,
  params: CreateSessionParams,
  clock: () => number = Date.now,
): Promise<{ id: string; recovered: boolean; session?: JobSession }> {
  const key = `${instance}|${params.backend}|${params.mode}`;
  const pending = inflight.get(key) ?? new Set<Promise<unknown>>();
  inflight.set(key, pending);
  for (let round = 1; ; round++) {
    const startedAt = clock();
    const post = c.createSession(params);
    pending.add(post);
    try {
      const { id, session } = await post;
      known.add(id);
      return { id, recovered: false, session };
    } catch (e) {
      if (!(e instanceof ConnectionError && e.outcomeUnknown)) throw e;
      // Let this process's other creates for the same backend land, so theirs are known.
      await Promise.allSettled([...pending]);
      const found = await candidates(c, params, new Date(startedAt - CLOCK_SKEW_MS));
      if (found.length === 1) {
        known.add(found[0]);
        return { id: found[0], recovered: true };
      }
      if (found.length > 1) throw new AmbiguousCreateError(found, "create IBM Quantum session");
      if (round >= MAX_ROUNDS) throw e;
      // Nothing was made: the POST can be sent again.
    } finally {
      pending.delete(post);
    }
  }
}

async function candidates(c: IbmQuantumClient, params: CreateSessionParams, createdAfter: Date): Promise<string[]> {
  const listed = await c.listSessions({ mode: params.mode, backend: params.backend, createdAfter });
  const out: string[] = [];
  for (const w of listed) {
    if (known.has(w.id)) continue;
    const s = await c.getSession(w.id);
    if (!s || s.state === "closed") continue;
    if (typeof s.max_ttl === "number" && s.max_ttl !== (params.max_ttl ?? DEFAULT_MAX_TTL)) continue;
    out.push(w.id);
  }
  return out;
}
