import { handlers } from "../provider";
import { KIND_OF_TOKEN } from "../provider/kinds";
import { parseExport, pulumi, sessionsIn, type StackRef, type StateResource } from "./pulumi";
import { useSettings } from "./settings";

/**
 * `pulumi-sessions recover`: after a runner died mid-`up` (SIGKILL, a lost machine), its
 * creates stay in the stack as pending operations, and the sessions they made are in no
 * resource. For each pending create this looks for the session it made (by what the kind can
 * find: the path of a notebook session, an IBM session's traits since the stack's last
 * successful update), closes it — it was never recorded, so nothing used it — and clears
 * the pending creates; the next `pulumi up` opens them again. A pending create whose session
 * cannot be told apart (two candidates for one create, a kind the service does not list) is
 * reported, and with it nothing is changed.
 */
export interface RecoverResult {
  lines: string[];
  ok: boolean;
}

interface Pending {
  resource: StateResource;
  kind: string;
  candidates?: string[];
  problem?: string;
}

export async function recover(ref: StackRef, apply: boolean): Promise<RecoverResult> {
  const lines: string[] = [];
  const state = parseExport(pulumi(ref, ["stack", "export"]), `the export of stack ${ref.stack}`);
  const pending: Pending[] = state.pendingOperations
    .filter((op) => op.type === "creating" && KIND_OF_TOKEN[op.resource.type])
    .map((op) => ({ resource: op.resource, kind: KIND_OF_TOKEN[op.resource.type] }));
  if (!pending.length) return { lines: [`stack ${ref.stack} has no pending session creates: nothing to recover.`], ok: true };

  useSettings(ref);

  const held = new Set(sessionsIn(state).map((r) => r.id));
  const since = lastSuccess(ref);
  for (const p of pending) {
    try {
      p.candidates = await handlers(p.kind as never).findCreated(p.resource.inputs ?? {}, { held, since });
    } catch (e) {
      p.problem = e instanceof Error ? e.message : String(e);
    }
  }
  // Creates with the same traits share their candidates: as many as creates, or it is not clear which is whose.
  const groups = new Map<string, Pending[]>();
  for (const p of pending) {
    if (!p.candidates?.length) continue;
    const key = JSON.stringify([...p.candidates].sort());
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const toClose: { p: Pending; id: string }[] = [];
  for (const [key, members] of groups) {
    const ids = JSON.parse(key) as string[];
    if (ids.length !== members.length) for (const m of members) m.problem = `${ids.length} sessions could be the ${members.length} this create and its like made: ${ids.join(", ")}`;
    else members.forEach((m, i) => toClose.push({ p: m, id: ids[i] }));
  }

  for (const p of pending) {
    const name = p.resource.urn.split("::").pop();
    const closing = toClose.find((c) => c.p === p);
    if (p.problem) lines.push(`${name} (${p.kind}): cannot be settled: ${p.problem}`);
    else if (closing) lines.push(`${name} (${p.kind}): its create made session ${closing.id}, which no resource records: ${apply ? "closed" : "to close"}`);
    else lines.push(`${name} (${p.kind}): its create made no session`);
  }
  const unsettled = pending.filter((p) => p.problem);
  if (unsettled.length) {
    lines.push(`Nothing was changed: settle the sessions above by hand (close the ones that are not wanted), then run \`pulumi refresh --clear-pending-creates --stack ${ref.stack}\`.`);
    return { lines, ok: false };
  }
  if (!apply) {
    lines.push("Run again with --yes to close them and clear the pending creates; then `pulumi up` opens them again.");
    return { lines, ok: true };
  }
  for (const { p, id } of toClose) await handlers(p.kind as never).delete(id, p.resource.inputs ?? {});
  pulumi(ref, ["refresh", "--yes", "--skip-preview", "--clear-pending-creates"]);
  lines.push(`Cleared ${pending.length} pending create(s) of stack ${ref.stack}. Run \`pulumi up\` to open the sessions again.`);
  return { lines, ok: true };
}

/** When the stack's last successful update ended (epoch ms), from its history; 0 when it has none. */
function lastSuccess(ref: StackRef): number {
  try {
    const history = JSON.parse(pulumi(ref, ["stack", "history", "--json", "--page-size", "20"])) as { result?: string; endTime?: string }[];
    const ok = history.find((h) => h.result === "succeeded" && h.endTime);
    return ok ? Date.parse(ok.endTime!) : 0;
  } catch {
    return 0;
  }
}
