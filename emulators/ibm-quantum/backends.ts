import { isoTime } from "../core/clock";

/**
 * The QPUs the emulator serves and what `/v1/backends/*` answers about them. IBM publishes
 * no schema for these bodies: the shapes are what qiskit-ibm-runtime reads
 * (`QasmBackendConfiguration`, `BackendStatus`, `BackendProperties`, the `devices` list)
 * plus a third-party example of the list (api-evangelist/ibm-quantum) — inferred, not
 * documented. The devices are synthetic: a line of qubits with Heron's basis gates,
 * calibration numbers derived from the qubit index so every run answers the same.
 */
interface Profile {
  qubits: number;
  revision: string;
  version: string;
}

const PROFILES: Record<string, Profile> = {
  ibm_fez: { qubits: 156, revision: "2", version: "1.3.12" },
  ibm_torino: { qubits: 133, revision: "1", version: "1.2.45" },
  ibm_kingston: { qubits: 156, revision: "2", version: "1.1.8" },
  ibm_marrakesh: { qubits: 156, revision: "2", version: "1.2.20" },
};

export const IBM_BACKENDS = Object.keys(PROFILES);

const BASIS = ["cz", "id", "rz", "sx", "x"];
const ONLINE_DATE = Date.UTC(2024, 6, 1);

const profile = (name: string): Profile | undefined => (Object.hasOwn(PROFILES, name) ? PROFILES[name] : undefined);
const qubitsOf = (p: Profile) => Array.from({ length: p.qubits }, (_, i) => i);
/** Neighbours on a line, both directions (CZ is symmetric). */
const edgesOf = (p: Profile) => qubitsOf(p).slice(1).flatMap((q) => [[q - 1, q], [q, q - 1]]);
/** A stable number in [lo, hi) from the qubit index: calibrations that do not change between runs. */
const spread = (i: number, lo: number, hi: number) => lo + (((i * 7919) % 97) / 97) * (hi - lo);

export const hasBackend = (name: string) => profile(name) !== undefined;

/** One item of `GET /v1/backends` (`devices`). */
export function deviceSummary(name: string, pendingJobs: number) {
  const p = profile(name)!;
  return { name, n_qubits: p.qubits, simulator: false, operational: true, pending_jobs: pendingJobs, processor_type: { family: "Heron", revision: p.revision }, basis_gates: BASIS };
}

export function configuration(name: string) {
  const p = profile(name)!;
  const qubits = qubitsOf(p);
  const edges = edgesOf(p);
  const oneQubit = (gate: string, params: string[], qasm: string) => ({ name: gate, parameters: params, qasm_def: qasm, coupling_map: qubits.map((q) => [q]) });
  return {
    backend_name: name,
    backend_version: p.version,
    n_qubits: p.qubits,
    basis_gates: BASIS,
    gates: [
      { name: "cz", parameters: [], qasm_def: "gate cz q0, q1 { h q1; cx q0, q1; h q1; }", coupling_map: edges },
      oneQubit("id", [], "gate id q { U(0, 0, 0) q; }"),
      oneQubit("rz", ["theta"], "gate rz(theta) q { U(0, 0, theta) q; }"),
      oneQubit("sx", [], "gate sx q { U(pi/2, 3*pi/2, pi/2) q; }"),
      oneQubit("x", [], "gate x q { U(pi, 0, pi) q; }"),
    ],
    local: false,
    simulator: false,
    conditional: false,
    open_pulse: false,
    memory: true,
    max_shots: 100000,
    max_experiments: 300,
    coupling_map: edges,
    supported_instructions: ["cz", "id", "rz", "sx", "x", "measure", "delay", "reset", "if_else", "for_loop", "switch_case", "while_loop"],
    supported_features: ["qobj", "qasm3"],
    meas_map: [qubits],
    meas_levels: [1, 2],
    dt: 5e-10,
    dtm: 5e-10,
    processor_type: { family: "Heron", revision: p.revision },
    online_date: isoTime(ONLINE_DATE),
    description: "pulumi-sessions emulator: a synthetic Heron-like device (a line of qubits)",
    credits_required: true,
    dynamic_reprate_enabled: true,
    rep_delay_range: [0, 500],
    default_rep_delay: 250,
    quantum_volume: null,
    clops_h: 195000,
    sample_name: `emulated-${name}`,
  };
}

/** The wire shape the client maps onto `BackendStatus` (`state` → operational, `length_queue` → pending_jobs). */
export function status(name: string, pendingJobs: number) {
  return { backend_name: name, backend_version: profile(name)!.version, state: true, status: "active", message: "available", length_queue: pendingJobs };
}

/** Calibration data as of `now` (the day's calibration), in the shape `BackendProperties` reads. */
export function properties(name: string, now: number) {
  const p = profile(name)!;
  const day = new Date(now);
  const date = isoTime(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
  const item = (n: string, unit: string, value: number) => ({ date, name: n, unit, value });
  const gate = (g: string, qubits: number[], error: number, lengthNs: number) => ({
    qubits,
    gate: g,
    name: `${g}${qubits.join("_")}`,
    parameters: [item("gate_error", "", error), item("gate_length", "ns", lengthNs)],
  });
  return {
    backend_name: name,
    backend_version: p.version,
    last_update_date: date,
    qubits: qubitsOf(p).map((q) => [
      item("T1", "us", spread(q, 120, 280)),
      item("T2", "us", spread(q + 1, 80, 200)),
      item("frequency", "GHz", spread(q + 2, 4.5, 5.2)),
      item("readout_error", "", spread(q + 3, 0.005, 0.03)),
      item("prob_meas0_prep1", "", spread(q + 4, 0.005, 0.03)),
      item("prob_meas1_prep0", "", spread(q + 5, 0.002, 0.02)),
      item("readout_length", "ns", 1560),
    ]),
    gates: [
      ...qubitsOf(p).flatMap((q) => [
        gate("id", [q], spread(q, 1e-4, 5e-4), 32),
        gate("rz", [q], 0, 0),
        gate("sx", [q], spread(q, 1e-4, 5e-4), 32),
        gate("x", [q], spread(q, 1e-4, 5e-4), 32),
      ]),
      ...edgesOf(p).map(([a, b]) => gate("cz", [a, b], spread(a + b, 1e-3, 6e-3), 68)),
    ],
    general: [],
  };
}
