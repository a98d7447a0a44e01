import { configure } from "../provider";
import { CONFIG_NAMESPACE, PLUGIN_CONFIG_NAMESPACE } from "../provider/core/config";
import { stackConfig, type StackRef } from "./pulumi";

/** The provider's settings for a command: the stack's config (either engine path's keys) when a stack is named, then the environment. */
export function useSettings(ref?: StackRef): void {
  const config = ref ? stackConfig(ref) : new Map<string, string>();
  const local = (k: string) => k.slice(k.indexOf(":") + 1);
  configure({ config: { get: (k) => config.get(k) ?? config.get(`${CONFIG_NAMESPACE}:${local(k)}`) ?? config.get(`${PLUGIN_CONFIG_NAMESPACE}:${local(k)}`) } });
}
