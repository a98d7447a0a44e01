import * as pulumi from "@pulumi/pulumi";

// The floor: a dynamic provider that does nothing, so the engine's own cost is all that is measured.
const noop: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: `noop-${Math.random().toString(36).slice(2)}`, outs: inputs };
  },
  async diff() {
    return { changes: false };
  },
  async delete() {},
};

class Noop extends pulumi.dynamic.Resource {
  constructor(name: string, props: { n: number }) {
    super(noop, name, props, undefined, "bench", "Noop");
  }
}

const n = new pulumi.Config().requireNumber("n");
for (let i = 0; i < n; i++) new Noop(`r${i}`, { n: i });
