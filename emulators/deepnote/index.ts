import { z } from "zod";
import type { EmulatorClock } from "../core/clock";
import { controlBody, startVendor, type RunningEmulator, type StartOptions } from "../core/server";
import { stateBox, type StateBox } from "../core/state";
import { HttpError, type Route, type VendorEmulator } from "../core/types";
import { DEEPNOTE_STOP_SESSION } from "../../wire/deepnote";
import { advanceSession, hex32, runWire, sessionWire, TERMINAL, uuid, type DnSession, type Store } from "./state";
import { executeCode } from "./execute";

export interface DeepnoteEmulatorOptions {
  token?: string;
  runDurationMs?: number;
  defaultIdleShutdownSeconds?: number;
  clock?: EmulatorClock;
}

export const DEEPNOTE_DEMO = {
  token: "demo-deepnote-token",
  notebookId: "5e1f0c2a9b8d4e7f8a6b3c2d1e0f9a8b",
  projectId: "9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
};

/** The stop route is our inference (docs/services/deepnote.md), one constant shared with the provider. */
export const STOP_ROUTE = { method: DEEPNOTE_STOP_SESSION.method, path: `/v2${DEEPNOTE_STOP_SESSION.path}` };

/** The documented messages for each status (Deepnote's API reference: test/fixtures/deepnote-sessions-errors.json). */
const MESSAGES: Record<number, string> = {
  400: "Bad request",
  401: "Unauthorized",
  403: "Sessions are not enabled for this workspace",
  404: "Not found",
  408: "Execution timed out",
  409: "Project is suspended",
  429: "Rate limit exceeded",
  500: "Hardware unable to start",
};

const inputValue = z.union([z.string(), z.boolean(), z.array(z.string())]);
const CreateBody = z.strictObject({
  notebookId: z.string().min(1),
  inputs: z.record(z.string(), inputValue).optional(),
  storageMode: z.enum(["read_write", "readonly"]).optional(),
  idleShutdownSeconds: z.number().int().positive().optional(),
});
const NotebookBody = z.strictObject({ notebookId: z.string().min(1) });
const ExecuteBody = z.strictObject({
  notebookId: z.string().min(1),
  code: z.string(),
  timeoutMs: z.number().int().positive().max(120000).optional(),
});

export type DeepnoteEmulator = VendorEmulator & { state: StateBox<Store> };

