import { randomUUID } from "node:crypto";

/**
 * Jupyter Server reports a new kernel as `starting` until some client talks to it:
 * the server updates `execution_state` from the kernel's iopub status messages, and a
 * freshly started kernel sends none until asked. JupyterLab asks on connect; so do we:
 * one `kernel_info_request` over the kernel's channels websocket (default protocol,
 * JSON text frames), then close. True when the kernel replied (it is up: read again now).
 */
export async function nudgeKernel(serverUrl: string, token: string, kernelId: string, timeoutMs = 10_000): Promise<boolean> {
  const url = new URL(`${serverUrl.replace(/\/+$/, "")}/api/kernels/${encodeURIComponent(kernelId)}/channels`);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  const session = randomUUID();
  url.searchParams.set("session_id", session);
  return new Promise<boolean>((resolve) => {
    // Loaded here, not with the module: most provider processes never nudge a kernel.
    const { WebSocket } = require("undici") as typeof import("undici");
    const ws = new WebSocket(url, { headers: { authorization: `token ${token}` } } as never);
    const done = (replied = false) => {
      clearTimeout(timer);
      try {
        ws.close();
      } catch {
        /* already closed */
      }
      resolve(replied);
    };
    const timer = setTimeout(() => done(), timeoutMs);
    ws.addEventListener("open", () => {
      ws.send(
        JSON.stringify({
          channel: "shell",
          header: { msg_id: randomUUID(), session, username: "pulumi-sessions", date: new Date().toISOString(), msg_type: "kernel_info_request", version: "5.3" },
          parent_header: {},
          metadata: {},
          content: {},
        }),
      );
    });
    ws.addEventListener("message", (ev) => {
      try {
        const msg = JSON.parse(String(ev.data)) as { header?: { msg_type?: string } };
        if (msg.header?.msg_type === "kernel_info_reply") done(true);
      } catch {
        /* binary frame: not ours */
      }
    });
    ws.addEventListener("error", () => done());
    ws.addEventListener("close", () => done());
  });
}
