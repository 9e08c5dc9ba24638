/**
 * The API key travels in query strings (docs/campaigner-api.md), so any URL or message may carry it.
 * Everything that leaves the engine for a person, a log or the store goes through here.
 */
const KEY_PARAM = /([?&]apiKey=)[^&#\s"']*/gi;

const knownSecrets = new Set<string>();

/** Registers a secret so that it is masked wherever it appears, not only after `apiKey=`. */
export function registerSecret(secret: string | undefined): void {
  if (secret && secret.length >= 4) knownSecrets.add(secret);
}

export function redact(text: string): string {
  let out = text.replace(KEY_PARAM, '$1***');
  for (const secret of knownSecrets) {
    if (out.includes(secret)) out = out.split(secret).join('***');
  }
  return out;
}

/** A URL fit to show a person: no query string at all. */
export function displayUrl(url: string | URL): string {
  try {
    const u = new URL(String(url));
    return `${u.origin}${u.pathname}`;
  } catch {
    return redact(String(url));
  }
}
