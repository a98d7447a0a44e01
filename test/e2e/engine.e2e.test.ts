import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { pulumiRoot } from "../support/engine";

describe("the toolchain the tests run on", () => {
  it("runs on Node 24 (the node devDependency), not the machine's Node", () => {
    expect(process.versions.node.split(".")[0]).toBe("24");
  });

  it("drives Pulumi CLI v3.259.0 or newer", () => {
    const v = execFileSync(path.join(pulumiRoot(), "bin", "pulumi"), ["version"], { encoding: "utf8", env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" } }).trim();
    const [maj, min] = v.replace(/^v/, "").split(".").map(Number);
    expect(maj).toBe(3);
    expect(min).toBeGreaterThanOrEqual(259);
  });

  it("has the dynamic-provider shim and the Node language host next to the CLI", () => {
    for (const bin of ["pulumi-resource-pulumi-nodejs", "pulumi-language-nodejs"]) {
      expect(() => execFileSync("test", ["-x", path.join(pulumiRoot(), "bin", bin)])).not.toThrow();
    }
  });
});
