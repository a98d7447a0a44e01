import { defineKind } from "../core/vendor";
import { QuantumSessionInputsSchema, QuantumSessionOutputs, TransitionOutput, inputHints } from "./schemas";
import { IBM_SETTINGS } from "./settings";

/** IBM Quantum (Qiskit Runtime) sessions and batches: `/v1/sessions` (docs/services/ibm-quantum.md). */
export const kind = defineKind({
  name: "ibm",
  type: "QuantumSession",
  title: "IBM Quantum session",
  description: "An IBM Quantum (Qiskit Runtime) session or batch. Import id: `<session id>` or `<instance CRN>/<session id>`.",
  inputs: QuantumSessionInputsSchema,
  outputs: QuantumSessionOutputs,
  outputTypes: { "sessions:ibm:Transition": TransitionOutput },
  settings: IBM_SETTINGS,
  hints: inputHints,
  replaceOn: ["backend", "mode", "maxTtlSeconds", "instance"],
  updateOn: ["acceptingJobs"],
  migrations: [
    {
      before: "0.2.0",
      what: "Sessions written before 0.2.0 did not record the instance they were opened in (serviceCrn): take it from the stored instance input when it was set.",
      migrate: (stored) => (stored.serviceCrn === undefined && typeof stored.instance === "string" ? { ...stored, serviceCrn: stored.instance } : stored),
    },
  ],
  load: () => (require("./session") as typeof import("./session")).vendor,
});
