import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { startIbmQuantumEmulator } from "../../emulators/ibm-quantum";
import { deepnote, ibm } from "../../dynamic";
import { providerEnv } from "../support/emulators";
import { engineEnv, PROGRAMS, ROOT } from "../support/engine";
import { policyCliRoot } from "../support/policy";
import { declareSessions } from "../../examples/guardrails/sessions";
import { tempDir } from "../support/tmp";

/** The policy pack (`policy/`) under the real CLI: what teams enforce at preview, before anything is opened. */
jest.setTimeout(240_000);

const PACK = path.join(ROOT, "policy");
let emu: Awaited<ReturnType<typeof startIbmQuantumEmulator>>;
let stack: Stack;
/** What the inline program declares; each test sets it. */
let sessions: () => void = () => undefined;
const out: string[] = [];
const collect = { onOutput: (s: string) => out.push(s) };

beforeAll(async () => {
  emu = await startIbmQuantumEmulator({ port: 0 });
  const root = policyCliRoot();
  const env = engineEnv();
  const pulumiCommand = await PulumiCommand.get({ root, skipVersionCheck: true });
  stack = await LocalWorkspace.createOrSelectStack(
    { stackName: `policy${process.pid}`, projectName: "policy-e2e", program: async () => sessions() },
    {
      workDir: path.join(PROGRAMS, "policy"),
      pulumiCommand,
      // Only the policy CLI directory (no language host anywhere on PATH) and Node 24.
      envVars: { ...env, PATH: [path.join(root, "bin"), path.join(ROOT, "node_modules/.bin"), "/usr/bin", "/bin"].join(path.delimiter), ...providerEnv({ ibm: emu }), DEEPNOTE_TOKEN: "t" },
    },
  );
});
afterAll(async () => {
  sessions = () => undefined;
  await stack?.up().catch(() => undefined);
  await stack?.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
  await emu?.running.close();
});

const config = (c: unknown) => {
  const file = path.join(tempDir("ps-policy-"), "config.json");
  fs.writeFileSync(file, JSON.stringify(c));
  return file;
};
const sessionCalls = () => emu.running.log.filter((e) => e.path.startsWith("/api/v1/sessions")).length;

describe("the pulumi-sessions policy pack", () => {
  it("a mandatory violation fails preview naming the rule, the resource, the limit and the fix; nothing is opened", async () => {
    sessions = () => {
      new ibm.QuantumSession("unbounded", { backend: "ibm_fez" });
      new deepnote.Session("forever", { notebookId: "abc", idleShutdownSeconds: 86400 });
    };
    const err = await stack.preview({ policyPacks: [PACK], ...collect }).catch((e) => e);
    const text = `${err.message}\n${out.join("")}`;
    expect(text).toMatch(/ibm-max-ttl/);
    expect(text).toMatch(/unbounded: maxTtlSeconds is not set .*set maxTtlSeconds to at most 28800, or raise "ibm-max-ttl.maxTtlSeconds" in the policy config/s);
    expect(text).toMatch(/forever: idleShutdownSeconds is 86400, over the limit of 3600/);
    expect(sessionCalls()).toBe(0);
  });

  it("an advisory violation warns and lets up proceed", async () => {
    sessions = () => void new ibm.QuantumSession("batchy", { backend: "ibm_fez", mode: "batch", maxTtlSeconds: 3600 });
    out.length = 0;
    const up = await stack.up({ policyPacks: [PACK], policyPackConfigs: [config({ "ibm-allowed-modes": { modes: ["dedicated"] } })], ...collect });
    expect(up.summary.resourceChanges).toMatchObject({ create: 2 });
    expect(out.join("")).toMatch(/ibm-allowed-modes.*batchy: mode is "batch", not one of "dedicated"/s);
    expect(sessionCalls()).toBeGreaterThan(0);
  });

  it("the policy config changes a threshold and an enforcement level", async () => {
    sessions = () => void new ibm.QuantumSession("batchy", { backend: "ibm_fez", mode: "batch", maxTtlSeconds: 3600 });
    await expect(stack.preview({ policyPacks: [PACK] })).resolves.toBeDefined();
    const tight = config({ "ibm-max-ttl": { maxTtlSeconds: 1800 } });
    const err = await stack.preview({ policyPacks: [PACK], policyPackConfigs: [tight] }).catch((e) => e);
    expect(String(err.message) + err.stdout).toMatch(/batchy: maxTtlSeconds is 3600, over the limit of 1800/);
    const strict = config({ "ibm-allowed-modes": { enforcementLevel: "mandatory", modes: ["dedicated"] } });
    await expect(stack.preview({ policyPacks: [PACK], policyPackConfigs: [strict] })).rejects.toThrow();
  });

  it("examples/guardrails: its policy config rejects the unbounded stack and accepts the bounded one", async () => {
    const configFile = path.join(ROOT, "examples/guardrails/policy-config.json");
    sessions = () => declareSessions({ notebookId: "abc", unbounded: true });
    const err = await stack.preview({ policyPacks: [PACK], policyPackConfigs: [configFile] }).catch((e) => e);
    const text = `${err.message}\n${err.stdout ?? ""}`;
    expect(text).toMatch(/long-running: maxTtlSeconds is not set .*at most 7200/s);
    expect(text).toMatch(/report: idleShutdownSeconds is 86400, over the limit of 1800/);
    sessions = () => declareSessions({ notebookId: "abc", unbounded: false });
    const ok = await stack.preview({ policyPacks: [PACK], policyPackConfigs: [configFile] });
    expect(ok.changeSummary).toBeDefined();
  });
});
