import { execFileSync } from "node:child_process";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

type VenvName = "jupyter" | "qiskit" | "python-sdk" | "aidp";

/**
 * Runs scripts/ensure-<name>.sh (a cached virtualenv) and returns its directory, or null
 * when the machine has no python3 (the script exits 3 and says so); other failures throw.
 */
export function ensureVenv(name: VenvName): string | null {
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

/** Where global setup leaves each venv's directory ("" = no python3) for the test workers. */
export const VENV_ENV: Record<VenvName, string> = { jupyter: "PS_JUPYTER_VENV", qiskit: "PS_QISKIT_VENV", "python-sdk": "PS_PYTHON_SDK_VENV", aidp: "PS_AIDP_VENV" };

/** A venv from global setup, or made now; null when there is no python3. */
export function cachedVenv(name: VenvName): string | null {
  const key = VENV_ENV[name];
  if (process.env[key] === undefined) process.env[key] = ensureVenv(name) ?? "";
  return process.env[key] || null;
}

/** The qiskit-ibm-runtime venv (the conformance suite). */
export const qiskitVenv = () => cachedVenv("qiskit");

/** Oracle's aidp-python-client venv (the OCI conformance suite). */
export const aidpVenv = () => cachedVenv("aidp");

/** The venv Python Pulumi programs run in (pulumi from PyPI). */
export const pythonSdkVenv = () => cachedVenv("python-sdk");
