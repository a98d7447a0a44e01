import type { SettingSpec } from "../core/config";

/** The server's token, as Jupyter's own tools read it. */
export const JUPYTER_TOKEN: SettingSpec = { key: "jupyterToken", env: ["JUPYTER_TOKEN"], secret: true, description: "Jupyter Server token" };
export const JUPYTER_SETTINGS = [JUPYTER_TOKEN];
