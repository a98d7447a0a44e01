/**
 * `npm run test:live`: opt-in checks against the REAL services, never part of `npm test`.
 * Each block runs only when its credentials are in the environment (the same variables
 * the provider reads); it opens one session, reads it back and closes it.
 *
 *   IBM Quantum:  QISKIT_IBM_TOKEN, QISKIT_IBM_INSTANCE, LIVE_IBM_BACKEND (e.g. ibm_fez)
 *   Deepnote:     DEEPNOTE_TOKEN, LIVE_DEEPNOTE_NOTEBOOK
 *   OCI:          OCI_CONFIG_FILE (+ OCI_CLI_PROFILE), LIVE_OCI_PLATFORM, LIVE_OCI_WORKSPACE (+ LIVE_OCI_ENDPOINT)
 *   Jupyter:      JUPYTER_TOKEN, LIVE_JUPYTER_URL
 */
import { handlers } from "../../provider";
const ibm = handlers("ibm");
const deepnote = handlers("deepnote");
const oci = handlers("oci");
const jupyter = handlers("jupyter");
import type { SessionHandlers } from "../../provider/core/resource";

jest.setTimeout(15 * 60_000);
const has = (...names: string[]) => names.every((n) => !!process.env[n]);
const suite = (ok: boolean) => (ok ? describe : describe.skip);

async function roundTrip(h: SessionHandlers, inputs: Record<string, unknown>) {
  const checked = await h.check({}, inputs);
  expect(checked.failures).toBeUndefined();
  const { id, outs } = await h.create(checked.inputs as Record<string, unknown>);
  try {
    expect((await h.read(id, outs as Record<string, unknown>)).id).toBe(id);
  } finally {
    await h.delete(id, outs as Record<string, unknown>);
  }
}

suite(has("QISKIT_IBM_TOKEN", "QISKIT_IBM_INSTANCE", "LIVE_IBM_BACKEND"))("live IBM Quantum", () => {
  it("opens, reads and cancels a batch", () => roundTrip(ibm, { backend: process.env.LIVE_IBM_BACKEND, mode: "batch", maxTtlSeconds: 60, deleteBehavior: "cancel" }));
});

suite(has("DEEPNOTE_TOKEN", "LIVE_DEEPNOTE_NOTEBOOK"))("live Deepnote", () => {
  it("opens, reads and stops a session", () => roundTrip(deepnote, { notebookId: process.env.LIVE_DEEPNOTE_NOTEBOOK, idleShutdownSeconds: 300 }));
});

suite(has("OCI_CONFIG_FILE", "LIVE_OCI_PLATFORM", "LIVE_OCI_WORKSPACE"))("live OCI AI Data Platform", () => {
  it("opens, reads and deletes a notebook session", () =>
    roundTrip(oci, {
      aiDataPlatformId: process.env.LIVE_OCI_PLATFORM,
      workspaceKey: process.env.LIVE_OCI_WORKSPACE,
      ...(process.env.LIVE_OCI_ENDPOINT ? { endpoint: process.env.LIVE_OCI_ENDPOINT } : {}),
      path: `pulumi-sessions-live-${Date.now()}.ipynb`,
    }));
});

suite(has("JUPYTER_TOKEN", "LIVE_JUPYTER_URL"))("live Jupyter Server", () => {
  it("opens, reads and deletes a session", () => roundTrip(jupyter, { url: process.env.LIVE_JUPYTER_URL, path: `pulumi-sessions-live-${Date.now()}.ipynb` }));
});
