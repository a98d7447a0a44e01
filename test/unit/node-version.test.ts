import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { assertSupportedNode } from "../../provider";

/** Under an old Node the HTTP layer (undici 8) dies with a riddle; the provider says what is wrong instead. */
describe("Node version", () => {
  it("names the Node it needs and the one it found", () => {
    expect(() => assertSupportedNode("20.20.2")).toThrow("pulumi-sessions needs Node >= 22.19 (found 20.20.2)");
    expect(() => assertSupportedNode("22.18.0")).toThrow(/found 22\.18\.0/);
    expect(() => assertSupportedNode("22.19.0")).not.toThrow();
    expect(() => assertSupportedNode("24.21.0")).not.toThrow();
  });

  it("every handler says so before loading anything that would fail", () => {
    // A child process that reports Node 20, loading the built provider (npm test builds it first)
    // as the dynamic-provider host does.
    const script = `
      Object.defineProperty(process, "versions", { value: { ...process.versions, node: "20.20.2" } });
      const p = require(${JSON.stringify(path.resolve(__dirname, "../../dist/provider"))});
      for (const call of [() => p.handlers("ibm"), () => p.configure({ config: { get: () => undefined } })]) {
        try { call(); console.log("no error"); } catch (e) { console.log(e.message); }
      }`;
    const out = execFileSync(process.execPath, ["-e", script], { encoding: "utf8", cwd: path.resolve(__dirname, "../..") });
    expect(out.trim().split("\n")).toEqual([expect.stringMatching(/^pulumi-sessions needs Node >= 22\.19 \(found 20\.20\.2\)/), expect.stringMatching(/^pulumi-sessions needs Node/)]);
  });
});
