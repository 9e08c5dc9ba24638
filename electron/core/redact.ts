/**
 * The API key travels in query strings (docs/campaigner-api.md), so any URL or message may carry it.
 * Everything that leaves the engine for a person, a log or the store goes through here.
 */
const KEY_PARAM = /([?&]apiKey=)[^&#\s"']*/gi;

const knownSecrets = new Set<string>();

/**
 * Every form a key takes on its way through a URL, a form body, JSON or HTML, so that a server echoing
 * the request back in any of them does not put the key in the store, a report or a message.
 */
export function encodedForms(secret: string): string[] {
  const percent = encodeURIComponent(secret);
  const form = new URLSearchParams({ k: secret }).toString().slice(2);
  const json = JSON.stringify(secret).slice(1, -1);
  const html = secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const forms = [
    secret,
    percent,
    percent.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
    form,
    form.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
    encodeURIComponent(percent),
    json,
    json.replace(/\//g, '\\/'),
    html,
  ];
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

/** Registers a secret so that it is masked wherever it appears, in any encoding, not only after `apiKey=`. */
export function registerSecret(secret: string | undefined): void {
  if (secret && secret.length >= 4) for (const form of encodedForms(secret)) knownSecrets.add(form);
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
