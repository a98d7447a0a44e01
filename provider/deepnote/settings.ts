import { readSetting, type SettingSpec } from "../core/config";

export const DEEPNOTE_TOKEN: SettingSpec = { key: "deepnoteToken", env: ["DEEPNOTE_TOKEN"], secret: true, description: "Deepnote API key" };
/** An origin, as Deepnote's own clients read it (`Deepnote.fromEnv()` in @deepnote/pipelines). */
export const DEEPNOTE_URL: SettingSpec = { key: "deepnoteUrl", env: ["DEEPNOTE_API_URL"], description: "Deepnote API URL" };
export const DEEPNOTE_SETTINGS = [DEEPNOTE_TOKEN, DEEPNOTE_URL];

export const DEFAULT_DEEPNOTE_URL = "https://api.deepnote.com";

/** The API base: the URL setting with `/v2` appended unless it already ends so (the emulators give the `/v2` base). */
export function deepnoteBaseUrl(): string {
  const url = (readSetting(DEEPNOTE_URL) ?? DEFAULT_DEEPNOTE_URL).replace(/\/+$/, "");
  return /\/v2$/.test(url) ? url : `${url}/v2`;
}
