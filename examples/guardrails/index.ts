import * as pulumi from "@pulumi/pulumi";
import { declareSessions } from "./sessions";

const config = new pulumi.Config();
declareSessions({ notebookId: config.require("notebookId"), unbounded: config.getBoolean("unbounded") ?? false });
