import * as pulumi from "@pulumi/pulumi";
import { deepnote } from "pulumi-sessions";

// The API key comes from DEEPNOTE_TOKEN or `pulumi config set --secret pulumi-sessions:deepnoteToken …`.
const config = new pulumi.Config();

const session = new deepnote.Session("report", {
  notebookId: config.require("notebookId"),
  // Input-block values by block name (strings, booleans or lists of strings).
  inputs: { city: config.get("city") ?? "Prague" },
  // Bound what an idle session costs: Deepnote stops it after this long without activity.
  idleShutdownSeconds: 1800,
});

export const sessionId = session.id;
export const initialRunStatus = session.initialRunStatus;
