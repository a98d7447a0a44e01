import { execFileSync } from "node:child_process";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

/**
 * Runs scripts/ensure-<name>.sh (a cached virtualenv) and returns its directory, or null
 * when the machine has no python3 (the script exits 3 and says so); other failures throw.
 */
export function ensureVenv(name: "jupyter" | "qiskit" | "python-sdk"): string | null {
  try {
    return execFileSync("bash", [path.join(ROOT, "scripts", `ensure-${name}.sh`)], {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      timeout: 15 * 60 * 1000,
    })
      .trim()
      .split("\n")
      .pop()!;
  } catch (e) {
    if ((e as { status?: number }).status === 3) return null;
    throw e;
  }
}

/** The qiskit-ibm-runtime venv: from global setup (PS_QISKIT_VENV, "" = no python3), or made now. */
export function qiskitVenv(): string | null {
  if (process.env.PS_QISKIT_VENV === undefined) process.env.PS_QISKIT_VENV = ensureVenv("qiskit") ?? "";
  return process.env.PS_QISKIT_VENV || null;
}

/** The venv Python Pulumi programs run in (pulumi from PyPI): PS_PYTHON_SDK_VENV from global setup, or made now. */
export function pythonSdkVenv(): string | null {
  if (process.env.PS_PYTHON_SDK_VENV === undefined) process.env.PS_PYTHON_SDK_VENV = ensureVenv("python-sdk") ?? "";
  return process.env.PS_PYTHON_SDK_VENV || null;
}
