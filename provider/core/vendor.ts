import type { z } from "zod";
import type { SettingSpec } from "./config";
import type { StateMigration } from "./migrate";

/** The engine's placeholder for values not known during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type Props = Record<string, unknown>;

/** Inputs every session resource takes (provider-only: never replace, never call the API). */
export interface WaitInputs {
  waitTimeoutSeconds: number;
  pollIntervalMs: number;
}

export interface WaitTarget<R> {
  /** States in which the session is live: create and update wait for one of them. */
  target: string[];
  /** States it will not come back from. */
  failure: string[];
  reason?: (remote: R) => string | undefined;
}

type ObjectSchema = z.ZodObject<z.ZodRawShape>;

/**
 * What a session kind is, without its behaviour: names, schemas, settings and which
 * inputs replace. Cheap to load (zod schemas only), so the registry (provider/kinds.ts)
 * can list every kind while a process loads the behaviour (`load`) of the kinds it uses.
 * The type tokens, the plugin's schema, the SDKs, the guardrails and the dynamic
 * classes all derive from this.
 */
export interface SessionKind<S extends ObjectSchema = ObjectSchema, O extends ObjectSchema = ObjectSchema, N extends string = string> {
  /** The module part of the type tokens ("ibm"), and the kind's name everywhere else. */
  name: N;
  /** The type part of the type tokens ("QuantumSession"). */
  type: string;
  /** "IBM Quantum session": prefixes every message. */
  title: string;
  /** One paragraph for the schema and the docs, with the import-id format. */
  description: string;
  /** Input schema with defaults; its keys are the resource's inputs. */
  inputs: S;
  /** What the resource reports beyond its inputs (the common outputs are added by the core). */
  outputs: O;
  /** Object types the outputs use, by schema type token ("sessions:index:Kernel"). */
  outputTypes?: Record<string, ObjectSchema>;
  /** The provider settings this kind reads (config key, environment variables, description). */
  settings: SettingSpec[];
  /** Fix hints per input, appended to check failures. */
  hints?: Partial<Record<keyof z.output<S> & string, string>>;
  /** Inputs whose change replaces the session. */
  replaceOn: (keyof z.output<S> & string)[];
  /** Inputs whose change is applied to the remote session in place (default: none). */
  updateOn?: (keyof z.output<S> & string)[];
  /**
   * Optional inputs whose value the API chooses when they are unset (optional +
   * computed, as in Terraform): removing one is no change. Every other optional input,
   * removed, is a change like any other.
   */
  computedInputs?: (keyof z.output<S> & string)[];
  /** Upgrade steps for state written by earlier releases, oldest first (migrate.ts). */
  migrations?: StateMigration[];
  /** The behaviour, loaded when the kind is first used (its client, signer, …). */
  load(): SessionVendor<z.output<S> & WaitInputs, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Keeps a kind's literal name and schema types (the registry's types derive from them). */
export function defineKind<S extends ObjectSchema, O extends ObjectSchema, N extends string>(k: SessionKind<S, O, N>): SessionKind<S, O, N> {
  return k;
}

/**
 * A kind's behaviour: what the wrapper (resource.ts) cannot know. Required are the hooks
 * every kind needs (make, read, state, wait targets, outputs, delete); the rest have
 * defaults, noted on each.
 */
export interface SessionVendor<I extends WaitInputs, R> {
  /**
   * The one call that makes the remote object. `memo`: facts to keep in the outputs
   * (memoKeys) and hand back as `prior`, e.g. where the session lives.
   */
  create(inputs: I): Promise<{ id: string; remote?: R; memo?: Props }>;
  /**
   * undefined when the API says it does not exist. `prior`: the create's memo, or the
   * stored outputs on read/update/delete.
   */
  get(id: string, inputs: I, prior: Props): Promise<R | undefined>;
  stateOf(remote: R): string;
  waitFor(inputs: I): WaitTarget<R>;
  /** Computed outputs (merged over the inputs): the kind's output schema's keys. */
  outputs(remote: R, inputs: I): Props;
  delete(id: string, inputs: I, prior: Props): Promise<void>;

  /**
   * Changes that cannot be applied in place (e.g. to a closed session). May read the
   * session: the stored outputs can be stale. `news` values may be UNKNOWN in preview.
   * Default: only `replaceOn`.
   */
  mustReplace?(id: string, olds: Props, news: Props, changed: string[]): Promise<string[]>;
  /** Replace by deleting first (a service that allows one session per path). Default: create first. */
  deleteBeforeReplace?: (olds: Props, news: Props) => boolean;
  /** Credential/setting checks run by `check` (preview) before any API call; skip what `unknown` names. */
  preflight?: (inputs: I, unknown: ReadonlySet<string>) => void;
  /**
   * Further steps once the object exists; a failure here still records it (init error).
   * Resolves true when it changed the remote object (the create's answer is then stale).
   */
  afterCreate?(id: string, inputs: I, remote: R | undefined, memo: Props): Promise<boolean>;
  /** Called while waiting, after each read that found a pending state. */
  onPending?(id: string, remote: R, inputs: I): Promise<boolean | void>;
  /** Found like this on refresh, the session is dropped from state. Default: only when not found. */
  isGone?(remote: R, inputs: I): boolean;
  /** Output keys that come from the create's memo and are carried forward. */
  memoKeys?: string[];
  /** Inputs as the remote object now has them (drift shows on the next preview). Default: as stored. */
  refreshInputs?(remote: R, inputs: I): I;
  /**
   * Brings the session in line with `news`, given `remote` as just read. Also runs when
   * resuming after an init error with no input change, so it must compare with `remote`
   * (or be harmless to repeat). Default: nothing to apply (updateOn is empty).
   */
  update?(id: string, olds: I, news: I, remote: R, prior: Props): Promise<void>;
  /** The stored outputs show a session delete has nothing left to do for. */
  alreadyDeleted?(outputs: Props, inputs: I): boolean;
  /**
   * `pulumi import`: the import id → the session id and the inputs that say where it
   * lives (documented per kind in the README). Throws an ImportIdError explaining the
   * format when the id does not parse. Default: the id as is, no addressing inputs.
   */
  importId?(id: string): { id: string; inputs: Props; memo?: Props };
  /** `pulumi import`: the inputs the session as read implies (the required ones at least). Default: none. */
  importInputs?(remote: R, addressing: Props): Props | Promise<Props>;
  /**
   * After a run died with this create in flight (`pulumi-sessions recover`): the sessions it
   * could have made — matching `inputs`, created since `since` (epoch ms), none of `held`
   * (the stack's recorded sessions). Default: the kind cannot be looked for.
   */
  findCreated?(inputs: I, ctx: { held: ReadonlySet<string>; since?: number }): Promise<string[]>;
  /**
   * `pulumi-sessions discover`: the live sessions the service reports where `where` points (the
   * addressing inputs of the kind's import id, e.g. a workspace), each with its import id and a
   * resource name to suggest. Default: the kind cannot be listed.
   */
  discover?(where: Props): Promise<DiscoveredSession[]>;
}

export interface DiscoveredSession {
  id: string;
  /** In the kind's import-id format (README "Import existing sessions"). */
  importId: string;
  /** A Pulumi resource name to suggest. */
  name: string;
  /** What identifies it to a person: a path, a backend, who opened it. */
  note: string;
}

/** A resource name from free text: letters, digits and dashes. */
export function nameFrom(...parts: string[]): string {
  return parts
    .join("-")
    .toLowerCase()
    .replace(/\.ipynb$/, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
}
