import { createHash, randomUUID } from "node:crypto";
import { isoTime } from "../core/clock";

/** OCI AIDP notebook sessions (docs/services/oci-ai-data-platform.md), evaluated lazily against the clock. */
export interface Kernel {
  id: string;
  name: string;
  startedAt: number;
  /** When it reports `idle`: fixed when it starts (a later delay change does not move it). */
  readyAt: number;
  lastActivity: number;
  connections: number;
}

export interface OciSession {
  id: string;
  platformId: string;
  workspaceKey: string;
  name: string;
  path: string;
  type: string;
  clusterId: string | null;
  agentFlowKey: string | null;
  kernel: Kernel;
  createdAt: number;
  /** When it turns ACTIVE: fixed at creation (a later delay change does not move it). */
  activeAt: number;
  failed: boolean;
  /** Bumped on every change: the etag derives from it. */
  version: number;
}

export interface StoredResponse {
  fingerprint: string;
  status: number;
  body: unknown;
  headers: Record<string, string>;
  expiresAt: number;
}

export interface Store {
  publicKeys: Record<string, string>;
  /** platform id → workspace keys */
  platforms: Record<string, string[]>;
  sessions: Record<string, OciSession>;
  retryTokens: Record<string, StoredResponse>;
  failNextCreate: boolean;
}

export type Lifecycle = "CREATING" | "ACTIVE" | "FAILED";

export function newKernel(name: string, now: number, delayMs: number): Kernel {
  return { id: randomUUID(), name, startedAt: now, readyAt: now + delayMs, lastActivity: now, connections: 0 };
}

export function lifecycleOf(s: OciSession, now: number): Lifecycle {
  if (s.failed) return "FAILED";
  return now >= s.activeAt ? "ACTIVE" : "CREATING";
}

export function etagOf(s: OciSession, now: number): string {
  return createHash("sha256").update(`${s.id}:${s.version}:${lifecycleOf(s, now)}`).digest("hex").slice(0, 32);
}

export function toWire(s: OciSession, now: number) {
  const lifecycleState = lifecycleOf(s, now);
  const kernelReady = now >= s.kernel.readyAt;
  return {
    id: s.id,
    name: s.name,
    path: s.path,
    type: s.type,
    cluster_id: s.clusterId,
    agentFlowKey: s.agentFlowKey,
    kernel: {
      id: s.kernel.id,
      name: s.kernel.name,
      last_activity: isoTime(s.kernel.lastActivity),
      execution_state: lifecycleState === "FAILED" ? "dead" : kernelReady ? "idle" : "starting",
      connections: s.kernel.connections,
    },
    lifecycleState,
  };
}
