import { execFileSync } from "node:child_process";
import { KIND_OF_TOKEN } from "../provider/kinds";

/**
 * The Pulumi CLI the user runs (from PATH, with their backend, passphrase and credentials in
 * the environment): this package's commands read the stack through it, as a person would.
 */
export interface StackRef {
  stack: string;
  cwd: string;
}

export function pulumi(ref: StackRef, args: string[]): string {
  try {
    return execFileSync("pulumi", [...args, "--stack", ref.stack, "--non-interactive"], { cwd: ref.cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 256 * 1024 * 1024 });
  } catch (e) {
    const err = e as { stderr?: string; code?: string; message: string };
    if (err.code === "ENOENT") throw new Error("the Pulumi CLI (`pulumi`) is not on PATH");
    throw new Error(`\`pulumi ${args.join(" ")} --stack ${ref.stack}\` failed: ${(err.stderr ?? err.message).trim().split("\n").slice(-3).join(" ")}`);
  }
}

export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

export interface Deployment {
  resources: StateResource[];
  pendingOperations: { resource: StateResource; type: string }[];
}

/** A `pulumi stack export` document, checked enough to say clearly when it is not one. */
export function parseExport(text: string, what: string): Deployment {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Error(`${what} is not JSON: expected the output of \`pulumi stack export\``);
  }
  const d = (doc as { deployment?: { resources?: unknown; pending_operations?: unknown } } | null)?.deployment;
  if (!d || typeof d !== "object" || (d.resources !== undefined && !Array.isArray(d.resources))) {
    throw new Error(`${what} is not a Pulumi stack export (no "deployment" with "resources"): expected the output of \`pulumi stack export\``);
  }
  return { resources: (d.resources ?? []) as StateResource[], pendingOperations: (Array.isArray(d.pending_operations) ? d.pending_operations : []) as Deployment["pendingOperations"] };
}

/** The sessions a stack records: its resources of a session type that have an id. */
export const sessionsIn = (d: Deployment): (StateResource & { id: string })[] =>
  d.resources.filter((r): r is StateResource & { id: string } => !!KIND_OF_TOKEN[r.type] && !!r.id);

/** The stack's config as the provider reads it: `pulumi config --json --show-secrets`. */
export function stackConfig(ref: StackRef): Map<string, string> {
  const raw = JSON.parse(pulumi(ref, ["config", "--json", "--show-secrets"])) as Record<string, { value?: unknown }>;
  return new Map(Object.entries(raw).flatMap(([k, v]) => (typeof v.value === "string" ? [[k, v.value] as [string, string]] : [])));
}
