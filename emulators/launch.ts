import * as fs from "node:fs";
import * as path from "node:path";
import type { RunningEmulator } from "./core";
import { startIbmQuantumEmulator } from "./ibm-quantum";
import { startDeepnoteEmulator } from "./deepnote";
import { startOciAidpEmulator } from "./oci-aidp";
import { findJupyter, startJupyterServer, type RunningJupyter } from "./jupyter/server";

/** Fixed ports of `npm run emulators` (README lists them). */
export const DEFAULT_PORTS = { ibmQuantum: 18081, deepnote: 18082, oci: 18083, jupyter: 18888 } as const;

export interface StartAllOptions {
  /** 0: free ports; undefined: DEFAULT_PORTS. */
  port?: number;
  /** State files here; null keeps nothing. */
  stateDir?: string | null;
  /** false: skip the real Jupyter Server. */
  jupyter?: boolean;
  jupyterVenv?: string;
}

export interface EmulatorsInfo {
  ibmQuantum: { url: string; iamUrl: string; apiKey: string; instance: string; globalSearchUrl: string; globalCatalogUrl: string };
  deepnote: { url: string; token: string; notebookId: string };
  oci: { url: string; configFile: string; profile: string; aiDataPlatformId: string; workspaceKey: string };
  jupyter?: { url: string; token: string };
}

export interface StartedEmulators {
  info: EmulatorsInfo;
  running: RunningEmulator[];
  describe(): string;
  close(): Promise<void>;
}

/** Starts every emulator (and the real Jupyter Server when it can be found). */
export async function startAll(opts: StartAllOptions = {}): Promise<StartedEmulators> {
  const port = (name: keyof typeof DEFAULT_PORTS) => (opts.port === 0 ? 0 : DEFAULT_PORTS[name]);
  const stateDir = opts.stateDir ?? undefined;
  if (stateDir) fs.mkdirSync(stateDir, { recursive: true });
  const stateFile = (name: string) => (stateDir ? path.join(stateDir, `${name}.json`) : undefined);
  const started: { close(): Promise<void> }[] = [];
  try {
    const ibm = await startIbmQuantumEmulator({ port: port("ibmQuantum"), stateFile: stateFile("ibm-quantum") });
    started.push(ibm.running);
    const deepnote = await startDeepnoteEmulator({ port: port("deepnote"), stateFile: stateFile("deepnote") });
    started.push(deepnote.running);
    const oci = await startOciAidpEmulator({ port: port("oci"), stateFile: stateFile("oci-aidp"), stateDir: stateDir ? path.join(stateDir, "oci") : undefined });
    started.push(oci.running);
    let jupyter: RunningJupyter | undefined;
    if (opts.jupyter !== false) {
      const exe = findJupyter(opts.jupyterVenv);
      if (exe) {
        jupyter = await startJupyterServer({ jupyterExe: exe, port: port("jupyter"), rootDir: stateDir ? path.join(stateDir, "jupyter-root") : undefined });
        started.push(jupyter);
      }
    }
    const info: EmulatorsInfo = {
      ibmQuantum: ibm.info,
      deepnote: deepnote.info,
      oci: oci.info,
      ...(jupyter ? { jupyter: { url: jupyter.url, token: jupyter.token } } : {}),
    };
    return {
      info,
      running: [ibm.running, deepnote.running, oci.running],
      describe: () => describe(info),
      close: async () => {
        await Promise.all(started.map((s) => s.close()));
      },
    };
  } catch (e) {
    await Promise.all(started.map((s) => s.close()));
    if ((e as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new Error(`a default port is taken (${(e as Error).message}); stop the other process or use --port 0`);
    }
    throw e;
  }
}

/** Human-readable: the environment each provider reads. */
export function describe(info: EmulatorsInfo): string {
  const lines = [
    "IBM Quantum (Qiskit Runtime) + IAM",
    `  QISKIT_IBM_URL=${info.ibmQuantum.url}`,
    `  IAM_URL=${info.ibmQuantum.iamUrl}`,
    `  QISKIT_IBM_TOKEN=${info.ibmQuantum.apiKey}`,
    `  QISKIT_IBM_INSTANCE=${info.ibmQuantum.instance}`,
    "  for qiskit-ibm-runtime itself (README, \"Test your Qiskit code against the emulator\"):",
    `  GLOBAL_SEARCH_URL=${info.ibmQuantum.globalSearchUrl}`,
    `  GLOBAL_CATALOG_URL=${info.ibmQuantum.globalCatalogUrl}`,
    "Deepnote API v2",
    `  DEEPNOTE_API_URL=${info.deepnote.url}`,
    `  DEEPNOTE_TOKEN=${info.deepnote.token}`,
    `  notebookId ${info.deepnote.notebookId}`,
    "OCI AI Data Platform (notebook sessions)",
    `  endpoint ${info.oci.url}`,
    `  OCI_CONFIG_FILE=${info.oci.configFile}`,
    `  OCI_CLI_PROFILE=${info.oci.profile}`,
    `  aiDataPlatformId ${info.oci.aiDataPlatformId}`,
    `  workspaceKey ${info.oci.workspaceKey}`,
  ];
  if (info.jupyter) lines.push("Jupyter Server (real)", `  url ${info.jupyter.url}`, `  JUPYTER_TOKEN=${info.jupyter.token}`);
  else lines.push("Jupyter Server: not started (no jupyter_server found; run scripts/ensure-jupyter.sh or pass --jupyter-venv)");
  return `${lines.join("\n")}\n`;
}
