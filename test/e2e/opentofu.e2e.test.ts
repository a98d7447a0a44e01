import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { DEEPNOTE_DEMO } from "../../emulators/deepnote";
import { startOciAidpEmulator } from "../../emulators/oci-aidp";
import { PROGRAMS, ROOT } from "../support/engine";
import { startBackends, type Backends } from "../support/emulators";
import { jupyterApi } from "../support/jupyter";
import { readmeBlocks, startReleaseServer, VERSION } from "../support/release";
import { REQUIRED_PROVIDERS, tofuBin, tofuWorkspace, type TofuWorkspace } from "../support/tofu";

/**
 * The OpenTofu provider under the real `tofu`, installed from the release's filesystem mirror
 * on a machine with no Node: all four kinds against the emulators and a real Jupyter Server —
 * init, plan, apply, an empty second plan, an in-place update, a replace, drift, a session
 * gone out of band, import, bad input and missing credentials at plan, timeouts, destroy.
 */
type RemoteSession = { id: string; state?: string; lifecycleState?: string; path?: string };
const run = promisify(execFile);

let b: Backends;
let w: TofuWorkspace;
const remote = async (origin: string) => (await (await fetch(`${origin}/_emulator/state`)).json()) as { sessions: RemoteSession[] };
const requests = async (origin: string) => ((await (await fetch(`${origin}/_emulator/requests`)).json()) as unknown[]).length;
const apiCalls = async () => (await Promise.all([b.ibm, b.dn, b.oci].map((e) => requests(e.running.origin)))).reduce((a, n) => a + n, 0);
const jupyterSessions = async () => (await (await jupyterApi(b.jupyter)("/sessions")).json()) as RemoteSession[];

const ADDR = {
  ibm: "sessions_ibm_quantum_session.ibm",
  deepnote: "sessions_deepnote_session.deepnote",
  oci: "sessions_oci_notebook_session.oci",
  jupyter: "sessions_jupyter_session.jupyter",
};
const ids = () => {
  const r = w.resources();
  return Object.fromEntries(Object.entries(ADDR).flatMap(([k, a]) => (r[a] ? [[k, r[a].id]] : []))) as Record<string, string>;
};

/** The configuration's variables (the Jupyter token comes from TF_VAR_jupyter_token, a sensitive variable). */
const declare = (over: { ibm_backend?: string; jupyter_path?: string } = {}) =>
  w.write({
    "terraform.tfvars.json": JSON.stringify({
      ibm_backend: "ibm_fez",
      jupyter_path: "work/tofu.ipynb",
      jupyter_url: b.jupyter.url,
      deepnote_notebook: DEEPNOTE_DEMO.notebookId,
      oci_platform: b.oci.info.aiDataPlatformId,
      oci_workspace: b.oci.info.workspaceKey,
      oci_endpoint: b.oci.info.url,
      ...over,
    }),
  });

beforeAll(async () => {
  b = await startBackends();
  const { JUPYTER_TOKEN: token, ...env } = b.env;
  w = tofuWorkspace({ ...env, TF_VAR_jupyter_token: token });
  w.write({ "main.tf": fs.readFileSync(path.join(PROGRAMS, "opentofu/main.tf"), "utf8") });
  declare();
}, 120_000);
afterAll(async () => {
  await w?.run("destroy", "-auto-approve", "-no-color");
  await b?.close();
}, 120_000);

