import { checkInputs, type CheckFailure } from "./check";
import { engineTimeout, withDeadline } from "./deadline";
import type { z } from "zod";
import { CannotLookError, InvalidInputError, NotFoundError, SessionGoneError, SessionsError } from "./errors";
import { migrateStored } from "./migrate";
import { jsonEqual, plainJson, type Json } from "./json";
import { PACKAGE_VERSION } from "./version";
import { UNKNOWN, type DiscoveredSession, type Props, type SessionKind, type SessionVendor, type WaitInputs } from "./vendor";
import { waitForState } from "./waiter";

export { UNKNOWN } from "./vendor";
export type { CheckFailure } from "./check";
export type { SessionKind, SessionVendor, WaitInputs, WaitTarget } from "./vendor";

const PROVIDER_KEY = "__provider";
/**
 * Present in the outputs while the session is short of its target state: after a
 * create or update whose wait failed, or a refresh that found it in a failure state.
 * `diff` turns it into an update that resumes waiting, so `up` keeps failing with the
 * reason until the session is live, replaced or destroyed.
 */
export const INIT_ERROR_KEY = "initError";
/** How long the last-state read after a failed wait may take. */
const LAST_READ_MS = 10_000;

/** The handlers a serialized provider delegates to: plain JSON in, plain JSON out. */
export interface SessionHandlers {
  check(olds: Props, news: Props): Promise<{ inputs?: Json; failures?: CheckFailure[] }>;
  /**
   * `changed`: the inputs that differ (the provider plugin's detailed diff; the dynamic provider ignores it).
   * `callsService`: whether applying it calls the service (a replacement, or an update that does), so
   * a planner knows which outputs may change (OpenTofu's plan).
   */
  diff(id: string, olds: Props, news: Props): Promise<{ changes: boolean; replaces: string[]; deleteBeforeReplace: boolean; changed: string[]; callsService: boolean }>;
  create(props: Props): Promise<{ id: string; outs: Json }>;
  read(id: string, props: Props): Promise<{ id: string; props: Json; inputs?: Json }>;
  update(id: string, olds: Props, news: Props): Promise<{ outs: Json }>;
  delete(id: string, props: Props): Promise<void>;
  /** Sessions a create with these inputs could have made, none of `held` (a run that died mid-create). */
  findCreated(props: Props, ctx: { held: ReadonlySet<string>; since?: number }): Promise<string[]>;
  /** The live sessions the service reports where `where` points (`pulumi-sessions discover`). */
  discover(where: Props): Promise<DiscoveredSession[]>;
}

