import { DEEPNOTE_DEMO, startDeepnoteEmulator } from "../../emulators/deepnote";
import { IBM_BACKENDS, startIbmQuantumEmulator } from "../../emulators/ibm-quantum";
import { startOciAidpEmulator } from "../../emulators/oci-aidp";
import type { RunningEmulator } from "../../emulators/core/server";
import type { FaultRule } from "../../emulators/core/types";
import type { RunningJupyter } from "../../emulators/jupyter/server";
import { dynamicToken, type KindName } from "../../provider/kinds";
import { openStack, type E2EStack } from "../support/engine";
import { providerEnv } from "../support/emulators";
import { startTestJupyter } from "../support/jupyter";

/**
 * Chaos rounds: a mixed stack under seeded random faults; each round
 * up → preview → refresh → preview → destroy, each step retried as a user would
 * (`pulumi up` again), and after each step the emulators are compared with the state.
 */
export interface ChaosOptions {
  perVendor: number;
  rounds: number;
  seed: number;
  jupyter: boolean;
  log?: (line: string) => void;
}

export interface RoundRow {
  round: number;
  seed: number;
  requests: number;
  faults: number;
  failedSteps: number;
  duplicates: number;
  orphans: number;
  missing: number;
  openAfterDestroy: number;
  unexpectedChanges: number;
  /** Answers lost after the service acted (reset-after-handler), per emulator: the lost creates and the lost delete. */
  lostAnswers: Record<Exclude<Kind, "jupyter">, number>;
  /** The IAM tokens were expired while `up` still ran. */
  tokenExpiredDuringUp: boolean;
  clean: boolean;
}

/** The kinds chaos rounds cover: the three emulated services and a real Jupyter Server. */
type Kind = Extract<KindName, "ibm" | "oci" | "deepnote" | "jupyter">;
const API = "^/(api/v1|v2|20260430|identity)/";

/** The faults of one round, on every emulator; the first matching rule fires. */
function faultsFor(kind: Exclude<Kind, "jupyter">): FaultRule[] {
  // One reset after the service committed, per vendor per round. Deepnote's create can
  // be neither found nor repeated (README): its reset hits the stop call instead.
  const commit: Record<typeof kind, FaultRule> = {
    ibm: { method: "POST", path: "^/api/v1/sessions$", mode: "reset-after-handler", times: 1 },
    oci: { method: "POST", path: "/sessions$", mode: "reset-after-handler", times: 1 },
    deepnote: { method: "DELETE", path: "^/v2/sessions/", mode: "reset-after-handler", times: 1 },
  };
  return [
    commit[kind],
    { path: API, probability: 0.1, times: null, status: 503 },
    { path: API, probability: 0.04, times: null, status: 429, headers: { "retry-after": "1" } },
    { path: API, probability: 0.2, times: null, mode: "latency", delayMs: 30 },
  ];
}

