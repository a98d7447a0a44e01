import { randomUUID } from "node:crypto";
import { HttpError, type FaultRule } from "./types";

const MODES = ["respond", "latency", "reset-before-handler", "reset-after-handler", "truncate-body", "invalid-json"];

/** A small, fast, seedable PRNG (mulberry32): fault draws replay for the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Compiled extends FaultRule {
  id: string;
  pattern: RegExp;
  injected: number;
}

/** The fault rules of one emulator, drawn from one seeded source. */
export class FaultSet {
  private rules: Compiled[] = [];
  private random: () => number;
  seed: number;
  /** Faults injected so far, by mode (the chaos report counts them). */
  injected: Record<string, number> = {};

  constructor(seed = 1) {
    this.seed = seed;
    this.random = seededRandom(seed);
  }

  reseed(seed: number): void {
    this.seed = seed;
    this.random = seededRandom(seed);
  }

  /** Validates and stores a rule; a bad one is refused with 400, never stored. */
  add(rule: FaultRule): FaultRule {
    if (!rule || typeof rule !== "object" || typeof rule.path !== "string") throw new HttpError(400, "InvalidBody", "a fault rule needs at least a path (a regular expression)");
    let pattern: RegExp;
    try {
      pattern = new RegExp(rule.path);
    } catch (e) {
      throw new HttpError(400, "InvalidBody", `fault path is not a regular expression: ${(e as Error).message}`);
    }
    if (rule.mode !== undefined && !MODES.includes(rule.mode)) throw new HttpError(400, "InvalidBody", `fault mode must be one of ${MODES.join(", ")}`);
    if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) throw new HttpError(400, "InvalidBody", "fault probability must be between 0 and 1");
    if (rule.status !== undefined && !(Number.isInteger(rule.status) && rule.status >= 100 && rule.status <= 599)) throw new HttpError(400, "InvalidBody", "fault status must be an HTTP status");
    const stored: Compiled = { mode: "respond", times: 1, ...rule, id: rule.id ?? randomUUID(), pattern, injected: 0 };
    this.rules.push(stored);
    return this.public(stored);
  }

  /** The rule that fires for this request, if any (one draw per matching rule). */
  take(method: string, path: string): FaultRule | undefined {
    for (const r of this.rules) {
      if (r.method && r.method.toUpperCase() !== method) continue;
      if (!r.pattern.test(path)) continue;
      if (r.probability !== undefined && r.probability < 1 && this.random() >= r.probability) continue;
      r.injected++;
      if (r.times !== null && r.times !== undefined) {
        r.times--;
        if (r.times <= 0) this.rules = this.rules.filter((x) => x !== r);
      }
      const mode = r.mode ?? "respond";
      this.injected[mode] = (this.injected[mode] ?? 0) + 1;
      return r;
    }
    return undefined;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => this.public(r));
  }

  clear(): void {
    this.rules = [];
  }

  private public(r: Compiled): FaultRule {
    const { pattern: _p, injected: _i, ...rest } = r;
    return rest;
  }
}
