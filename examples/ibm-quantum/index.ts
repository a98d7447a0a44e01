import * as pulumi from "@pulumi/pulumi";
import { ibm } from "pulumi-sessions";

// Credentials come from the environment (QISKIT_IBM_TOKEN, QISKIT_IBM_INSTANCE) or from
// `pulumi config set --secret pulumi-sessions:ibmApiKey …`; never from resource inputs.
const config = new pulumi.Config();

const session = new ibm.QuantumSession("calibration", {
  backend: config.get("backend") ?? "ibm_fez",
  mode: "dedicated",
  maxTtlSeconds: config.getNumber("maxTtlSeconds") ?? 3600,
  // Flip to false to drain: queued jobs finish, then IBM closes the session.
  acceptingJobs: config.getBoolean("acceptingJobs") ?? true,
});

export const sessionId = session.id;
export const state = session.state;
