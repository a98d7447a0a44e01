import { z } from "zod";

/**
 * The input vocabulary every resource schema is built from, so that a bad value is
 * refused in `check` (preview), before any API call, with the same words everywhere.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A non-blank string without control characters or surrounding spaces, at most `max` long. */
export const text = (max: number) =>
  z
    .string()
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`)
    .refine((s) => s.trim().length > 0, "must not be blank")
    .refine((s) => !CONTROL.test(s), "must not contain control characters (newlines, tabs, …)")
    .refine((s) => s === s.trim(), "must not start or end with spaces");

/** A name made of letters, digits and `._-` (backends, kernelspecs, keys). */
export const token = (max: number) => text(max).regex(/^[A-Za-z0-9._-]+$/, "may only contain letters, digits, '.', '_' and '-'");

/** An absolute http(s) URL with a host, no credentials, no query or fragment. */
export const httpUrl = () =>
  text(2048).superRefine((s, ctx) => {
    let u: URL;
    try {
      u = new URL(s);
    } catch {
      ctx.addIssue({ code: "custom", message: "must be an absolute URL such as https://host:port" });
      return;
    }
    if (u.protocol !== "http:" && u.protocol !== "https:") ctx.addIssue({ code: "custom", message: `must be an http or https URL (not ${u.protocol})` });
    else if (!u.hostname) ctx.addIssue({ code: "custom", message: "must name a host" });
    else if (u.username || u.password) ctx.addIssue({ code: "custom", message: "must not carry credentials (use the token settings instead)" });
    else if (u.search || u.hash) ctx.addIssue({ code: "custom", message: "must not have a query string or fragment" });
  });

/** IBM Cloud resource name: crn:v1:<cname>:<ctype>:<service>:<location>:<scope>:<instance>:<type>:<resource>. */
export const crn = () =>
  text(512).regex(/^crn:v1:[^:\s]+:[^:\s]+:[^:\s]+:[^:\s]*:[aos]\/[^:\s]+:[^:\s]+:[^:\s]*:[^:\s]*$/, "must be a CRN (crn:v1:bluemix:public:quantum-computing:<region>:a/<account>:<instance>::)");

/** Oracle Cloud id: ocid1.<type>.<realm>.[region].<unique>. */
export const ocid = (type: string) =>
  text(255).regex(new RegExp(`^ocid1\\.${type}\\.[a-z0-9-]+\\.[a-z0-9-]*(\\.[a-z0-9-]*)?\\.[a-z0-9]+$`), `must be an OCID (ocid1.${type}.<realm>.<region>.<id>)`);

/**
 * The provider-only wait inputs every session resource takes (Pulumi's customTimeouts
 * never reaches a dynamic provider). They never replace and never call the API.
 */
export function waitInputShape(defaults: { timeoutSeconds: number; pollIntervalMs: number }) {
  return {
    waitTimeoutSeconds: z.number().positive().max(86400, "must be at most 86400 (a day)").default(defaults.timeoutSeconds)
      .describe(`How long create and update wait for the session to be ready, in seconds (default ${defaults.timeoutSeconds}). With the provider plugin, customTimeouts replace it.`),
    pollIntervalMs: z.number().int().min(10).max(600_000, "must be at most 600000 (ten minutes)").default(defaults.pollIntervalMs)
      .describe(`First pause between polls while waiting, in milliseconds (default ${defaults.pollIntervalMs}); each later pause is half as long again, up to 15 s.`),
  };
}

export const waitInputHints: Record<string, string> = {
  waitTimeoutSeconds: "Set waitTimeoutSeconds to a number of seconds between 0 and 86400",
  pollIntervalMs: "Set pollIntervalMs to a whole number of milliseconds from 10 to 600000",
};
