import type { SettingSpec } from "../core/config";

/** Read by oci-common's config reader, which would default to ~/.oci/config: we pass file and profile explicitly. */
export const OCI_CONFIG_FILE: SettingSpec = { key: "ociConfigFile", env: ["OCI_CONFIG_FILE"], description: "OCI config file" };
export const OCI_PROFILE: SettingSpec = { key: "ociProfile", env: ["OCI_CLI_PROFILE"], description: "OCI config profile" };
/** The official AIDP SDK's README names this variable for its endpoint override. */
export const OCI_ENDPOINT: SettingSpec = { key: "ociEndpoint", env: ["AIDP_DP_ENDPOINT"], description: "OCI AI Data Platform data-plane endpoint" };
export const OCI_SETTINGS = [OCI_CONFIG_FILE, OCI_PROFILE, OCI_ENDPOINT];
