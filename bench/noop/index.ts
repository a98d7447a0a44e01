import * as pulumi from "@pulumi/pulumi";

// The floor: a dynamic provider that does nothing, so the engine's own cost is all that is
// measured. With `sleepMs`, it sleeps that long once per create, read and delete: the
// ideal provider at a given API latency (one round trip each).
const noop: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    if (inputs.sleepMs) await new Promise((r) => setTimeout(r, inputs.sleepMs));
    return { id: `noop-${Math.random().toString(36).slice(2)}`, outs: inputs };
  },
  async diff() {
    return { changes: false };
  },
  // A refresh has to ask: one round trip per resource is the least any provider can do.
  async read(id, props) {
    if (props.sleepMs) await new Promise((r) => setTimeout(r, props.sleepMs));
    return { id, props };
  },
  async delete(_id, props) {
    if (props.sleepMs) await new Promise((r) => setTimeout(r, props.sleepMs));
  },
};

class Noop extends pulumi.dynamic.Resource {
  constructor(name: string, props: { n: number; sleepMs: number }) {
    super(noop, name, props, undefined, "bench", "Noop");
  }
}

const config = new pulumi.Config();
const n = config.requireNumber("n");
const sleepMs = config.getNumber("sleepMs") ?? 0;
for (let i = 0; i < n; i++) new Noop(`r${i}`, { n: i, sleepMs });
