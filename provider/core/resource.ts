import type { z } from "zod";
import { ApiError, SessionGoneError, SessionsError } from "./errors";
import { jsonEqual, plainJson, type Json } from "./json";
import { PACKAGE_VERSION } from "./version";
import { waitForState } from "./waiter";

/** The engine's placeholder for values not known during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const PROVIDER_KEY = "__provider";
/** Present in the outputs only while a create's wait has not succeeded yet (the init-error path). */
export const INIT_ERROR_KEY = "initError";

/** Inputs every session resource takes (provider-only: never replace, never call the API). */
export interface WaitInputs {
  waitTimeoutSeconds: number;
  pollIntervalMs: number;
}

export interface WaitTarget<R> {
  target: string[];
  failure: string[];
  reason?: (remote: R) => string | undefined;
}

/**
 * What a vendor module supplies: its schema, mapping and state machine. The wrapper
 * gives every vendor the same check/diff/create/read/update/delete behaviour.
 */
export interface SessionVendor<I extends WaitInputs, R> {
  /** "IBM Quantum session": prefixes every message. */
  kind: string;
  /** Input schema with defaults; its keys are the resource's inputs. */
  schema: z.ZodObject<z.ZodRawShape> & z.ZodType<I>;
  /** Fix hints per input path, appended to check failures. */
  hints?: Partial<Record<string, string>>;
  replaceOn: (keyof I & string)[];
  updateOn: (keyof I & string)[];
  /** Changes that cannot be applied in place given the stored outputs (e.g. a closed session). */
  mustReplace?: (oldOutputs: Record<string, unknown>, news: I, changed: (keyof I & string)[]) => (keyof I & string)[];
  /** Replace by deleting first (a vendor that allows one session per path). */
  deleteBeforeReplace?: (olds: I, news: I) => boolean;
  /** Credential/setting checks run by `check` (preview) before any API call. */
  preflight?: (inputs: I) => void;
  /** `memo`: facts to keep in the outputs (e.g. the initial run's id) and hand back to `get`. */
  create(inputs: I): Promise<{ id: string; remote?: R; memo?: Record<string, unknown> }>;
  /**
   * undefined when the API says it does not exist. `prior`: the create's memo, or the
   * stored outputs on read/update/delete.
   */
  get(id: string, inputs: I, prior: Record<string, unknown>): Promise<R | undefined>;
  stateOf(remote: R): string;
  /** What create (and update, resuming after an init error) waits for. */
  waitFor(inputs: I): WaitTarget<R>;
  /** Called while waiting, after each read that found a pending state. */
  onPending?(id: string, remote: R, inputs: I): Promise<void>;
  /** Found like this on refresh, the session is dropped from state. */
  isGone(remote: R, inputs: I): boolean;
  /** Output keys that come from the create's memo and must be carried forward. */
  memoKeys?: string[];
  /** Computed outputs (merged over the inputs). */
  outputs(remote: R, inputs: I): Record<string, unknown>;
  /** Inputs as the remote object now has them (drift shows on the next preview). */
  refreshInputs?(remote: R, inputs: I): I;
  update?(id: string, olds: I, news: I, remote: R): Promise<void>;
  /** The stored outputs show a session delete has nothing left to do for. */
  alreadyDeleted?(outputs: Record<string, unknown>, inputs: I): boolean;
  delete(id: string, inputs: I): Promise<void>;
}

export interface CheckFailure {
  property: string;
  reason: string;
}

type Props = Record<string, unknown>;

/** The handlers a serialized provider delegates to: plain JSON in, plain JSON out. */
export interface SessionHandlers {
  check(olds: Props, news: Props): Promise<{ inputs?: Json; failures?: CheckFailure[] }>;
  diff(id: string, olds: Props, news: Props): Promise<{ changes: boolean; replaces: string[]; deleteBeforeReplace: boolean }>;
  create(props: Props): Promise<{ id: string; outs: Json }>;
  read(id: string, props: Props): Promise<{ id: string; props: Json; inputs?: Json }>;
  update(id: string, olds: Props, news: Props): Promise<{ outs: Json }>;
  delete(id: string, props: Props): Promise<void>;
}