/** The generic handlers every engine path delegates to, for one kind. */
export function sessionResource(kind: SessionKind): SessionHandlers {
  type I = WaitInputs & Props;
  type R = unknown;
  const inputKeys = Object.keys(kind.inputs.shape);
  const computed = new Set<string>(kind.computedInputs ?? []);
  const replaceOn = new Set<string>(kind.replaceOn);
  const updateOn = kind.updateOn ?? [];
  // The behaviour (clients, signers) loads on first use; check needs only the schema.
  let loaded: SessionVendor<I, R> | undefined;
  const vendor = () => (loaded ??= kind.load() as unknown as SessionVendor<I, R>);

  const pickInputs = (props: Props): Props => {
    const out: Props = {};
    for (const k of inputKeys) if (props[k] !== undefined) out[k] = props[k];
    return out;
  };
  /** Inputs that went through `check` (the program's, or an import's): today's schema applies. */
  const parseInputs = (props: Props): I => {
    const r = kind.inputs.safeParse(pickInputs(props));
    if (r.success) return r.data as I;
    const issue = r.error.issues[0];
    throw new InvalidInputError(kind.title, issue.path.map(String).join(".") || "(inputs)", issue.message);
  };
  /**
   * Inputs as stored by any release, upgraded by the kind's migrations and read as they are:
   * a value today's validator refuses (a check tightened since) is kept, not rejected, so the
   * session can still be refreshed, updated and destroyed. Unset inputs take today's defaults.
   */
  const storedInputs = (props: Props): I => {
    const picked = pickInputs(props);
    const whole = kind.inputs.safeParse(picked);
    if (whole.success) return whole.data as I;
    const out: Props = {};
    for (const [k, field] of Object.entries(kind.inputs.shape)) {
      const one = (field as z.ZodType).safeParse(picked[k]);
      out[k] = one.success ? one.data : picked[k];
    }
    return out as I;
  };
  const upgraded = (stored: Props): Props => migrateStored(stored, kind.migrations);

  /** `version`: of the provider code stored with these outputs (refresh keeps the old code, so the old version). */
  const outputsOf = (inputs: I, remote: R | undefined, id: string, extra: Props = {}, version: unknown = PACKAGE_VERSION): Json => {
    const fromRemote: Props = remote === undefined ? {} : vendor().outputs(remote, inputs);
    // An input the API does not echo back keeps the user's value (else diff would see a change).
    for (const k of inputKeys) if (fromRemote[k] === null || fromRemote[k] === undefined) delete fromRemote[k];
    return plainJson({ ...inputs, ...fromRemote, ...extra, id, providerVersion: version });
  };

  // An unset computed input has no opinion: the value the API chose is not a change.
  // Any other input that is removed is a change (and a replace where its key says so).
  const differs = (olds: Props, news: Props, k: string) =>
    news[k] === UNKNOWN || (news[k] === undefined && computed.has(k) ? false : !jsonEqual(olds[k], news[k]));

  /**
   * Whether an update from `olds` to `news` calls the service: an input the service holds
   * changed, or the session is short of its target (init error). Otherwise only provider-only
   * inputs (or the package version) changed, and the update just rewrites state.
   */
  const updateCallsService = (olds: Props, news: Props) => olds[INIT_ERROR_KEY] !== undefined || updateOn.some((k) => differs(olds, news, k));

  const memoOf = (props: Props): Props => {
    const out: Props = {};
    for (const k of vendor().memoKeys ?? []) if (props[k] !== undefined) out[k] = props[k];
    return out;
  };

  const waitUntilReady = (id: string, inputs: I, prior: Props) => {
    const v = vendor();
    const t = v.waitFor(inputs);
    // The engine's customTimeouts (provider plugin) replace waitTimeoutSeconds.
    const engine = engineTimeout();
    return waitForState<R>({
      what: `${kind.title} ${id}`,
      read: () => v.get(id, inputs, prior),
      stateOf: v.stateOf,
      target: t.target,
      failure: t.failure,
      reasonOf: t.reason,
      onPending: v.onPending ? (remote) => v.onPending!(id, remote, inputs) : undefined,
      timeoutMs: engine?.ms ?? inputs.waitTimeoutSeconds * 1000,
      timeoutInput: engine?.source,
      pollIntervalMs: inputs.pollIntervalMs,
      notFoundChecks: 1,
    });
  };

  const prefix = (op: string, id: string | undefined, e: unknown): never => {
    if (e instanceof SessionsError && !e.message.startsWith("cannot ")) {
      e.message = `cannot ${op} ${kind.title}${id ? ` ${id}` : ""}: ${e.message}`;
    }
    throw e;
  };

  /**
   * The session exists remotely but is not (yet) what the inputs ask for: record it
   * with the reason (the engine's init-error path), so `destroy` can close it and the
   * next `up` resumes instead of opening a second one.
   */
  const initError = async (op: string, id: string, inputs: I, e: unknown, memo: Props, last: R | undefined, provider: unknown) => {
    const message = e instanceof Error ? e.message : String(e);
    try {
      last = (await withDeadline(Date.now() + LAST_READ_MS, () => vendor().get(id, inputs, memo), "the last read after a failed wait (10 s)")) ?? last;
    } catch {
      /* keep what we had */
    }
    const text = message.startsWith("cannot ") ? message : `cannot ${op} ${kind.title} ${id}: ${message}`;
    return Object.assign(new Error(text), {
      id,
      properties: { ...(outputsOf(inputs, last, id, memo) as Props), [INIT_ERROR_KEY]: message, [PROVIDER_KEY]: provider },
      reasons: [message],
    });
  };

  return {
    async check(_olds: Props, news: Props) {
      const r = checkInputs(kind.inputs, news, kind.hints);
      if (!r.data) return { inputs: plainJson(news), failures: r.failures };
      try {
        vendor().preflight?.(r.data as unknown as I, new Set(r.unknownKeys));
      } catch (e) {
        // The dynamic-provider host prints `${e}: ${e.stack}`; the message is the useful part.
        if (e instanceof SessionsError) e.stack = "";
        throw e;
      }
      return { inputs: plainJson(r.data) };
    },

    async diff(id: string, stored: Props, news: Props) {
      const v = vendor();
      const olds = upgraded(stored);
      const changed = inputKeys.filter((k) => differs(olds, news, k));
      const replaces = changed.filter((k) => replaceOn.has(k));
      if (v.mustReplace && changed.length) {
        for (const k of await v.mustReplace(id, olds, news, changed)) if (!replaces.includes(k)) replaces.push(k);
      }
      // State written by another version of this package: an update with no remote
      // change refreshes the stored provider code (docs/pulumi-engine.md).
      const versionChanged = olds.providerVersion !== PACKAGE_VERSION;
      // Short of its target (init error, or found failed by refresh): `up` must try again.
      const resuming = olds[INIT_ERROR_KEY] !== undefined;
      const deleteBeforeReplace = replaces.length > 0 && !!v.deleteBeforeReplace?.(olds, news);
      const callsService = replaces.length > 0 || updateCallsService(olds, news);
      return { changes: changed.length > 0 || versionChanged || resuming, replaces, deleteBeforeReplace, changed, callsService };
    },

    async create(props: Props) {
      const v = vendor();
      let inputs: I;
      let created: { id: string; remote?: R; memo?: Props };
      try {
        inputs = parseInputs(props);
        v.preflight?.(inputs, new Set());
        created = await v.create(inputs);
      } catch (e) {
        return prefix("create", undefined, e);
      }
      const { id } = created;
      const memo = created.memo ?? {};
      try {
        const changed = (await v.afterCreate?.(id, inputs, created.remote, memo)) ?? false;
        // A create whose answer already shows a live session needs no read after it.
        const answered = !changed && created.remote !== undefined && v.waitFor(inputs).target.includes(v.stateOf(created.remote));
        const remote = answered ? created.remote! : await waitUntilReady(id, inputs, memo);
        return { id, outs: outputsOf(inputs, remote, id, memo) };
      } catch (e) {
        throw await initError("create", id, inputs, e, memo, created.remote, props[PROVIDER_KEY]);
      }
    },

    async read(importedId: string, storedProps: Props) {
      const v = vendor();
      const stored = upgraded(storedProps);
      let id = importedId;
      let props = stored;
      let remote: R | undefined;
      let inputs: I;
      try {
        if (inputKeys.every((k) => stored[k] === undefined)) {
          // `pulumi import`: nothing stored yet; the id says where the session lives.
          const imported = v.importId ? v.importId(importedId) : { id: importedId, inputs: {} };
          const addressed = { ...imported.memo, ...imported.inputs };
          id = imported.id;
          remote = await v.get(id, imported.inputs as I, addressed);
          if (remote === undefined) return { id: "", props: {} };
          inputs = parseInputs({ ...((await v.importInputs?.(remote, imported.inputs)) ?? {}), ...imported.inputs });
          props = { ...addressed, ...(inputs as Props) };
        } else {
          inputs = storedInputs(props);
          remote = await v.get(id, inputs, props);
        }
      } catch (e) {
        return prefix("read", id, e);
      }
      if (remote === undefined || v.isGone?.(remote, inputs)) return { id: "", props: {} };
      const refreshed = v.refreshInputs ? v.refreshInputs(remote, inputs) : inputs;
      const t = v.waitFor(refreshed);
      const state = v.stateOf(remote);
      // Still short of its target after an init error, or found in a failure state: keep
      // (or set) the marker so the next `up` says so instead of calling it fine.
      let marker = t.target.includes(state) ? undefined : props[INIT_ERROR_KEY];
      if (t.failure.includes(state)) {
        const reason = t.reason?.(remote);
        marker = `${kind.title} ${id} is ${state}${reason ? ` (${reason})` : ""}`;
      }
      const extra = { ...memoOf(props), ...(marker !== undefined ? { [INIT_ERROR_KEY]: marker } : {}) };
      // The engine keeps the stored provider code on refresh: keep its version too, so the
      // next `up` still sees a version change and stores the new code (docs/pulumi-engine.md).
      const version = typeof props.providerVersion === "string" ? props.providerVersion : PACKAGE_VERSION;
      return { id, props: outputsOf(refreshed, remote, id, extra, version), inputs: plainJson(pickInputs(refreshed as Props)) };
    },

    async update(id: string, storedOlds: Props, news: Props) {
      const v = vendor();
      const olds = upgraded(storedOlds);
      const oldInputs = storedInputs(olds);
      let inputs: I;
      try {
        inputs = parseInputs(news);
      } catch (e) {
        return prefix("update", id, e);
      }
      const memo = memoOf(olds);
      if (!updateCallsService(olds, news)) {
        // No API call (provider-only inputs never make one): the stored outputs just take the new values.
        const { [PROVIDER_KEY]: _code, ...kept } = olds;
        return { outs: plainJson({ ...kept, ...inputs, id, providerVersion: PACKAGE_VERSION }) };
      }
      let current: R | undefined;
      try {
        v.preflight?.(inputs, new Set());
        current = await v.get(id, inputs, olds);
        if (current === undefined) throw new SessionGoneError(`${kind.title} ${id}`);
        if (v.update) await v.update(id, oldInputs, inputs, current, olds);
      } catch (e) {
        return prefix("update", id, e);
      }
      // The remote may have changed now: whatever fails from here is recorded with the
      // new inputs, so state never lags behind what was applied.
      try {
        const remote = await waitUntilReady(id, inputs, olds);
        return { outs: outputsOf(inputs, remote, id, memo) };
      } catch (e) {
        throw await initError("update", id, inputs, e, memo, current, news[PROVIDER_KEY] ?? olds[PROVIDER_KEY]);
      }
    },

    async discover(where: Props) {
      const v = vendor();
      if (!v.discover) throw new CannotLookError(kind.title);
      return v.discover(where);
    },

    async findCreated(props: Props, ctx: { held: ReadonlySet<string>; since?: number }) {
      const v = vendor();
      if (!v.findCreated) throw new CannotLookError(kind.title);
      return v.findCreated(storedInputs(upgraded(props)), ctx);
    },

    async delete(id: string, storedProps: Props) {
      const v = vendor();
      const props = upgraded(storedProps);
      const inputs = storedInputs(props);
      try {
        // No read first: delete treats "not found" as done, and stored outputs tell
        // whether there is nothing to do, so destroy costs one call per session.
        if (v.alreadyDeleted?.(props, inputs)) return;
        await v.delete(id, inputs, props);
      } catch (e) {
        if (e instanceof NotFoundError) return;
        return prefix("delete", id, e);
      }
    },
  };
}
