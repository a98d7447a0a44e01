import { DEEPNOTE_DEMO } from "../../emulators/deepnote";
import { dynamicToken, KIND_NAMES, pluginToken } from "../../provider/kinds";
import { startBackends, type Backends } from "../support/emulators";
import { collect, openStack, type E2EStack } from "../support/engine";

/**
 * From the dynamic resources to the provider plugin without losing sessions: the program
 * changes `from "pulumi-sessions"` to `from "pulumi-sessions/plugin"` and nothing else. The
 * plugin's SDKs alias each resource's dynamic type (the schema's `aliases`), so the engine
 * moves every resource to the plugin: no replace, no close, the same ids.
 */
jest.setTimeout(300_000);

let b: Backends;
let s: E2EStack;
beforeAll(async () => {
  b = await startBackends();
  s = await openStack("migrate", { ...b.env, AIDP_DP_ENDPOINT: b.oci.info.url });
});
afterAll(async () => {
  await s?.destroyAndRemove().catch(() => undefined);
  await b?.close();
});

const ids = async (token: (k: (typeof KIND_NAMES)[number]) => string) => {
  const all: Record<string, string> = {};
  for (const k of KIND_NAMES) Object.assign(all, await s.resourceIds(token(k)));
  return all;
};

it("switching the import from the dynamic resources to the plugin's SDK keeps every session: no replace, no close, same ids", async () => {
  await s.stack.setConfig("engine", { value: "dynamic" });
  await s.setSessions({
    q: { kind: "ibm", args: { backend: "ibm_fez", pollIntervalMs: 100 } },
    d: { kind: "deepnote", args: { notebookId: DEEPNOTE_DEMO.notebookId, pollIntervalMs: 100 } },
    o: { kind: "oci", args: { aiDataPlatformId: b.oci.info.aiDataPlatformId, workspaceKey: b.oci.info.workspaceKey, path: "Workspace/migrate.ipynb", pollIntervalMs: 100 } },
    j: { kind: "jupyter", args: { url: b.jupyter.url, path: "work/migrate.ipynb", pollIntervalMs: 100 } },
  });
  await s.stack.up();
  const before = await ids(dynamicToken);
  expect(Object.keys(before).sort()).toEqual(["d", "j", "o", "q"]);
  const requests = [b.ibm, b.dn, b.oci].map((e) => e.running.log.at(-1)?.seq ?? 0);

  await s.stack.setConfig("engine", { value: "plugin" });
  const preview = await s.stack.preview();
  expect(preview.changeSummary).not.toHaveProperty("create");
  expect(preview.changeSummary).not.toHaveProperty("delete");
  expect(preview.changeSummary).not.toHaveProperty("replace");
  const out = collect();
  const up = await s.stack.up({ onOutput: out.onOutput });
  expect(up.summary.resourceChanges).not.toHaveProperty("delete");
  expect(await ids(pluginToken)).toEqual(before);
  expect(await ids(dynamicToken)).toEqual({});
  // Nothing was closed or deleted on the way.
  [b.ibm, b.dn, b.oci].forEach((e, i) => expect(e.running.log.filter((x) => x.seq > requests[i] && ["DELETE", "PATCH"].includes(x.method))).toEqual([]));
  expect((await (await fetch(`${b.jupyter.url}/api/sessions`, { headers: { authorization: `token ${b.jupyter.token}` } })).json()).map((x: { id: string }) => x.id)).toEqual([before.j]);
  expect((await s.stack.preview()).changeSummary).toEqual({ same: 5 }); // the stack and four sessions

  // And the plugin closes them on destroy.
  await s.stack.destroy();
  expect(Object.values(b.ibm.emulator.state.current.sessions).find((x) => x.id === before.q)?.state).toBe("closed");
  expect(b.oci.emulator.state.current.sessions[before.o]).toBeUndefined();
});