export function deepnoteEmulator(opts: DeepnoteEmulatorOptions & { clock: EmulatorClock }): DeepnoteEmulator {
  const clock = opts.clock;
  const durationMs = opts.runDurationMs ?? 1000;
  const state = stateBox<Store>(
    () => ({
      tokens: [opts.token ?? DEEPNOTE_DEMO.token],
      notebooks: { [DEEPNOTE_DEMO.notebookId]: { id: DEEPNOTE_DEMO.notebookId, projectId: DEEPNOTE_DEMO.projectId, name: "Demo notebook" } },
      sessions: {},
      runs: {},
      nextRun: null,
    }),
    {
      view: (st) => {
        advanceAll(st);
        return { sessions: Object.values(st.sessions).map((x) => ({ ...sessionWire(st, x), live: x.endedAt === null, inputs: x.inputs, initialRunId: x.initialRunId })) };
      },
      accept: (raw): raw is Store => typeof raw === "object" && raw !== null && "sessions" in raw && "notebooks" in raw,
    },
  );
  const store = () => state.current;
  const now = () => clock.now();
  const advanceAll = (st: Store) => {
    for (const x of Object.values(st.sessions)) advanceSession(st, x, now(), durationMs);
  };
  const fail = (status: number, message = MESSAGES[status] ?? "Error"): never => {
    throw new HttpError(status, String(status), message);
  };
  /** A live session addressed with a notebook id the API accepts (source or session copy). */
  const live = (id: string, notebookId: string | null): DnSession => {
    const s = store().sessions[id];
    if (!s || s.endedAt !== null) fail(404, "Session not found");
    if (!notebookId) fail(400, "notebookId is required");
    if (notebookId !== s.notebookId && notebookId !== s.sessionNotebookId) fail(404, "Notebook not found in this session");
    return s;
  };

  const routes: Route[] = [
    {
      method: "POST",
      path: "/v2/sessions",
      handler: (req) => {
        const body = req.json(CreateBody);
        const st = store();
        const nb = st.notebooks[body.notebookId] ?? fail(404, "Notebook not found");
        const t = now();
        const s: DnSession = {
          id: uuid(),
          notebookId: nb.id,
          sessionNotebookId: hex32(),
          projectId: nb.projectId,
          storageMode: body.storageMode ?? "read_write",
          idleShutdownSeconds: body.idleShutdownSeconds ?? opts.defaultIdleShutdownSeconds ?? 1800,
          inputs: body.inputs ?? {},
          createdAt: t,
          lastActivityAt: t,
          endedAt: null,
          initialRunId: uuid(),
        };
        const planned = st.nextRun;
        st.nextRun = null;
        st.runs[s.initialRunId] = {
          runId: s.initialRunId,
          sessionId: s.id,
          notebookId: s.sessionNotebookId,
          projectId: s.projectId,
          createdAt: t,
          completedAt: null,
          outcome: planned?.status ?? "success",
          failMessage: planned?.message ?? null,
          status: "pending",
        };
        st.sessions[s.id] = s;
        return { status: 202, body: { session: sessionWire(st, s), run: runWire(st.runs[s.initialRunId]) } };
      },
    },
    {
      method: "GET",
      path: "/v2/sessions/:id/status",
      // A status poll is not activity (inferred): it must not keep an idle session alive.
      handler: (req) => {
        const s = live(req.params.id, req.query.get("notebookId"));
        const run = store().runs[s.initialRunId];
        const busy = run && !TERMINAL.includes(run.status);
        return { status: 200, body: { session: sessionWire(store(), s), kernel: { state: busy ? "busy" : "idle", executingBlockId: null, queuedBlockIds: [] } } };
      },
    },
    {
      method: "POST",
      path: "/v2/sessions/:id/interrupt",
      handler: (req) => {
        const s = live(req.params.id, req.json(NotebookBody).notebookId);
        const run = store().runs[s.initialRunId];
        if (run && !TERMINAL.includes(run.status)) Object.assign(run, { status: "stopped", completedAt: now() });
        s.lastActivityAt = now();
        return { status: 200, body: { session: sessionWire(store(), s) } };
      },
    },
    {
      method: "POST",
      path: "/v2/sessions/:id/execute",
      handler: (req) => {
        const body = req.json(ExecuteBody);
        const s = live(req.params.id, body.notebookId);
        s.lastActivityAt = now();
        const result = executeCode(body.code, body.timeoutMs ?? 10000);
        return result.timedOut ? fail(408) : { status: 200, body: { outputs: result.outputs } };
      },
    },
    {
      method: STOP_ROUTE.method,
      path: STOP_ROUTE.path,
      handler: (req) => {
        const s = store().sessions[req.params.id];
        if (!s || s.endedAt !== null) fail(404, "Session not found");
        s.endedAt = now();
        const run = store().runs[s.initialRunId];
        if (run && !TERMINAL.includes(run.status)) Object.assign(run, { status: "stopped", completedAt: now() });
        return { status: 204 };
      },
    },
    {
      method: "GET",
      path: "/v2/runs/:runId",
      handler: (req) => ({ status: 200, body: { run: runWire(store().runs[req.params.runId] ?? fail(404, "Run not found")) } }),
    },
  ];

  const controlRoutes: Route[] = [
    {
      method: "POST",
      path: "/_emulator/deepnote/notebooks",
      handler: (req) => {
        const b = controlBody<{ id: string; name: string; projectId: string }>(req);
        const nb = { id: b.id ?? hex32(), projectId: b.projectId ?? DEEPNOTE_DEMO.projectId, name: b.name ?? "Notebook" };
        store().notebooks[nb.id] = nb;
        return { status: 201, body: nb };
      },
    },
    {
      method: "POST",
      path: "/_emulator/deepnote/next-run",
      handler: (req) => {
        const b = controlBody<{ status: string; message: string }>(req);
        if (b.status !== "error" && b.status !== "internal_error") fail(400, 'status must be "error" or "internal_error"');
        store().nextRun = { status: b.status as "error" | "internal_error", message: b.message ?? "NameError: name 'undefined_variable' is not defined" };
        return { status: 204 };
      },
    },
    {
      method: "POST",
      path: "/_emulator/deepnote/sessions/:id/expire",
      handler: (req) => {
        const s = store().sessions[req.params.id] ?? fail(404, "Session not found");
        s.endedAt ??= now();
        return { status: 204 };
      },
    },
  ];

  return {
    name: "deepnote",
    clock,
    state,
    routes: () => routes,
    controlRoutes: () => controlRoutes,
    authorize(req) {
      const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
      if (!m || !store().tokens.includes(m[1])) fail(401, "Unauthorized: missing or invalid API key");
      advanceAll(store());
    },
    // Deepnote's ErrorResponse is {message}; injected faults and kit errors get the documented text.
    errorBody: (status, code, message) => ({ status, body: { message: code === "InjectedFault" ? (MESSAGES[status] ?? message) : message } }),
  };
}

export async function startDeepnoteEmulator(
  opts: DeepnoteEmulatorOptions & StartOptions = {},
): Promise<{ running: RunningEmulator; emulator: DeepnoteEmulator; info: { url: string; token: string; notebookId: string } }> {
  const { emulator, running } = await startVendor(deepnoteEmulator, opts);
  return { running, emulator, info: { url: `${running.origin}/v2`, token: emulator.state.current.tokens[0], notebookId: DEEPNOTE_DEMO.notebookId } };
}
