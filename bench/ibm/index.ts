import * as pulumi from "@pulumi/pulumi";
import { ibm } from "pulumi-sessions";

const n = new pulumi.Config().requireNumber("n");
for (let i = 0; i < n; i++) new ibm.QuantumSession(`s${i}`, { backend: "ibm_fez", mode: "batch", pollIntervalMs: 200 });
