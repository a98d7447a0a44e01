import { ConfigError } from "../core/errors";
import { readSetting, requireSetting, type SettingSpec, configKey } from "../core/config";

/** Same names as qiskit-ibm-runtime, so a user's existing setup works. */
export const IBM_API_KEY: SettingSpec = { key: "ibmApiKey", env: ["QISKIT_IBM_TOKEN"], secret: true, description: "IBM Cloud API key" };
export const IBM_INSTANCE: SettingSpec = { key: "ibmInstance", env: ["QISKIT_IBM_INSTANCE"], description: "Default Qiskit Runtime instance CRN" };
export const IBM_URL: SettingSpec = { key: "ibmUrl", env: ["QISKIT_IBM_URL"], description: "Qiskit Runtime API URL (a URL ending in /api/v1 is used as is)" };
export const IBM_IAM_URL: SettingSpec = { key: "ibmIamUrl", env: ["IAM_URL"], description: "IBM Cloud IAM URL" };
export const IBM_ADOPT_LOST_CREATES: SettingSpec = {
  key: "ibmAdoptLostCreates",
  env: ["PULUMI_SESSIONS_IBM_ADOPT_LOST_CREATES"],
  description: "\"false\" never takes the one session a lost create could have made (it is named instead); a resource's adoptLostCreate input wins. Default true",
};
export const IBM_SETTINGS = [IBM_API_KEY, IBM_INSTANCE, IBM_URL, IBM_IAM_URL, IBM_ADOPT_LOST_CREATES];

/** The provider-wide default for `adoptLostCreate`: true unless the setting says "false". */
export function adoptLostCreates(): boolean {
  return readSetting(IBM_ADOPT_LOST_CREATES)?.trim().toLowerCase() !== "false";
}

export const DEFAULT_PLATFORM_URL = "https://cloud.ibm.com";
export const DEFAULT_IAM_URL = "https://iam.cloud.ibm.com";

export interface IbmSettings {
  apiKey: string;
  instance: string;
  apiBase: string;
  iamUrl: string;
}

/** Region is CRN field 6: crn:v1:bluemix:public:quantum-computing:<region>:a/<acct>:<inst>:: */
export function regionOf(crn: string): string {
  const parts = crn.split(":");
  if (parts.length < 8 || parts[0] !== "crn" || !parts[5]) {
    throw new ConfigError(
      `the Qiskit Runtime instance "${crn}" is not a CRN (expected crn:v1:bluemix:public:quantum-computing:<region>:a/<account>:<instance>::). Copy it from the IBM Quantum Platform instances page.`,
      ["QISKIT_IBM_INSTANCE", configKey("ibmInstance")],
    );
  }
  return parts[5];
}

/**
 * The API base as qiskit-ibm-runtime derives it from the platform URL and the CRN's
 * region (us-east → quantum.cloud.ibm.com, others → <region>.quantum.cloud.ibm.com).
 * Our own rule on top (docs/services/ibm-quantum.md): a URL already ending in /api/v1 is used as
 * is — that is how the emulators are addressed.
 */
export function resolveApiBase(platformUrl: string, crn: string): string {
  const trimmed = platformUrl.replace(/\/+$/, "");
  if (/\/api\/v1$/.test(trimmed)) return trimmed;
  const region = regionOf(crn);
  let host: string;
  try {
    host = new URL(trimmed).host;
  } catch {
    throw new ConfigError(`QISKIT_IBM_URL "${platformUrl}" is not a URL.`, ["QISKIT_IBM_URL", configKey("ibmUrl")]);
  }
  const prefix = region === "us-east" ? "" : `${region}.`;
  return `https://${prefix}quantum.${host}/api/v1`;
}

export function ibmSettings(instanceOverride?: string): IbmSettings {
  const apiKey = requireSetting(IBM_API_KEY, "the IBM Cloud API key");
  const instance = instanceOverride ?? requireSetting(IBM_INSTANCE, "the Qiskit Runtime instance CRN");
  const apiBase = resolveApiBase(readSetting(IBM_URL) ?? DEFAULT_PLATFORM_URL, instance);
  const iamUrl = (readSetting(IBM_IAM_URL) ?? DEFAULT_IAM_URL).replace(/\/+$/, "");
  return { apiKey, instance, apiBase, iamUrl };
}
