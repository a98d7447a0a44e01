import { z } from "zod";
import { systemClock, type EmulatorClock } from "../core/clock";
import { INVALID_JSON, jsonBody, startEmulator, type RunningEmulator, type StartOptions } from "../core/server";
import type { EmulatorRequest, EmulatorResponse, Route, VendorEmulator } from "../core/types";
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

/**
 * The stop endpoint is not published (apis.md §2.2): `DELETE /v2/sessions/{id}` is an
 * inference, kept in this one constant so it is easy to change.
 */
export const STOP_ROUTE = { method: "DELETE" as const, path: "/v2/sessions/:id" };

/** The documented messages for each status (seed 003). */
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

export type DeepnoteEmulator = VendorEmulator & { clock: EmulatorClock; store: Store };

export function deepnoteEmulator(opts: DeepnoteEmulatorOptions = {}): DeepnoteEmulator {
  const clock = opts.clock ?? systemClock();
  const durationMs = opts.runDurationMs ?? 1000;
  const seed = (): Store => ({
    tokens: [opts.token ?? DEEPNOTE_DEMO.token],
    notebooks: { [DEEPNOTE_DEMO.notebookId]: { id: DEEPNOTE_DEMO.notebookId, projectId: DEEPNOTE_DEMO.projectId, name: "Demo notebook" } },
    sessions: {},
    runs: {},
    nextRun: null,
  });
  let store = seed();
  const now = () => clock.now();
  const fail = (status: number, message = MESSAGES[status] ?? "Error"): EmulatorResponse => ({ status, body: { message } });

  const authorize = (req: EmulatorRequest): EmulatorResponse | undefined => {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
    if (!m || !store.tokens.includes(m[1])) return fail(401, "Unauthorized: missing or invalid API key");
    for (const s of Object.values(store.sessions)) advanceSession(store, s, now(), durationMs);
    return undefined;
  };
  const parse = <T>(schema: z.ZodType<T>, req: EmulatorRequest): T | EmulatorResponse => {
    const body = jsonBody(req);
    if (body === INVALID_JSON) return fail(400, "Request body is not valid JSON");
    const r = schema.safeParse(body ?? {});
    return r.success ? r.data : fail(400, r.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
  };
  const isErr = (x: unknown): x is EmulatorResponse => typeof x === "object" && x !== null && typeof (x as EmulatorResponse).status === "number" && "body" in x && !("id" in x);
  /** A live session addressed with a notebook id the API accepts (source or session copy). */
  const live = (req: EmulatorRequest, notebookId: string | null): DnSession | EmulatorResponse => {
    const s = store.sessions[req.params.id];
    if (!s || s.endedAt !== null) return fail(404, "Session not found");
    if (!notebookId) return fail(400, "notebookId is required");
    if (notebookId !== s.notebookId && notebookId !== s.sessionNotebookId) return fail(404, "Notebook not found in this session");
    return s;
  };

  const routes: Route[] = [
    {
      method: "POST",
      path: "/v2/sessions",
      handler: (req) => {
        const denied = authorize(req);
        if (denied) return denied;
        const body = parse(CreateBody, req);
        if (isErr(body)) return body;
        const nb = store.notebooks[body.notebookId];
        if (!nb) return fail(404, "Notebook not found");
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
        const planned = store.nextRun;
        store.nextRun = null;
        store.runs[s.initialRunId] = {
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
        store.sessions[s.id] = s;
        return { status: 202, body: { session: sessionWire(store, s), run: runWire(store.runs[s.initialRunId]) } };
      },
    },
    {
      method: "GET",
      path: "/v2/sessions/:id/status",
      // A status poll is not activity (inferred): it must not keep an idle session alive.
      handler: (req) => {
        const denied = authorize(req);
        if (denied) return denied;
        const s = live(req, req.query.get("notebookId"));
        if (isErr(s)) return s;
        const run = store.runs[s.initialRunId];
        const busy = run && !TERMINAL.includes(run.status);
        return { status: 200, body: { session: sessionWire(store, s), kernel: { state: busy ? "busy" : "idle", executingBlockId: null, queuedBlockIds: [] } } };
      },
    },
    {
      method: "POST",
      path: "/v2/sessions/:id/interrupt",
      handler: (req) => {
        const denied = authorize(req);
        if (denied) return denied;
        const body = parse(NotebookBody, req);
        if (isErr(body)) return body;
        const s = live(req, body.notebookId);
        if (isErr(s)) return s;
        const run = store.runs[s.initialRunId];
        if (run && !TERMINAL.includes(run.status)) Object.assign(run, { status: "stopped", completedAt: now() });
        s.lastActivityAt = now();
        return { status: 200, body: { session: sessionWire(store, s) } };
      },
    },
    {
      method: "POST",
      path: "/v2/sessions/:id/execute",
      handler: (req) => {
        const denied = authorize(req);
        if (denied) return denied;
        const body = parse(ExecuteBody, req);
        if (isErr(body)) return body;
        const s = live(req, body.notebookId);
        if (isErr(s)) return s;
        s.lastActivityAt = now();
        const result = executeCode(body.code, body.timeoutMs ?? 10000);
        return result.timedOut ? fail(408) : { status: 200, body: { outputs: result.outputs } };
      },
    },
    {
      method: STOP_ROUTE.method,
      path: STOP_ROUTE.path,
      handler: (req) => {
        const denied = authorize(req);
        if (denied) return denied;
        const s = store.sessions[req.params.id];
        if (!s || s.endedAt !== null) return fail(404, "Session not found");
        s.endedAt = now();
        const run = store.runs[s.initialRunId];
        if (run && !TERMINAL.includes(run.status)) Object.assign(run, { status: "stopped", completedAt: now() });
        return { status: 204 };
      },
    },
    {
      method: "GET",
      path: "/v2/runs/:runId",
      handler: (req) => {
        const denied = authorize(req);
        if (denied) return denied;
        const run = store.runs[req.params.runId];
        return run ? { status: 200, body: { run: runWire(run) } } : fail(404, "Run not found");
      },
    },
  ];

  const controlRoutes: Route[] = [
    {
      method: "POST",
      path: "/_emulator/deepnote/notebooks",
      handler: (req) => {
        const b = (jsonBody(req) ?? {}) as { id?: string; name?: string; projectId?: string };
        const nb = { id: b.id ?? hex32(), projectId: b.projectId ?? DEEPNOTE_DEMO.projectId, name: b.name ?? "Notebook" };
        store.notebooks[nb.id] = nb;
        return { status: 201, body: nb };
      },
    },
    {
      method: "POST",
      path: "/_emulator/deepnote/next-run",
      handler: (req) => {
        const b = (jsonBody(req) ?? {}) as { status?: string; message?: string };
        if (b.status !== "error" && b.status !== "internal_error") return fail(400, 'status must be "error" or "internal_error"');
        store.nextRun = { status: b.status, message: b.message ?? "NameError: name 'undefined_variable' is not defined" };
        return { status: 204 };
      },
    },
    {
      method: "POST",
      path: "/_emulator/deepnote/sessions/:id/expire",
      handler: (req) => {
        const s = store.sessions[req.params.id];
        if (!s) return fail(404, "Session not found");
        s.endedAt ??= now();
        return { status: 204 };
      },
    },
  ];

  return {
    name: "deepnote",
    clock,
    get store() {
      return store;
    },
    routes: () => routes,
    controlRoutes: () => controlRoutes,
    errorBody: (status, _code, message) => fail(status, message === "injected fault" ? MESSAGES[status] : message),
    snapshot: () => {
      for (const s of Object.values(store.sessions)) advanceSession(store, s, now(), durationMs);
      return {
        sessions: Object.values(store.sessions).map((s) => ({ ...sessionWire(store, s), live: s.endedAt === null, inputs: s.inputs, initialRunId: s.initialRunId })),
        store,
      };
    },
    restore: (snap) => {
      const st = (snap as { store?: Store } | undefined)?.store;
      if (st?.sessions && st.notebooks) store = st;
    },
    reset: () => {
      store = seed();
    },
  };
}

export async function startDeepnoteEmulator(
  opts: DeepnoteEmulatorOptions & StartOptions = {},
): Promise<{ running: RunningEmulator; emulator: DeepnoteEmulator; info: { url: string; token: string; notebookId: string } }> {
  const clock = opts.clock ?? systemClock();
  const emulator = deepnoteEmulator({ ...opts, clock });
  const running = await startEmulator(emulator, { ...opts, clock });
  return { running, emulator, info: { url: `${running.origin}/v2`, token: emulator.store.tokens[0], notebookId: DEEPNOTE_DEMO.notebookId } };
}
