import { ConfigError } from "./errors";

/**
 * Settings are read at call time, inside the provider process: from the stack
 * config handed to `configure()` (keys `pulumi-sessions:<key>`), else from the
 * environment. Nothing read here is ever captured in the serialized provider or
 * written to state, so rotating a key before `destroy` just works.
 */
interface ConfigSource {
  get(key: string): string | undefined;
}

let stackConfig: ConfigSource | undefined;

export const CONFIG_NAMESPACE = "pulumi-sessions";
/** The provider plugin's package name: its config keys are `sessions:<key>`. */
export const PLUGIN_CONFIG_NAMESPACE = "sessions";
let namespace = CONFIG_NAMESPACE;
/** Under OpenTofu/Terraform settings are attributes of the provider block, and messages say so. */
export const TERRAFORM_NAMESPACE = "terraform";
/** `ibmApiKey` → `ibm_api_key`: a setting or input as OpenTofu/Terraform names it. */
export const snakeCase = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();

/**
 * Called once per provider process: from the serialized provider's `configure`
 * (keys `pulumi-sessions:<key>`), or by the provider plugin with its own namespace.
 */
export function configure(req: { config: ConfigSource }, ns: string = CONFIG_NAMESPACE): void {
  stackConfig = req.config;
  namespace = ns;
}

/** For tests: forget the stack config. */
export function resetConfig(): void {
  stackConfig = undefined;
  namespace = CONFIG_NAMESPACE;
}

export interface SettingSpec {
  /** Config key without namespace: "ibmApiKey". */
  key: string;
  /** Environment variables, first match wins. */
  env: string[];
  /** Is it a credential (README and messages say `--secret`). */
  secret?: boolean;
  /** For the schema and the docs: "IBM Cloud API key". */
  description: string;
}

/** The config key for a setting as the running provider reads it: `pulumi-sessions:<key>`, or `sessions:<key>` under the plugin. */
export function configKey(key: string, ns: string = namespace): string {
  return ns === TERRAFORM_NAMESPACE ? `provider "sessions" ${snakeCase(key)}` : `${ns}:${key}`;
}

export function readSetting(spec: SettingSpec, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromConfig = stackConfig?.get(configKey(spec.key));
  if (fromConfig !== undefined && fromConfig !== "") return fromConfig;
  for (const name of spec.env) {
    const v = env[name];
    if (v !== undefined && v !== "") return v;
  }
  return undefined;
}

export function howToSet(spec: SettingSpec): string {
  const envs = spec.env.join(" or ");
  if (namespace === TERRAFORM_NAMESPACE) {
    return `set ${envs} in the environment, or \`${snakeCase(spec.key)} = ${spec.secret ? "var.<name>" : '"<value>"'}\` in the \`provider "sessions"\` block${spec.secret ? " (a sensitive variable)" : ""}`;
  }
  const cfg = `pulumi config set${spec.secret ? " --secret" : ""} ${namespace}:${spec.key} <value>`;
  return `set ${envs} in the environment, or run \`${cfg}\``;
}

export function requireSetting(spec: SettingSpec, what: string, env: NodeJS.ProcessEnv = process.env): string {
  const v = readSetting(spec, env);
  if (v === undefined) {
    throw new ConfigError(`${what} is not configured: ${howToSet(spec)}.`, [...spec.env, configKey(spec.key)]);
  }
  return v;
}
