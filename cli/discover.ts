import * as fs from "node:fs";
import { handlers } from "../provider";
import { WhereNeededError } from "../provider/core/errors";
import type { DiscoveredSession } from "../provider/core/vendor";
import { KIND_NAMES, pluginToken, type KindName } from "../provider/kinds";
import { parseExport, pulumi, sessionsIn, type Deployment, type StackRef } from "./pulumi";
import { useSettings } from "./settings";

/**
 * `pulumi-sessions discover`: the sessions each service reports for the configured
 * credentials, those a stack already manages marked, and the rest written as a
 * `pulumi import --file` document (the provider plugin's types, names to use, ids in the
 * import-id formats) — to bring the sessions already running under a stack.
 */
export interface DiscoverOptions {
  kinds?: KindName[];
  /** `<kind>.<input>` → value: where a kind's sessions live (an OCI workspace, a Jupyter server). */
  where: Record<string, string>;
  stack?: StackRef;
  stackFile?: string;
  out?: string;
}

export async function discover(o: DiscoverOptions): Promise<{ lines: string[]; ok: boolean }> {
  const lines: string[] = [];
  let state: Deployment | undefined;
  if (o.stackFile) {
    if (!fs.existsSync(o.stackFile)) throw new Error(`${o.stackFile} does not exist: expected the output of \`pulumi stack export\``);
    state = parseExport(fs.readFileSync(o.stackFile, "utf8"), o.stackFile);
  } else if (o.stack) state = parseExport(pulumi(o.stack, ["stack", "export"]), `the export of stack ${o.stack.stack}`);
  useSettings(o.stack);
  const managed = new Map((state ? sessionsIn(state) : []).map((r) => [r.id, r.urn]));

  const kinds = o.kinds?.length ? o.kinds : KIND_NAMES;
  const named = new Set(o.kinds ?? []);
  const toImport: { type: string; name: string; id: string }[] = [];
  let ok = true;
  for (const kind of kinds) {
    const where: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o.where)) if (k.startsWith(`${kind}.`)) where[k.slice(kind.length + 1)] = v;
    let found: DiscoveredSession[];
    try {
      found = await handlers(kind).discover(where);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const optional = !named.has(kind) && (e instanceof WhereNeededError || (e as { code?: string }).code === "PS_UNKNOWN_OUTCOME");
      if (!optional) ok = false;
      lines.push(`${kind}: ${optional ? "skipped" : "error"}: ${message}`);
      continue;
    }
    lines.push(`${kind}: ${found.length} session(s)`);
    const taken = new Set<string>();
    for (const s of found) {
      const urn = managed.get(s.id);
      if (urn) {
        lines.push(`  ${s.id}  ${s.note}  — managed by the stack as ${urn}`);
        continue;
      }
      const base = s.name || `${kind}-${s.id}`;
      let name = base;
      for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
      taken.add(name);
      toImport.push({ type: pluginToken(kind), name, id: s.importId });
      lines.push(`  ${s.id}  ${s.note}  — to import as ${name}`);
    }
  }
  if (o.out) {
    fs.writeFileSync(o.out, `${JSON.stringify({ resources: toImport }, null, 2)}\n`);
    lines.push(`Wrote ${toImport.length} session(s) to ${o.out}: \`pulumi import --file ${o.out}\` brings them into the stack.`);
  }
  return { lines, ok };
}
