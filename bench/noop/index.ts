import * as pulumi from "@pulumi/pulumi";

// The floor (provider.js). As this project's own file, Pulumi stores the provider's code
// with every resource, twice (~2.2 KB each): the floor issue 11 set. With config `lean`,
// the same file installed as a package under node_modules is stored as one `require`:
// the least state a dynamic resource can carry.
const config = new pulumi.Config();
const noop: pulumi.dynamic.ResourceProvider = config.getBoolean("lean") ? require("bench-noop-provider") : require("./provider");

class Noop extends pulumi.dynamic.Resource {
  constructor(name: string, props: { n: number; sleepMs: number }) {
    super(noop, name, props, undefined, "bench", "Noop");
  }
}

const n = config.requireNumber("n");
const sleepMs = config.getNumber("sleepMs") ?? 0;
for (let i = 0; i < n; i++) new Noop(`r${i}`, { n: i, sleepMs });
