import * as fs from "node:fs";
import * as path from "node:path";
import { randomUUID } from "node:crypto";
import { findJupyter, startJupyterServer, type RunningJupyter } from "../../emulators/jupyter/server";
import { cachedVenv } from "./venvs";
import { tempDir } from "./tmp";

/** The cached venv: from global setup, or made now (first run on a machine: ~20 s). */
export function ensureJupyterVenv(): string {
  const venv = cachedVenv("jupyter");
  if (!venv) throw new Error("no python3: the Jupyter tests need one (Python 3.9+) for a real Jupyter Server");
  return venv;
}

/**
 * A real Jupyter Server for one test file, with a second kernelspec ("python3-alt", the
 * same interpreter) so a kernel change can be observed, and one that never starts.
 */
export async function startTestJupyter(): Promise<RunningJupyter> {
  const venv = ensureJupyterVenv();
  const exe = findJupyter(venv);
  if (!exe) throw new Error(`no jupyter-server in ${venv}`);
  const jupyterPath = tempDir("ps-kernels-");
  const alt = path.join(jupyterPath, "kernels", "python3-alt");
  fs.mkdirSync(alt, { recursive: true });
  fs.writeFileSync(
    path.join(alt, "kernel.json"),
    JSON.stringify({ argv: [path.join(venv, "bin", "python"), "-m", "ipykernel_launcher", "-f", "{connection_file}"], display_name: "Python 3 (alt)", language: "python" }),
  );
  // A kernel whose process never connects: Jupyter Server reports it `starting` for good.
  const stuck = path.join(jupyterPath, "kernels", "never-starts");
  fs.mkdirSync(stuck, { recursive: true });
  fs.writeFileSync(path.join(stuck, "kernel.json"), JSON.stringify({ argv: ["sleep", "3600"], display_name: "Never starts", language: "python" }));
  const server = await startJupyterServer({ jupyterExe: exe, env: { JUPYTER_PATH: jupyterPath } });
  return {
    ...server,
    close: async () => {
      await server.close();
      fs.rmSync(jupyterPath, { recursive: true, force: true });
    },
  };
}

export function jupyterApi(server: RunningJupyter) {
  return (p: string, init: RequestInit = {}, token = server.token) =>
    fetch(`${server.url}/api${p}`, { ...init, headers: { authorization: `token ${token}`, "content-type": "application/json", ...(init.headers ?? {}) } });
}

/** Polls until `check` passes or the deadline is reached. */
export async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts `code` in a kernel over its channels websocket, as a notebook client would,
 * and resolves once the kernel reports itself busy with it (the cell keeps running).
 */
export async function startCell(server: RunningJupyter, kernelId: string, code: string): Promise<void> {
  const { WebSocket } = await import("undici");
  const url = `${server.url.replace(/^http/, "ws")}/api/kernels/${kernelId}/channels?session_id=${randomUUID()}`;
  const ws = new WebSocket(url, { headers: { authorization: `token ${server.token}` } } as never);
  const msgId = randomUUID();
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the kernel never went busy")), 30_000);
    ws.addEventListener("open", () =>
      ws.send(
        JSON.stringify({
          channel: "shell",
          header: { msg_id: msgId, session: randomUUID(), username: "test", date: new Date().toISOString(), msg_type: "execute_request", version: "5.3" },
          parent_header: {},
          metadata: {},
          content: { code, silent: false, store_history: false, user_expressions: {}, allow_stdin: false },
        }),
      ),
    );
    ws.addEventListener("message", (ev) => {
      const msg = JSON.parse(String(ev.data)) as { msg_type?: string; parent_header?: { msg_id?: string }; content?: { execution_state?: string } };
      if (msg.msg_type === "status" && msg.parent_header?.msg_id === msgId && msg.content?.execution_state === "busy") {
        clearTimeout(timer);
        ws.close();
        resolve();
      }
    });
    ws.addEventListener("error", () => reject(new Error("websocket error")));
  });
}
