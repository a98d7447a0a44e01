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

/** Called from the serialized provider's `configure` (once per provider process). */
export function configure(req: { config: ConfigSource }): void {
  stackConfig = req.config;
}

/** For tests: forget the stack config. */
export function resetConfig(): void {
  stackConfig = undefined;
}

export interface SettingSpec {
  /** Config key without namespace: "ibmApiKey". */
  key: string;
  /** Environment variables, first match wins. */
  env: string[];
  /** Is it a credential (README and messages say `--secret`). */
  secret?: boolean;
}

export function readSetting(spec: SettingSpec, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromConfig = stackConfig?.get(`${CONFIG_NAMESPACE}:${spec.key}`);
  if (fromConfig !== undefined && fromConfig !== "") return fromConfig;
  for (const name of spec.env) {
    const v = env[name];
    if (v !== undefined && v !== "") return v;
  }
  return undefined;
}

export function howToSet(spec: SettingSpec): string {
  const envs = spec.env.join(" or ");
  const cfg = `pulumi config set${spec.secret ? " --secret" : ""} ${CONFIG_NAMESPACE}:${spec.key} <value>`;
  return `set ${envs} in the environment, or run \`${cfg}\``;
}

export function requireSetting(spec: SettingSpec, what: string, env: NodeJS.ProcessEnv = process.env): string {
  const v = readSetting(spec, env);
  if (v === undefined) {
    throw new ConfigError(`${what} is not configured: ${howToSet(spec)}.`, [...spec.env, `${CONFIG_NAMESPACE}:${spec.key}`]);
  }
  return v;
}
