/**
 * Credentials must never reach an error message, a log line or the state file.
 * Error bodies are excerpted through this before they are kept (Octokit style).
 */
const SECRET_KEYS = /("(?:access_token|refresh_token|id_token|token|apikey|api_key|apiKey|password|private_key|privateKey|secret)"\s*:\s*)"[^"]*"/g;
const AUTH_SCHEMES = /\b(Bearer|token|apikey|Signature|Basic)\s+[A-Za-z0-9._~+/=:,"-]{8,}/gi;

export function redactText(text: string): string {
  return text.replace(SECRET_KEYS, '$1"[REDACTED]"').replace(AUTH_SCHEMES, "$1 [REDACTED]");
}

export function excerpt(text: string, max = 500): string {
  const clean = redactText(text);
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
