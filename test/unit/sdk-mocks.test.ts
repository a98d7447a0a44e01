import * as pulumi from "@pulumi/pulumi";

/**
 * An extra layer, not the proof (the e2e suites run the real engine): resource wiring
 * under `setMocks`, which still serializes the provider closure.
 */
const created: { type: string; inputs: Record<string, unknown> }[] = [];

beforeAll(() => {
  pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        created.push({ type: args.type, inputs: args.inputs });
        return { id: `${args.name}-id`, state: { ...args.inputs, state: "open" } };
      },
      call: (args) => args.inputs,
    },
    "proj",
    "stack",
    false,
  );
});

describe("SDK resources", () => {
  it("use the public type tokens", async () => {
    const { ibm, deepnote, oci, jupyter } = await import("../../dynamic");
    const resources = [
      new ibm.QuantumSession("q", { backend: "ibm_fez" }),
      new deepnote.Session("d", { notebookId: "n" }),
      new oci.NotebookSession("o", { aiDataPlatformId: "p", workspaceKey: "w", path: "a.ipynb" }),
      new jupyter.Session("j", { url: "http://127.0.0.1:1", path: "a.ipynb" }),
    ];
    // Registration is done once every id has resolved.
    await new Promise((resolve) => pulumi.all(resources.map((r) => r.id)).apply(resolve));
    expect(created.map((c) => c.type).sort()).toEqual([
      "pulumi-nodejs:dynamic/deepnote:Session",
      "pulumi-nodejs:dynamic/ibm:QuantumSession",
      "pulumi-nodejs:dynamic/jupyter:Session",
      "pulumi-nodejs:dynamic/oci:NotebookSession",
    ]);
  });

  it("serialize a tiny provider that only requires the implementation at run time", () => {
    const code = String(created[0].inputs.__provider);
    expect(code).toContain('require("pulumi-sessions/provider")');
    expect(code.length).toBeLessThan(6000);
    // Nothing of the client, no env value, no credential.
    expect(code).not.toMatch(/undici|HttpClient|QISKIT_IBM_TOKEN|process\.env/);
  });
});
