import { ConnectionError, ImportIdError, SessionsError } from "../core/errors";
import type { SessionVendor } from "../core/vendor";
import { warn } from "../core/log";
import { DeepnoteClient } from "./client";
import { requireSetting } from "../core/config";
import { DEEPNOTE_TOKEN } from "./settings";
import { RUN_TERMINAL_FAILURES, type DeepnoteSession, type DeepnoteSessionInputs, type Run } from "./schemas";

interface Remote {
  session: DeepnoteSession;
  kernelState: string | null;
  /** The initial run; null when it was looked up and Deepnote does not know it. */
  run?: Run | null;
}

const sessionState = (s: DeepnoteSession) => s.state ?? s.status ?? "unknown";

export const vendor: SessionVendor<DeepnoteSessionInputs, Remote> = {
  memoKeys: ["initialRunId"],
  preflight: () => {
    requireSetting(DEEPNOTE_TOKEN, "the Deepnote API key");
  },

  async create(inputs) {
    const res = await new DeepnoteClient()
      .create({
        notebookId: inputs.notebookId,
        inputs: inputs.inputs,
        storageMode: inputs.storageMode,
        idleShutdownSeconds: inputs.idleShutdownSeconds,
      })
      .catch((e) => {
        throw e instanceof ConnectionError && e.outcomeUnknown ? new LostCreateError(e, inputs) : e;
      });
    const runId = res.run?.runId ?? res.run?.id ?? null;
    return { id: res.session.id, remote: { session: res.session, kernelState: null, run: res.run ?? undefined }, memo: { initialRunId: runId } };
  },

  async get(id, inputs, prior) {
    const c = new DeepnoteClient();
    const runId = typeof prior.initialRunId === "string" ? prior.initialRunId : undefined;
    // A run that succeeded stays succeeded: refresh does not ask again (one request per session, not two).
    const succeeded = prior.initialRunStatus === "success";
    const askRun = inputs.waitForInitialRun && runId && !succeeded;
    // Which notebook id `status` wants (source or session copy) is not documented; we send the source's.
    // The two reads are independent: sent together, a poll costs one round trip, not two.
    const [st, run] = await Promise.all([c.status(id, inputs.notebookId), askRun ? c.run(runId) : undefined]);
    if (!st) return undefined;
    const runNow = inputs.waitForInitialRun && runId ? (succeeded ? { runId, status: "success" } : (run ?? null)) : undefined;
    return { session: st.session, kernelState: st.kernel?.state ?? st.kernel?.status ?? null, run: runNow };
  },

  // With waitForInitialRun the create is done when the notebook's first run succeeds.
  // A run Deepnote does not know (yet) is not a success: keep waiting, and say so on timeout.
  stateOf: (r) => (r.run === null ? "run:not-found" : r.run ? `run:${r.run.status}` : "session-ready"),
  waitFor: (inputs) =>
    inputs.waitForInitialRun
      ? {
          target: ["run:success", "session-ready"],
          failure: RUN_TERMINAL_FAILURES.map((s) => `run:${s}`),
          reason: (r) => (typeof r.run?.error === "string" ? r.run.error : r.run?.error?.message ?? undefined),
        }
      : { target: ["session-ready", "run:success", "run:pending", "run:running", ...RUN_TERMINAL_FAILURES.map((s) => `run:${s}`)], failure: [] },
  outputs: (r) => ({
    sessionNotebookId: r.session.sessionNotebookId ?? null,
    state: sessionState(r.session),
    kernelState: r.kernelState,
    ...(r.run ? { initialRunStatus: r.run.status } : {}),
  }),

  // `pulumi import`: "<notebook id>/<session id>" (status needs the notebook; Deepnote lists no sessions).
  importId(raw) {
    const m = /^([^/\s]+)\/([^/\s]+)$/.exec(raw);
    if (!m) throw new ImportIdError("Deepnote session", raw, '"<notebook id>/<session id>"', "5e1f0c2a9b8d4e7f8a6b3c2d1e0f9a8b/1f2e3d4c");
    return { id: m[2], inputs: { notebookId: m[1] } };
  },
  // The API echoes none of the create's other inputs: they import as their defaults.
  importInputs: (_r, addressing) => ({ notebookId: addressing.notebookId }),

  async delete(id, inputs) {
    const c = new DeepnoteClient();
    const status = await c.stop(id);
    if (status === 405 || status === 501) {
      // No stop endpoint after all: interrupt, and let the idle shutdown end it.
      await c.interrupt(id, inputs.notebookId);
      warn(`Deepnote has no stop endpoint for session ${id} (HTTP ${status}); interrupted it — it ends after its idle shutdown.`);
    }
  },
};

/**
 * Deepnote's create takes no idempotency key and the API lists no sessions
 * (docs/services/deepnote.md), so a create whose answer was lost can be neither found nor
 * safely repeated. The best available: say exactly what may exist and when it ends.
 */
export class LostCreateError extends SessionsError {
  constructor(cause: ConnectionError, inputs: DeepnoteSessionInputs) {
    const idle = inputs.idleShutdownSeconds
      ? `after ${inputs.idleShutdownSeconds} s without activity (its idleShutdownSeconds)`
      : "after Deepnote's idle shutdown (its default length is not documented)";
    super(
      "PS_UNKNOWN_OUTCOME",
      `${cause.message} A session for notebook ${inputs.notebookId} may have been opened: Deepnote's API cannot list sessions, ` +
        `so it can be neither found nor closed from here, and the create was not sent again (it would open a second one). ` +
        `If it exists it runs its notebook once and then stops by itself ${idle}; it shows in the notebook's run history in Deepnote. ` +
        "Run `pulumi up` again to open one that the stack tracks.",
    );
  }
}
