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
