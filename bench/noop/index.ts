import * as pulumi from "@pulumi/pulumi";

// The floor (provider.js). As this project's own file, Pulumi stores the provider's code
// with every resource, twice (~2.2 KB each): the benchmark's first floor. With config `lean`,
// the same file installed as a package under node_modules is stored as one `require`:
// the least state a dynamic resource can carry.
const config = new pulumi.Config();
const noop: pulumi.dynamic.ResourceProvider = config.getBoolean("lean") ? require("bench-noop-provider") : require("./provider");

class Noop extends pulumi.dynamic.Resource {
  constructor(name: string, props: { n: number; sleepMs: number } & Record<string, unknown>) {
    super(noop, name, props, undefined, "bench", "Noop");
  }
}

const n = config.requireNumber("n");
const sleepMs = config.getNumber("sleepMs") ?? 0;
// `extraProps` K (bench --extra-props): K more small inputs per resource, which the provider
// echoes as outputs, to measure what the number of stored values costs the engine.
const extraProps = config.getNumber("extraProps") ?? 0;
const extra = (i: number) => Object.fromEntries(Array.from({ length: extraProps }, (_, k) => [`p${k}`, k % 2 ? `value-${k}-${i}` : k]));
for (let i = 0; i < n; i++) new Noop(`r${i}`, { n: i, sleepMs, ...extra(i) });
