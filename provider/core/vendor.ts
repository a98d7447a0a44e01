import type { z } from "zod";

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

/**
 * What a vendor module supplies: its schema, mapping and state machine. The wrapper
 * (resource.ts) gives every vendor the same check/diff/create/read/update/delete.
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
  /**
   * Optional inputs whose value the API chooses when they are unset (optional +
   * computed, as in Terraform): removing one is no change. Every other optional input,
   * removed, is a change like any other.
   */
  computedInputs?: (keyof I & string)[];
  /**
   * Changes that cannot be applied in place (e.g. to a closed session). May read the
   * session: the stored outputs can be stale. `news` values may be UNKNOWN in preview.
   */
  mustReplace?(id: string, olds: Props, news: Props, changed: (keyof I & string)[]): Promise<(keyof I & string)[]>;
  /** Replace by deleting first (a vendor that allows one session per path). Values may be UNKNOWN. */
  deleteBeforeReplace?: (olds: Props, news: Props) => boolean;
  /** Credential/setting checks run by `check` (preview) before any API call; skip what `unknown` names. */
  preflight?: (inputs: I, unknown: ReadonlySet<string>) => void;
  /**
   * The one call that makes the remote object. `memo`: facts to keep in the outputs
   * (memoKeys) and hand back as `prior`, e.g. where the session lives.
   */
  create(inputs: I): Promise<{ id: string; remote?: R; memo?: Props }>;
  /**
   * Further steps once the object exists; a failure here still records it (init error).
   * Resolves true when it changed the remote object (the create's answer is then stale).
   */
  afterCreate?(id: string, inputs: I, remote: R | undefined, memo: Props): Promise<boolean>;
  /**
   * undefined when the API says it does not exist. `prior`: the create's memo, or the
   * stored outputs on read/update/delete.
   */
  get(id: string, inputs: I, prior: Props): Promise<R | undefined>;
  stateOf(remote: R): string;
  waitFor(inputs: I): WaitTarget<R>;
  /** Called while waiting, after each read that found a pending state. */
  onPending?(id: string, remote: R, inputs: I): Promise<boolean | void>;
  /** Found like this on refresh, the session is dropped from state. */
  isGone(remote: R, inputs: I): boolean;
  /** Output keys that come from the create's memo and are carried forward. */
  memoKeys?: string[];
  /** Computed outputs (merged over the inputs). */
  outputs(remote: R, inputs: I): Props;
  /** Inputs as the remote object now has them (drift shows on the next preview). */
  refreshInputs?(remote: R, inputs: I): I;
  /**
   * Brings the session in line with `news`, given `remote` as just read. Also runs when
   * resuming after an init error with no input change, so it must compare with `remote`
   * (or be harmless to repeat).
   */
  update?(id: string, olds: I, news: I, remote: R, prior: Props): Promise<void>;
  /** The stored outputs show a session delete has nothing left to do for. */
  alreadyDeleted?(outputs: Props, inputs: I): boolean;
  delete(id: string, inputs: I, prior: Props): Promise<void>;
  /**
   * `pulumi import` (provider plugin): the import id → the session id and the inputs that
   * say where it lives (documented per vendor in the README). Throws a SessionsError
   * explaining the format when the id does not parse.
   */
  importId(id: string): { id: string; inputs: Props; memo?: Props };
  /** `pulumi import`: the inputs the session as read implies (the required ones at least). */
  importInputs(remote: R, addressing: Props): Props | Promise<Props>;
}
