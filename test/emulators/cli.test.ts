import { spawn } from "node:child_process";
import * as path from "node:path";
import * as readline from "node:readline";

/** `pulumi-sessions-emulators --port 0 --json`: the first stdout line is the JSON users' CI reads. */
jest.setTimeout(60_000);

it("prints one JSON object with every emulator's URL and demo credentials, and they work", async () => {
  const cli = spawn(process.execPath, [path.resolve(__dirname, "../../dist/emulators/cli.js"), "--port", "0", "--json", "--no-state", "--no-jupyter"], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: cli.stdout! }).once("line", resolve);
      cli.once("exit", (code) => reject(new Error(`emulators exited with ${code}`)));
    });
    const info = JSON.parse(line);
    expect(info.ibmQuantum).toEqual({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/), iamUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), apiKey: expect.any(String), instance: expect.stringMatching(/^crn:v1:/) });
    expect(info.deepnote).toEqual({ url: expect.stringMatching(/\/v2$/), token: expect.any(String), notebookId: expect.any(String) });
    expect(info.oci).toEqual({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), configFile: expect.any(String), profile: "DEFAULT", aiDataPlatformId: expect.any(String), workspaceKey: expect.any(String) });
    const token = await fetch(`${info.ibmQuantum.iamUrl}/identity/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=${info.ibmQuantum.apiKey}`,
    });
    expect(token.status).toBe(200);
  } finally {
    cli.kill("SIGTERM");
  }
});
