import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { PLUGIN_DOWNLOAD_URL } from "../../provider/core/version";
import { pulumiRoot, ROOT } from "./engine";
import { tempDir } from "./tmp";

/**
 * What the project's release location would serve — `npm run package`'s assets — from a
 * loopback server: any path ending in an asset's name answers that asset (the wheel's URL in
 * the README, the engine's plugin download). `served` records every request.
 */
export const VERSION = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version as string;
export const RELEASE = process.env.PS_RELEASE_DIR ?? path.join(ROOT, "dist/release");
export const TARBALL = `pulumi-resource-sessions-v${VERSION}-linux-amd64.tar.gz`;
export const WHEEL = `pulumi_sessions-${VERSION}-py3-none-any.whl`;

export interface ReleaseServer {
  origin: string;
  served: string[];
  /** The environment that points the engine's plugin download (the schema's pluginDownloadURL) here. */
  engineEnv: Record<string, string>;
  /** `text` with the GitHub release URLs pointed here. */
  rewrite(text: string): string;
  close(): Promise<void>;
}

export async function startReleaseServer(): Promise<ReleaseServer> {
  const served: string[] = [];
  const server = http.createServer((req, res) => {
    served.push(`${req.method} ${req.url}`);
    const file = path.join(RELEASE, path.basename(req.url ?? ""));
    if (!fs.existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": fs.statSync(file).size });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    served,
    // The engine matches the download URL an SDK or a command names, and fetches from here instead.
    engineEnv: { PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES: `^${PLUGIN_DOWNLOAD_URL.replace(/[.]/g, "\\.")}$=${origin}/plugins` },
    rewrite: (text) => text.replaceAll("https://github.com", origin),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** The code blocks of a README section (`### <title>`), in order, with their languages. */
export function readmeBlocks(title: string): { lang: string; code: string }[] {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const section = readme.split(`\n### ${title}\n`)[1]?.split("\n### ")[0];
  if (section === undefined) throw new Error(`README: no section "### ${title}"`);
  return [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], code: m[2] }));
}

/** A machine without Node: the Pulumi CLI, the system's tools, and a `node` that fails. */
export function noNodeEnv(home: string, marker: string, extraPath: string[] = []): Record<string, string> {
  const stub = tempDir("ps-no-node-");
  fs.writeFileSync(path.join(stub, "node"), `#!/bin/sh\necho "node was run: $*" >> "${marker}"\nexit 127\n`, { mode: 0o755 });
  return {
    PATH: [stub, ...extraPath, path.join(pulumiRoot(), "bin"), "/usr/local/bin", "/usr/bin", "/bin"].join(path.delimiter),
    HOME: process.env.HOME ?? home,
    PULUMI_HOME: home,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
  };
}

