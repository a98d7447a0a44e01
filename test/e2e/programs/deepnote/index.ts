import * as pulumi from "@pulumi/pulumi";
import { deepnote } from "pulumi-sessions";

// The test sets `sessions` to a map of resource name → deepnote.Session args.
const sessions = new pulumi.Config().requireObject<Record<string, deepnote.SessionArgs>>("sessions");
for (const [name, args] of Object.entries(sessions)) new deepnote.Session(name, args);
