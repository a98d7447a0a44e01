import { startBackends, type Backends } from "./emulators";
import { collect, openStack, sessionIds, type E2EStack } from "./engine";
import { jupyterApi } from "./jupyter";

/**
 * One lifecycle, run for every language's program through the provider plugin under the real
 * CLI: all four kinds against the emulators and a real Jupyter Server — up, an empty preview,
 * an in-place update, a replace, a refresh that sees drift (and the next up undoing it), a
 * refresh that drops a session deleted out of band, destroy.
 */
export interface ProgramShape {
  /** The IBM backend and the Jupyter path the program declares. */
  ibmBackend: string;
  jupyterPath: string;
}

export interface LanguageSuite {
  /** "a Python program", for the describe title. */
  what: string;
  /** The program directory under test/e2e/programs. */
  program: string;
  /** Extra environment for the stack (an activated virtualenv, …) and PATH entries before the engine's. */
  env?: () => Record<string, string>;
  pathPrefix?: () => string | undefined;
  /** Declares the sessions in the program's own terms (stack config). */
  declare(s: E2EStack, b: Backends, shape: ProgramShape): Promise<void>;
  /** Runs once before the stack opens (installs, …). */
  setup?: () => Promise<void> | void;
  /** How long the first `up` may take (a Go program compiles its SDK the first time). */
  firstUpTimeoutMs?: number;
}

type RemoteSession = { id: string; state?: string; lifecycleState?: string; path?: string };

export function languageLifecycle(suite: LanguageSuite): void {
  let b: Backends;
  let s: E2EStack;
  const out = collect();
  const state = async (origin: string) => (await (await fetch(`${origin}/_emulator/state`)).json()) as { sessions: RemoteSession[] };
  const jupyterSessions = async () => (await (await jupyterApi(b.jupyter)("/sessions")).json()) as RemoteSession[];
  const ids = () => sessionIds(s);
  const declare = (over: Partial<ProgramShape> = {}) => suite.declare(s, b, { ibmBackend: "ibm_fez", jupyterPath: "work/lang.ipynb", ...over });

  describe(`${suite.what} through the provider plugin`, () => {
    beforeAll(async () => {
      await suite.setup?.();
      b = await startBackends();
      s = await openStack(suite.program, { ...b.env, AIDP_DP_ENDPOINT: b.oci.info.url, ...suite.env?.() }, { pathPrefix: suite.pathPrefix?.() });
    }, 300_000);
    afterAll(async () => {
      await s?.destroyAndRemove().catch(() => undefined);
      await b?.close();
    });

    it(
      "up opens one session of each kind",
      async () => {
        await declare();
        const up = await s.stack.up({ onOutput: out.onOutput });
        expect(up.summary.resourceChanges).toMatchObject({ create: 5 });
        const got = await ids();
        expect(Object.keys(got).sort()).toEqual(["deepnote", "ibm", "jupyter", "oci"]);
        expect((await state(b.ibm.running.origin)).sessions).toEqual([expect.objectContaining({ id: got.ibm, state: "open" })]);
        expect((await state(b.oci.running.origin)).sessions).toEqual([expect.objectContaining({ id: got.oci, lifecycleState: "ACTIVE" })]);
        expect((await state(b.dn.running.origin)).sessions.map((x) => x.id)).toEqual([got.deepnote]);
        expect((await jupyterSessions()).map((x) => x.id)).toEqual([got.jupyter]);
      },
      suite.firstUpTimeoutMs ?? 300_000,
    );

    it("preview right after up shows no changes", async () => {
      expect((await s.stack.preview({ onOutput: out.onOutput })).changeSummary).toEqual({ same: 5 });
    });

    it("a path change updates the Jupyter session in place (same id)", async () => {
      const before = (await ids()).jupyter;
      await declare({ jupyterPath: "work/renamed.ipynb" });
      const up = await s.stack.up({ onOutput: out.onOutput });
      expect(up.summary.resourceChanges).toMatchObject({ update: 1, same: 4 });
      expect(await jupyterSessions()).toEqual([expect.objectContaining({ id: before, path: "work/renamed.ipynb" })]);
    });

    it("a backend change replaces the IBM session and closes the old one", async () => {
      const before = (await ids()).ibm;
      await declare({ ibmBackend: "ibm_torino", jupyterPath: "work/renamed.ipynb" });
      const up = await s.stack.up({ onOutput: out.onOutput });
      expect(up.summary.resourceChanges).toMatchObject({ replace: 1 });
      const after = (await ids()).ibm;
      expect(after).not.toBe(before);
      const remote = (await state(b.ibm.running.origin)).sessions;
      expect(remote.find((x) => x.id === before)?.state).toBe("closed");
      expect(remote.find((x) => x.id === after)?.state).toBe("open");
    });

    it("refresh sees a Jupyter session renamed out of band, and the next up puts the program's path back", async () => {
      const id = (await ids()).jupyter;
      const moved = await jupyterApi(b.jupyter)(`/sessions/${id}`, { method: "PATCH", body: JSON.stringify({ path: "work/moved-by-hand.ipynb" }) });
      expect(moved.status).toBe(200);
      await s.stack.refresh({ onOutput: out.onOutput });
      expect((await s.stack.preview({ onOutput: out.onOutput })).changeSummary).toMatchObject({ update: 1 });
      await s.stack.up({ onOutput: out.onOutput });
      expect(await jupyterSessions()).toEqual([expect.objectContaining({ id, path: "work/renamed.ipynb" })]);
    });

    it("refresh drops a Jupyter session deleted out of band, and the next up opens a new one", async () => {
      const gone = (await ids()).jupyter;
      expect((await jupyterApi(b.jupyter)(`/sessions/${gone}`, { method: "DELETE" })).status).toBe(204);
      await s.stack.refresh({ onOutput: out.onOutput });
      expect((await ids()).jupyter).toBeUndefined();
      await s.stack.up({ onOutput: out.onOutput });
      const fresh = (await ids()).jupyter;
      expect(fresh).toBeTruthy();
      expect(fresh).not.toBe(gone);
    });

    it("destroy closes or deletes every session", async () => {
      await s.stack.destroy({ onOutput: out.onOutput });
      expect(await ids()).toEqual({});
      expect((await state(b.ibm.running.origin)).sessions.every((x) => x.state === "closed")).toBe(true);
      expect((await state(b.oci.running.origin)).sessions).toEqual([]);
      expect(await jupyterSessions()).toEqual([]);
    });
  });
}
