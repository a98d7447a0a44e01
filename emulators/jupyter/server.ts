import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * Runs a REAL Jupyter Server (jupyter_server from PyPI; no emulator): loopback only,
 * a random token, root dir in a temp folder unless given. Used by the Jupyter tests
 * and by `npm run emulators`.
 */
export interface RunningJupyter {
  url: string;
  token: string;
  rootDir: string;
  /** Where the server keeps its kernels' connection files and sockets (removed on close). */
  runtimeDir: string;
  /** The server's process id (its kernels are its children). */
  pid: number | undefined;
  /** The last of what the server wrote to stderr (its log), for a failure message. */
  logTail(): string;
  close(): Promise<void>;
}

/** `jupyter-server` from a venv, $PS_JUPYTER_VENV, or PATH; undefined when there is none. */
export function findJupyter(venv?: string): string | undefined {
  const candidates = [venv, process.env.PS_JUPYTER_VENV].filter(Boolean).map((v) => path.join(v!, "bin", "jupyter-server"));
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) if (dir) candidates.push(path.join(dir, "jupyter-server"));
  return candidates.find((c) => {
    try {
      fs.accessSync(c, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Jupyter Server does not notice when whoever started it dies (even by SIGKILL). Run it
 * through its own interpreter with a watchdog thread that stops it (SIGTERM: kernels
 * are shut down too) once its parent is gone. Falls back to the bare executable. The
 * parent's pid is given, not read at start: a parent that died while Python started would
 * already be replaced by init.
 */
const watchdog = (parentPid: number, ownDirs: string[]) => [
  "import atexit, os, shutil, signal, sys, threading, time",
  `parent = ${parentPid}`,
  // Dirs made for this server only: gone with it, even when whoever made them was killed.
  ...ownDirs.map((d) => `atexit.register(shutil.rmtree, ${JSON.stringify(d)}, True)`),
  "def watch():",
  "    while os.getppid() == parent: time.sleep(0.5)",
  "    os.kill(os.getpid(), signal.SIGTERM)",
  "threading.Thread(target=watch, daemon=True).start()",
  "sys.argv[0] = 'jupyter-server'",
  "from jupyter_server.serverapp import main",
  "sys.exit(main())",
].join("\n");

function withParentWatch(jupyterExe: string, args: string[], ownDirs: string[]): string[] {
  const python = ["python3", "python"].map((p) => path.join(path.dirname(jupyterExe), p)).find((p) => fs.existsSync(p));
  return python ? [python, "-c", watchdog(process.pid, ownDirs), ...args] : [jupyterExe, ...args];
}

/**
 * The port a server started with port 0 bound, from the server-info file it writes into
 * its runtime dir (`jpserver-<pid>.json`, which names its port and URL) once it listens.
 * The runtime dir is this server's own, so the file is this server's.
 */
function boundPort(runtimeDir: string): number | undefined {
  for (const f of fs.readdirSync(runtimeDir)) {
    if (!/^jpserver-\d+\.json$/.test(f)) continue;
    try {
      const port = (JSON.parse(fs.readFileSync(path.join(runtimeDir, f), "utf8")) as { port?: unknown }).port;
      if (typeof port === "number" && port > 0) return port;
    } catch {
      /* being written: read it again on the next poll */
    }
  }
  return undefined;
}

export async function startJupyterServer(opts: {
  jupyterExe: string;
  port?: number;
  rootDir?: string;
  token?: string;
  startTimeoutMs?: number;
  /** Extra environment, e.g. JUPYTER_PATH with more kernelspecs. */
  env?: Record<string, string>;
}): Promise<RunningJupyter> {
  const token = opts.token ?? randomBytes(24).toString("hex");
  const ownRoot = !opts.rootDir;
  const rootDir = opts.rootDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "ps-jupyter-"));
  fs.mkdirSync(rootDir, { recursive: true });
  // Port 0 unless one is asked for: the server binds a free port itself and reports it (no
  // bind-and-close race with other listeners).
  const askedPort = opts.port ?? 0;
  // Kernels talk to the server over Unix sockets in a runtime dir of its own. Over TCP,
  // jupyter_client picks each kernel's five ports by binding and closing them, and one was
  // taken before the kernel bound it (by one of the engine's port-0 listeners, or another
  // kernel): the kernel died with EADDRINUSE and its session was removed (a bench run, 10
  // kernels starting at once). A socket path is `<dir>/kernel-<uuid>-ipc-<n>` and must fit
  // in 104 bytes (macOS), so a long temp dir keeps TCP.
  const runtimeDir = fs.mkdtempSync(path.join(os.tmpdir(), "ps-jrt-"));
  const transport = runtimeDir.length <= 50 ? "ipc" : "tcp";
  const args = [
    "--ServerApp.ip=127.0.0.1",
    `--ServerApp.port=${askedPort}`,
    "--ServerApp.port_retries=0",
    `--IdentityProvider.token=${token}`,
    `--ServerApp.root_dir=${rootDir}`,
    "--ServerApp.open_browser=False",
    // CI and these machines run as root; jupyter_server exits without this.
    "--allow-root",
    `--KernelManager.transport=${transport}`,
  ];
  const stderr: string[] = [];
  const [command, ...argv] = withParentWatch(opts.jupyterExe, args, ownRoot ? [runtimeDir, rootDir] : [runtimeDir]);
  const child: ChildProcess = spawn(command, argv, {
    cwd: rootDir,
    detached: true, // its own process group: close() takes the kernels down with it
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, JUPYTER_TOKEN: "", PYTHONUNBUFFERED: "1", JUPYTER_RUNTIME_DIR: runtimeDir, ...opts.env },
  });
  child.stderr!.on("data", (d: Buffer) => {
    stderr.push(d.toString());
    if (stderr.length > 200) stderr.shift();
  });
  let url = askedPort ? `http://127.0.0.1:${askedPort}` : "";
  let exited = false;
  child.once("exit", () => (exited = true));

  const close = async () => {
    if (!exited && child.pid) {
      const gone = new Promise((r) => child.once("exit", r));
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        /* already gone */
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          /* gone */
        }
      }, 5000);
      await gone;
      clearTimeout(timer);
    }
    if (ownRoot) fs.rmSync(rootDir, { recursive: true, force: true });
    fs.rmSync(runtimeDir, { recursive: true, force: true });
  };

  // Poll with a deadline until the REST API answers with our token.
  const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);
  for (;;) {
    if (exited) {
      await close();
      throw new Error(`jupyter server exited during start-up:\n${stderr.join("").slice(-3000)}`);
    }
    if (!url) {
      const port = boundPort(runtimeDir);
      if (port) url = `http://127.0.0.1:${port}`;
    }
    if (url) {
      try {
        const res = await fetch(`${url}/api/status`, { headers: { authorization: `token ${token}` } });
        if (res.ok) break;
      } catch {
        /* not listening yet */
      }
    }
    if (Date.now() > deadline) {
      await close();
      throw new Error(`jupyter server did not answer${url ? ` on ${url}` : ""} in time:\n${stderr.join("").slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, token, rootDir, runtimeDir, close, pid: child.pid, logTail: () => stderr.join("").slice(-6000) };
}
