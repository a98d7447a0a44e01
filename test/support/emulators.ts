import { startDeepnoteEmulator } from "../../emulators/deepnote";
import { startIbmQuantumEmulator } from "../../emulators/ibm-quantum";
import { startOciAidpEmulator } from "../../emulators/oci-aidp";
import { startTestJupyter } from "./jupyter";

/** The environment each provider reads, pointed at in-process emulators (and a Jupyter Server). */
export function providerEnv(e: {
  ibm?: { info: { url: string; iamUrl: string; apiKey: string; instance: string } };
  deepnote?: { info: { url: string; token: string } };
  oci?: { info: { configFile: string } };
  jupyter?: { token: string };
}): Record<string, string> {
  return {
    ...(e.ibm ? { QISKIT_IBM_URL: e.ibm.info.url, IAM_URL: e.ibm.info.iamUrl, QISKIT_IBM_TOKEN: e.ibm.info.apiKey, QISKIT_IBM_INSTANCE: e.ibm.info.instance } : {}),
    ...(e.deepnote ? { DEEPNOTE_API_URL: e.deepnote.info.url, DEEPNOTE_TOKEN: e.deepnote.info.token } : {}),
    ...(e.oci ? { OCI_CONFIG_FILE: e.oci.info.configFile, OCI_CLI_PROFILE: "DEFAULT" } : {}),
    ...(e.jupyter ? { JUPYTER_TOKEN: e.jupyter.token } : {}),
  };
}

/**
 * All three emulators (port 0) and a real Jupyter Server, started together, with the
 * environment that points every provider at them; `close` stops them all.
 */
export async function startBackends(opts: {
  ibm?: Parameters<typeof startIbmQuantumEmulator>[0];
  deepnote?: Parameters<typeof startDeepnoteEmulator>[0];
  oci?: Parameters<typeof startOciAidpEmulator>[0];
} = {}) {
  const [ibm, dn, oci, jupyter] = await Promise.all([
    startIbmQuantumEmulator({ ...opts.ibm, port: 0 }),
    startDeepnoteEmulator({ ...opts.deepnote, port: 0 }),
    startOciAidpEmulator({ activationDelayMs: 200, ...opts.oci, port: 0 }),
    startTestJupyter(),
  ]);
  return {
    ibm,
    dn,
    oci,
    jupyter,
    env: providerEnv({ ibm, deepnote: dn, oci, jupyter }),
    close: () => Promise.all([ibm.running.close(), dn.running.close(), oci.running.close(), jupyter.close()]),
  };
}
export type Backends = Awaited<ReturnType<typeof startBackends>>;