export async function runChaos(opts: ChaosOptions): Promise<{ rows: RoundRow[]; summary: string }> {
  const say = opts.log ?? (() => undefined);
  const ibm = await startIbmQuantumEmulator({ port: 0 });
  const dn = await startDeepnoteEmulator({ port: 0, runDurationMs: 200 });
  const oci = await startOciAidpEmulator({ port: 0, activationDelayMs: 200 });
  const emus: Record<Exclude<Kind, "jupyter">, RunningEmulator> = { ibm: ibm.running, deepnote: dn.running, oci: oci.running };
  let jup: RunningJupyter | undefined;
  let stack: E2EStack | undefined;
  const rows: RoundRow[] = [];
  try {
    if (opts.jupyter) jup = await startTestJupyter();
    stack = await openStack("mixed", providerEnv({ ibm, deepnote: dn, oci, jupyter: jup }));
    const s = stack;
    const kinds: Kind[] = ["ibm", "oci", "deepnote", ...(jup ? (["jupyter"] as const) : [])];

    /** Live session ids per kind, as the services see them. */
    const remote = async (): Promise<Record<Kind, { live: string[]; all: string[] }>> => {
      const snap = async (e: RunningEmulator) => (await fetch(`${e.origin}/_emulator/state`)).json();
      const ibmS = (await snap(ibm.running)).sessions as { id: string; state: string }[];
      const ociS = (await snap(oci.running)).sessions as { id: string }[];
      const dnS = (await snap(dn.running)).sessions as { id: string; live: boolean }[];
      const jS = jup ? ((await (await fetch(`${jup.url}/api/sessions`, { headers: { authorization: `token ${jup.token}` } })).json()) as { id: string }[]) : [];
      return {
        ibm: { live: ibmS.filter((x) => x.state !== "closed").map((x) => x.id), all: ibmS.map((x) => x.id) },
        oci: { live: ociS.map((x) => x.id), all: ociS.map((x) => x.id) },
        deepnote: { live: dnS.filter((x) => x.live).map((x) => x.id), all: dnS.map((x) => x.id) },
        jupyter: { live: jS.map((x) => x.id), all: jS.map((x) => x.id) },
      };
    };
    const inState = async () => {
      const out = {} as Record<Kind, string[]>;
      for (const k of kinds) out[k] = Object.values(await s.resourceIds(dynamicToken(k)));
      return out;
    };

    for (let round = 1; round <= opts.rounds; round++) {
      const seed = opts.seed * 1000 + round;
      const before = await remote();
      const requestsBefore = Object.values(emus).reduce((n, e) => n + (e.log.at(-1)?.seq ?? 0), 0);
      const faultsBefore = Object.values(emus).reduce((n, e) => n + Object.values(e.faults.injected).reduce((a, b) => a + b, 0), 0);
      const lostBefore = Object.fromEntries(Object.entries(emus).map(([k, e]) => [k, e.faults.injected["reset-after-handler"] ?? 0]));
      for (const [kind, e] of Object.entries(emus) as [Exclude<Kind, "jupyter">, RunningEmulator][]) {
        e.faults.clear();
        e.faults.reseed(seed);
        for (const rule of faultsFor(kind)) e.addFault(rule);
      }
      const sessions: Record<string, unknown> = {};
      for (let i = 0; i < opts.perVendor; i++) {
        const wait = { pollIntervalMs: 100, waitTimeoutSeconds: 120 };
        sessions[`r${round}ibm${i}`] = { kind: "ibm", args: { backend: IBM_BACKENDS[i % IBM_BACKENDS.length], ...wait } };
        sessions[`r${round}oci${i}`] = { kind: "oci", args: { aiDataPlatformId: oci.info.aiDataPlatformId, workspaceKey: oci.info.workspaceKey, endpoint: oci.info.url, path: `chaos/r${round}-${i}.ipynb`, ...wait } };
        sessions[`r${round}dn${i}`] = { kind: "deepnote", args: { notebookId: DEEPNOTE_DEMO.notebookId, idleShutdownSeconds: 3600, ...wait } };
        if (jup) sessions[`r${round}jup${i}`] = { kind: "jupyter", args: { url: jup.url, path: `chaos/r${round}-${i}.ipynb`, ...wait } };
      }
      await s.setSessions(sessions);

      let failedSteps = 0;
      const retried = async (name: string, step: () => Promise<unknown>, attempts: number) => {
        for (let a = 1; ; a++) {
          try {
            return await step();
          } catch (e) {
            failedSteps++;
            say(`round ${round}: ${name} failed (attempt ${a}): ${String((e as Error).message).split("\n").filter((l) => /error|failed|cannot/i.test(l)).slice(0, 3).join(" | ")}`);
            if (a >= attempts) throw e;
          }
        }
      };
      const changes = async () => {
        const p = (await s.stack.preview()).changeSummary ?? {};
        return Object.entries(p).filter(([k, n]) => k !== "same" && (n ?? 0) > 0).reduce((t, [, n]) => t + (n ?? 0), 0);
      };
      const compare = async () => {
        const r = await remote();
        const st = await inState();
        let orphans = 0;
        let missing = 0;
        let duplicates = 0;
        for (const k of kinds) {
          const created = r[k].all.filter((id) => !before[k].all.includes(id));
          const live = r[k].live.filter((id) => !before[k].live.includes(id));
          orphans += live.filter((id) => !st[k].includes(id)).length;
          missing += st[k].filter((id) => !r[k].live.includes(id)).length;
          duplicates += Math.max(0, created.length - st[k].length);
        }
        return { orphans, missing, duplicates };
      };

      // A token that dies while `up` runs.
      let upDone = false;
      let tokenExpiredDuringUp = false;
      const expiry = setTimeout(() => {
        tokenExpiredDuringUp = !upDone;
        void fetch(`${ibm.running.origin}/_emulator/ibm/expire-tokens`, { method: "POST" }).catch(() => undefined);
      }, 1500);
      // Up to 20 `up`s: a Deepnote create answered 5xx is not repeated by the provider (it could
      // open a second session), so it fails that `up`; without --continue-on-error the engine
      // starts no new step after an error, and under 10% 5xx a stack of 30 can take many runs.
      await retried("up", () => s.stack.up({ continueOnError: round % 2 === 0 }), 20);
      upDone = true;
      clearTimeout(expiry);
      const afterUp = await compare();
      let unexpected = await changes();
      await retried("refresh", () => s.stack.refresh(), 4);
      const afterRefresh = await compare();
      unexpected += await changes();
      await retried("destroy", () => s.stack.destroy(), 6);
      const after = await remote();
      const openAfterDestroy = kinds.reduce((n, k) => n + after[k].live.filter((id) => !before[k].live.includes(id)).length, 0);

      for (const e of Object.values(emus)) e.faults.clear();
      const row: RoundRow = {
        round,
        seed,
        requests: Object.values(emus).reduce((n, e) => n + (e.log.at(-1)?.seq ?? 0), 0) - requestsBefore,
        faults: Object.values(emus).reduce((n, e) => n + Object.values(e.faults.injected).reduce((a, b) => a + b, 0), 0) - faultsBefore,
        failedSteps,
        duplicates: afterUp.duplicates,
        orphans: Math.max(afterUp.orphans, afterRefresh.orphans),
        missing: Math.max(afterUp.missing, afterRefresh.missing),
        openAfterDestroy,
        unexpectedChanges: unexpected,
        lostAnswers: Object.fromEntries(Object.entries(emus).map(([k, e]) => [k, (e.faults.injected["reset-after-handler"] ?? 0) - lostBefore[k]])) as RoundRow["lostAnswers"],
        tokenExpiredDuringUp,
        clean: false,
      };
      row.clean = row.duplicates === 0 && row.orphans === 0 && row.missing === 0 && row.openAfterDestroy === 0 && row.unexpectedChanges === 0;
      rows.push(row);
      say(formatRow(row));
    }
  } finally {
    await stack?.stack.workspace.removeStack(stack.stack.name, { force: true }).catch(() => undefined);
    await jup?.close();
    await Promise.all([ibm.running.close(), dn.running.close(), oci.running.close()]);
  }
  const sum = (f: (r: RoundRow) => number) => rows.reduce((n, r) => n + f(r), 0);
  const summary = `chaos rounds=${rows.length} clean=${rows.filter((r) => r.clean).length} orphans=${sum((r) => r.orphans)} duplicates=${sum((r) => r.duplicates)} open_after_destroy=${sum((r) => r.openAfterDestroy)}`;
  return { rows, summary };
}

export const HEADER = "| round | seed | requests | faults injected | failed steps (retried) | duplicates | orphans | missing | open after destroy | unexpected changes | clean |\n|---|---|---|---|---|---|---|---|---|---|---|";

export function formatRow(r: RoundRow): string {
  return `| ${r.round} | ${r.seed} | ${r.requests} | ${r.faults} | ${r.failedSteps} | ${r.duplicates} | ${r.orphans} | ${r.missing} | ${r.openAfterDestroy} | ${r.unexpectedChanges} | ${r.clean ? "yes" : "NO"} |`;
}