/** The generic handlers the serialized provider delegates to. */
export function sessionResource<I extends WaitInputs, R>(v: SessionVendor<I, R>): SessionHandlers {
  const inputKeys = Object.keys(v.schema.shape) as (keyof I & string)[];

  const pickInputs = (props: Props): Props => {
    const out: Props = {};
    for (const k of inputKeys) if (props[k] !== undefined) out[k] = props[k];
    return out;
  };
  const parseInputs = (props: Props): I => v.schema.parse(pickInputs(props)) as I;

  const outputsOf = (inputs: I, remote: R | undefined, id: string, extra: Props = {}): Json => {
    const computed: Props = remote === undefined ? {} : v.outputs(remote, inputs);
    // An input the API does not echo back keeps the user's value (else diff would see a change).
    for (const k of inputKeys) if (computed[k] === null || computed[k] === undefined) delete computed[k];
    return plainJson({ ...inputs, ...computed, ...extra, id, providerVersion: PACKAGE_VERSION });
  };

  const waitUntilReady = (id: string, inputs: I, prior: Props) => {
    const t = v.waitFor(inputs);
    return waitForState<R>({
      what: `${v.kind} ${id}`,
      read: () => v.get(id, inputs, prior),
      stateOf: v.stateOf,
      target: t.target,
      failure: t.failure,
      reasonOf: t.reason,
      onPending: v.onPending ? (remote) => v.onPending!(id, remote, inputs) : undefined,
      timeoutMs: inputs.waitTimeoutSeconds * 1000,
      pollIntervalMs: inputs.pollIntervalMs,
      notFoundChecks: 1,
    });
  };

  // An optional input left unset has no opinion (optional + computed, as in Terraform):
  // the value the API chose, stored in the outputs, is not a change.
  const differs = (olds: Props, news: Props, k: string) => news[k] === UNKNOWN || (news[k] !== undefined && !jsonEqual(olds[k], news[k]));

  // Memo keys survive every later write of the outputs.
  const memoOf = (props: Props): Props => {
    const out: Props = {};
    for (const k of v.memoKeys ?? []) if (props[k] !== undefined) out[k] = props[k];
    return out;
  };

  const prefix = (op: string, id: string | undefined, e: unknown): never => {
    if (e instanceof SessionsError && !e.message.startsWith("cannot ")) {
      e.message = `cannot ${op} ${v.kind}${id ? ` ${id}` : ""}: ${e.message}`;
    }
    throw e;
  };

  return {
    async check(_olds: Props, news: Props): Promise<{ inputs?: Json; failures?: CheckFailure[] }> {
      // Values unknown during preview cannot be validated yet; they are checked again at `up`.
      const raw = pickInputs(news);
      const unknownKeys = Object.keys(raw).filter((k) => raw[k] === UNKNOWN);
      for (const k of unknownKeys) delete raw[k];
      const partial = unknownKeys.length ? v.schema.partial() : v.schema;
      const parsed = partial.safeParse(raw);
      if (!parsed.success) {
        return {
          inputs: plainJson(news),
          failures: parsed.error.issues.map((issue) => {
            const property = issue.path.map(String).join(".") || "(inputs)";
            const hint = v.hints?.[String(issue.path[0])];
            return { property, reason: `${issue.message}${hint ? `. ${hint}` : ""}` };
          }),
        };
      }
      const inputs = { ...(parsed.data as Props) };
      for (const k of unknownKeys) inputs[k] = UNKNOWN;
      try {
        v.preflight?.(inputs as unknown as I);
      } catch (e) {
        // The dynamic-provider host prints `${e}: ${e.stack}`; the message is the useful part.
        if (e instanceof SessionsError) e.stack = "";
        throw e;
      }
      return { inputs: plainJson(inputs) };
    },

    async diff(_id: string, olds: Props, news: Props) {
      const changed = inputKeys.filter((k) => differs(olds, news, k));
      const replaces = changed.filter((k) => v.replaceOn.includes(k));
      if (v.mustReplace && changed.length) {
        for (const k of v.mustReplace(olds, news as unknown as I, changed)) if (!replaces.includes(k)) replaces.push(k);
      }
      // State written by another version of this package: an update with no remote
      // change refreshes the stored provider code (pulumi.md §2.3).
      const versionChanged = olds.providerVersion !== PACKAGE_VERSION;
      let deleteBeforeReplace = false;
      if (replaces.length && v.deleteBeforeReplace && !replaces.some((k) => news[k] === UNKNOWN)) {
        deleteBeforeReplace = v.deleteBeforeReplace(parseInputs(olds), parseInputs(news));
      }
      return { changes: changed.length > 0 || versionChanged, replaces, deleteBeforeReplace };
    },

    async create(props: Props) {
      const inputs = parseInputs(props);
      let created: { id: string; remote?: R; memo?: Props };
      try {
        v.preflight?.(inputs);
        created = await v.create(inputs);
      } catch (e) {
        return prefix("create", undefined, e);
      }
      const { id } = created;
      const memo = created.memo ?? {};
      try {
        const remote = await waitUntilReady(id, inputs, memo);
        return { id, outs: outputsOf(inputs, remote, id, memo) };
      } catch (e) {
        // The session exists remotely: record it (init error) so `destroy` can close it
        // and the next `up` resumes waiting instead of opening a second one.
        const message = e instanceof Error ? e.message : String(e);
        let last = created.remote;
        try {
          last = (await v.get(id, inputs, memo)) ?? last;
        } catch {
          /* keep what we had */
        }
        throw Object.assign(new Error(`cannot create ${v.kind} ${id}: ${message}`), {
          id,
          properties: { ...(outputsOf(inputs, last, id, memo) as Props), [INIT_ERROR_KEY]: message, [PROVIDER_KEY]: props[PROVIDER_KEY] },
          reasons: [message],
        });
      }
    },

    async read(id: string, props: Props) {
      const inputs = parseInputs(props);
      let remote: R | undefined;
      try {
        remote = await v.get(id, inputs, props);
      } catch (e) {
        return prefix("read", id, e);
      }
      if (remote === undefined || v.isGone(remote, inputs)) return { id: "", props: {} };
      const refreshed = v.refreshInputs ? v.refreshInputs(remote, inputs) : inputs;
      // A session still short of its target state after an init error stays marked, so the next `up` resumes waiting.
      const pending = props[INIT_ERROR_KEY] !== undefined && !v.waitFor(refreshed).target.includes(v.stateOf(remote));
      const extra = { ...memoOf(props), ...(pending ? { [INIT_ERROR_KEY]: props[INIT_ERROR_KEY] } : {}) };
      return { id, props: outputsOf(refreshed, remote, id, extra), inputs: plainJson(pickInputs(refreshed as Props)) };
    },

    async update(id: string, olds: Props, news: Props) {
      const oldInputs = parseInputs(olds);
      const inputs = parseInputs(news);
      try {
        v.preflight?.(inputs);
        const remoteChange = v.updateOn.some((k) => differs(olds, news, k));
        if (!remoteChange && olds[INIT_ERROR_KEY] === undefined) {
          // Only provider-only inputs (or the package version) changed: no API call
          // (decisions.md §10); the stored outputs just take the new values.
          const { [PROVIDER_KEY]: _code, ...kept } = olds;
          return { outs: plainJson({ ...kept, ...inputs, id, providerVersion: PACKAGE_VERSION }) };
        }
        const current = await v.get(id, inputs, olds);
        if (current === undefined) throw new SessionGoneError(`${v.kind} ${id}`);
        if (remoteChange && v.update) await v.update(id, oldInputs, inputs, current);
        // Also the path after an init error: keep waiting for the target state.
        const remote = await waitUntilReady(id, inputs, olds);
        return { outs: outputsOf(inputs, remote, id, memoOf(olds)) };
      } catch (e) {
        return prefix("update", id, e);
      }
    },

    async delete(id: string, props: Props) {
      const inputs = parseInputs(props);
      try {
        // No read first: delete treats "not found" as done, and stored outputs tell
        // whether there is nothing to do, so destroy costs one call per session.
        if (v.alreadyDeleted?.(props, inputs)) return;
        await v.delete(id, inputs);
      } catch (e) {
        if (e instanceof ApiError && (e.status === 404 || e.status === 410)) return;
        return prefix("delete", id, e);
      }
    },
  };
}

