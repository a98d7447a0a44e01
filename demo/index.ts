import * as pulumi from "@pulumi/pulumi";
import { ibm } from "pulumi-sessions";

/**
 * What `npm run demo` deploys against the local emulators. scripts/demo.sh sets the
 * same environment variables a user sets for the real services (QISKIT_IBM_*, …).
 */
const quantum = new ibm.QuantumSession("quantum", {
  backend: "ibm_fez",
  mode: "dedicated",
  maxTtlSeconds: 3600,
});

export const ibmQuantum = pulumi.all([quantum.id, quantum.state, quantum.mode, quantum.maxTtl]).apply(([id, state, mode, maxTtl]) => ({ id, state, mode, maxTtl }));
