import * as pulumi from "@pulumi/pulumi";
import { oci } from "pulumi-sessions";

// The test sets `sessions` to a map of resource name → oci.NotebookSession args.
const sessions = new pulumi.Config().requireObject<Record<string, oci.NotebookSessionArgs>>("sessions");
for (const [name, args] of Object.entries(sessions)) new oci.NotebookSession(name, args);