describe("the OpenTofu provider under the real tofu", () => {
  it("init installs the provider from the release's filesystem mirror, with no Node on PATH", async () => {
    const init = await w.ok("init", "-no-color");
    expect(init.stdout).toContain(`Installed pulumi-sessions/sessions v${VERSION}`);
    expect(fs.readFileSync(path.join(w.dir, ".terraform.lock.hcl"), "utf8")).toContain('provider "registry.opentofu.org/pulumi-sessions/sessions"');
  }, 120_000);

  it("plan shows one session of each kind to create, with defaults filled in, and calls no session API", async () => {
    const before = await apiCalls();
    const plan = await w.ok("plan", "-no-color");
    for (const a of Object.values(ADDR)) expect(plan.stdout).toContain(`# ${a} will be created`);
    expect(plan.stdout).toContain("Plan: 4 to add, 0 to change, 0 to destroy.");
    expect(plan.stdout).toMatch(/\+ wait_timeout_seconds += 300/);
    expect(await apiCalls()).toBe(before);
  }, 60_000);

  it("apply opens one session of each kind and records each in state, without a credential", async () => {
    const apply = await w.ok("apply", "-auto-approve", "-no-color");
    expect(apply.stdout).toContain("Apply complete! Resources: 4 added, 0 changed, 0 destroyed.");
    const got = ids();
    expect(Object.keys(got).sort()).toEqual(["deepnote", "ibm", "jupyter", "oci"]);
    expect((await remote(b.ibm.running.origin)).sessions).toEqual([expect.objectContaining({ id: got.ibm, state: "open" })]);
    expect((await remote(b.oci.running.origin)).sessions).toEqual([expect.objectContaining({ id: got.oci, lifecycleState: "ACTIVE" })]);
    expect((await remote(b.dn.running.origin)).sessions.map((x) => x.id)).toEqual([got.deepnote]);
    expect((await jupyterSessions()).map((x) => x.id)).toEqual([got.jupyter]);
    // A value of any type is stored with its type (the state's JSON form of a `dynamic` attribute).
    expect(w.resources()[ADDR.deepnote].inputs).toEqual({ value: { region: "eu", flags: ["a", "b"] }, type: ["object", { region: "string", flags: ["tuple", ["string", "string"]] }] });
    const state = w.stateText();
    for (const secret of [b.jupyter.token, b.ibm.info.apiKey, b.dn.info.token]) expect(state).not.toContain(secret);
  }, 120_000);

  it("a second plan shows no changes", async () => {
    const plan = await w.run("plan", "-detailed-exitcode", "-no-color");
    expect(plan.text).toContain("No changes.");
    expect(plan.code).toBe(0);
  }, 60_000);

  it("a path change updates the Jupyter session in place (same id)", async () => {
    const before = ids().jupyter;
    declare({ jupyter_path: "work/renamed.ipynb" });
    const apply = await w.ok("apply", "-auto-approve", "-no-color");
    expect(apply.stdout).toContain(`# ${ADDR.jupyter} will be updated in-place`);
    expect(apply.stdout).toContain("Resources: 0 added, 1 changed, 0 destroyed.");
    expect(await jupyterSessions()).toEqual([expect.objectContaining({ id: before, path: "work/renamed.ipynb" })]);
  }, 120_000);

  it("a backend change replaces the IBM session and closes the old one", async () => {
    const before = ids().ibm;
    declare({ ibm_backend: "ibm_torino", jupyter_path: "work/renamed.ipynb" });
    const apply = await w.ok("apply", "-auto-approve", "-no-color");
    expect(apply.stdout).toMatch(/backend +=\s+"ibm_fez" -> "ibm_torino" # forces replacement/);
    const after = ids().ibm;
    expect(after).not.toBe(before);
    const sessions = (await remote(b.ibm.running.origin)).sessions;
    expect(sessions.find((x) => x.id === before)?.state).toBe("closed");
    expect(sessions.find((x) => x.id === after)?.state).toBe("open");
  }, 120_000);

  it("plan sees a Jupyter session renamed out of band, and apply puts the configured path back", async () => {
    const id = ids().jupyter;
    expect((await jupyterApi(b.jupyter)(`/sessions/${id}`, { method: "PATCH", body: JSON.stringify({ path: "work/moved-by-hand.ipynb" }) })).status).toBe(200);
    const plan = await w.run("plan", "-detailed-exitcode", "-no-color");
    expect(plan.code).toBe(2);
    expect(plan.stdout).toMatch(/path += "work\/moved-by-hand.ipynb" -> "work\/renamed.ipynb"/);
    await w.ok("apply", "-auto-approve", "-no-color");
    expect(await jupyterSessions()).toEqual([expect.objectContaining({ id, path: "work/renamed.ipynb" })]);
  }, 120_000);

  it("a session deleted out of band is planned again, and apply opens a new one", async () => {
    const gone = ids().jupyter;
    expect((await jupyterApi(b.jupyter)(`/sessions/${gone}`, { method: "DELETE" })).status).toBe(204);
    const plan = await w.run("plan", "-detailed-exitcode", "-no-color");
    expect(plan.stdout).toContain(`# ${ADDR.jupyter} will be created`);
    await w.ok("apply", "-auto-approve", "-no-color");
    expect(ids().jupyter).not.toBe(gone);
    expect((await jupyterSessions()).map((x) => x.id)).toEqual([ids().jupyter]);
  }, 120_000);

  it("tofu import adopts a running Jupyter session by its URL; the declaring configuration then plans no change", async () => {
    const made = (await (
      await jupyterApi(b.jupyter)("/sessions", { method: "POST", body: JSON.stringify({ path: "work/adopted.ipynb", type: "notebook", kernel: { name: "python3" } }) })
    ).json()) as RemoteSession;
    w.write({ "adopted.tf": `resource "sessions_jupyter_session" "adopted" {\n  url  = var.jupyter_url\n  path = "work/adopted.ipynb"\n}\n` });
    await w.ok("import", "-no-color", "sessions_jupyter_session.adopted", `${b.jupyter.url}/api/sessions/${made.id}`);
    expect(w.resources()["sessions_jupyter_session.adopted"]).toMatchObject({ id: made.id, path: "work/adopted.ipynb", url: b.jupyter.url });
    const plan = await w.run("plan", "-detailed-exitcode", "-no-color");
    expect(plan.text).toContain("No changes.");
    expect(plan.code).toBe(0);
  }, 120_000);

  it("an invalid input fails the plan naming the attribute and its line, before any API call", async () => {
    w.write({ "bad.tf": `resource "sessions_ibm_quantum_session" "bad" {\n  backend         = "ibm_fez"\n  max_ttl_seconds = -5\n}\n` });
    try {
      const before = await apiCalls();
      const plan = await w.run("plan", "-no-color");
      expect(plan.code).toBe(1);
      expect(plan.stderr).toContain("Error: Invalid max_ttl_seconds");
      expect(plan.stderr).toContain('on bad.tf line 3, in resource "sessions_ibm_quantum_session" "bad"');
      expect(await apiCalls()).toBe(before);
    } finally {
      fs.rmSync(path.join(w.dir, "bad.tf"));
    }
  }, 60_000);

  it("destroy closes or deletes every session", async () => {
    await w.ok("destroy", "-auto-approve", "-no-color");
    expect(w.resources()).toEqual({});
    expect((await remote(b.ibm.running.origin)).sessions.every((x) => x.state === "closed")).toBe(true);
    expect((await remote(b.oci.running.origin)).sessions).toEqual([]);
    expect(await jupyterSessions()).toEqual([]);
  }, 120_000);
});

/** One OCI session on an emulator whose sessions take ten minutes to become ACTIVE. */
const slowSession = (info: { url: string; aiDataPlatformId: string; workspaceKey: string }, extra: string) =>
  `${REQUIRED_PROVIDERS}provider "sessions" {\n  oci_endpoint = "${info.url}"\n}\nresource "sessions_oci_notebook_session" "slow" {\n  ai_data_platform_id = "${info.aiDataPlatformId}"\n  workspace_key       = "${info.workspaceKey}"\n  path                = "Workspace/slow.ipynb"\n  poll_interval_ms    = 100\n${extra}}\n`;

/** Polls `check` until it holds, failing after `ms`. */
async function until(check: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not so within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("the OpenTofu provider when something is wrong", () => {
  it("a missing credential fails the plan, naming the environment variable and the provider attribute", async () => {
    const t = tofuWorkspace({ DEEPNOTE_API_URL: b.dn.info.url });
    t.write({ "main.tf": `${REQUIRED_PROVIDERS}resource "sessions_deepnote_session" "d" {\n  notebook_id = "${DEEPNOTE_DEMO.notebookId}"\n}\n` });
    await t.ok("init", "-no-color");
    const plan = await t.run("plan", "-no-color");
    expect(plan.code).toBe(1);
    expect(plan.flat).toContain('the Deepnote API key is not configured: set DEEPNOTE_TOKEN in the environment, or `deepnote_token = var.<name>` in the `provider "sessions"` block');
  }, 120_000);

  it("Ctrl-C during a create stops the wait and records the session, so destroy deletes it", async () => {
    const slow = await startOciAidpEmulator({ port: 0, activationDelayMs: 600_000 });
    try {
      const t = tofuWorkspace({ OCI_CONFIG_FILE: slow.info.configFile, OCI_CLI_PROFILE: "DEFAULT" });
      t.write({ "main.tf": slowSession(slow.info, "") });
      await t.ok("init", "-no-color");
      const apply = t.start("apply", "-auto-approve", "-no-color");
      await until(async () => (await remote(slow.running.origin)).sessions.length === 1, 60_000);
      apply.child.kill("SIGINT");
      const result = await apply.done;
      expect(result.code).not.toBe(0);
      const [opened] = (await remote(slow.running.origin)).sessions;
      expect(t.resources()["sessions_oci_notebook_session.slow"]).toMatchObject({ id: opened.id });
      await t.ok("destroy", "-auto-approve", "-no-color");
      expect((await remote(slow.running.origin)).sessions).toEqual([]);
    } finally {
      await slow.running.close();
    }
  }, 180_000);

  it("a create that outlives timeouts.create fails, keeps the session in state (tainted), and destroy deletes it", async () => {
    const slow = await startOciAidpEmulator({ port: 0, activationDelayMs: 600_000 });
    try {
      const t = tofuWorkspace({ OCI_CONFIG_FILE: slow.info.configFile, OCI_CLI_PROFILE: "DEFAULT" });
      t.write({ "main.tf": slowSession(slow.info, `  timeouts {\n    create = "2s"\n  }\n`) });
      await t.ok("init", "-no-color");
      const apply = await t.run("apply", "-auto-approve", "-no-color");
      expect(apply.code).toBe(1);
      expect(apply.flat).toMatch(/did not reach ACTIVE within 2s \(last state: CREATING\)/);
      expect(apply.flat).toContain("raise `timeouts.create`");
      expect(apply.flat).toContain("OpenTofu marks it tainted: the next `tofu apply` replaces it");
      const kept = t.resources()["sessions_oci_notebook_session.slow"];
      expect((await remote(slow.running.origin)).sessions).toEqual([expect.objectContaining({ id: kept.id })]);
      expect(t.tainted()).toEqual(["sessions_oci_notebook_session.slow"]);
      await t.ok("destroy", "-auto-approve", "-no-color");
      expect((await remote(slow.running.origin)).sessions).toEqual([]);
    } finally {
      await slow.running.close();
    }
  }, 180_000);
});

describe("as a user reads it", () => {
  it("the README's OpenTofu steps, as printed: the release zip where OpenTofu looks on its own, init, apply, an empty plan, destroy", async () => {
    const [download, config, commands] = readmeBlocks("Use from OpenTofu / Terraform");
    expect([download.lang, config.lang, commands.lang]).toEqual(["sh", "hcl", "sh"]);
    const release = await startReleaseServer();
    try {
      // No CLI configuration: the implicit local mirror in $HOME is where the provider comes from.
      const t = tofuWorkspace(b.env, { cliConfig: false });
      t.write({ "main.tf": config.code });
      await run("bash", ["-euo", "pipefail", "-c", release.rewrite(download.code)], { env: t.env });
      expect(release.served).toContain(`GET /pulumi-sessions/pulumi-sessions/releases/download/v${VERSION}/terraform-provider-sessions_${VERSION}_linux_amd64.zip`);
      await run("bash", ["-euo", "pipefail", "-c", commands.code.replace(/^tofu apply$/m, "tofu apply -auto-approve")], { cwd: t.dir, env: { ...t.env, PATH: `${path.dirname(tofuBin())}:${t.env.PATH}` } });
      const id = t.resources()["sessions_ibm_quantum_session.calibration"].id;
      expect(b.ibm.emulator.state.current.sessions[id]).toMatchObject({ state: "open", backend: "ibm_fez", maxTtl: 3600 });
      expect((await t.run("plan", "-detailed-exitcode", "-no-color")).code).toBe(0);
      await t.ok("destroy", "-auto-approve", "-no-color");
      expect(b.ibm.emulator.state.current.sessions[id]).toMatchObject({ state: "closed" });
    } finally {
      await release.close();
    }
  }, 180_000);

  it("examples/opentofu opens one session of each kind and closes them", async () => {
    const t = tofuWorkspace({
      ...b.env,
      TF_VAR_deepnote_notebook: DEEPNOTE_DEMO.notebookId,
      TF_VAR_oci_platform: b.oci.info.aiDataPlatformId,
      TF_VAR_oci_workspace: b.oci.info.workspaceKey,
      TF_VAR_jupyter_url: b.jupyter.url,
      AIDP_DP_ENDPOINT: b.oci.info.url,
    });
    t.write({ "main.tf": fs.readFileSync(path.join(ROOT, "examples/opentofu/main.tf"), "utf8") });
    await t.ok("init", "-no-color");
    await t.ok("apply", "-auto-approve", "-no-color");
    const out = JSON.parse((await t.ok("output", "-json")).stdout) as Record<string, { value: string }>;
    expect(out.calibration_state.value).toBe("open");
    expect(out.etl_state.value).toBe("ACTIVE");
    expect(["idle", "busy", "starting"]).toContain(out.analysis_kernel.value);
    expect(Object.keys(t.resources())).toHaveLength(4);
    await t.ok("destroy", "-auto-approve", "-no-color");
    expect(t.resources()).toEqual({});
  }, 180_000);
});
