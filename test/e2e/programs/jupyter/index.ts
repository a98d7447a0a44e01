import * as pulumi from "@pulumi/pulumi";
import { jupyter } from "pulumi-sessions";

// The test sets `sessions` to a map of resource name → jupyter.Session args.
const sessions = new pulumi.Config().requireObject<Record<string, jupyter.SessionArgs>>("sessions");
for (const [name, args] of Object.entries(sessions)) new jupyter.Session(name, args);
