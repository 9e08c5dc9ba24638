/**
 * Server addresses as people paste them: a bare host, a base URL, or a whole request URL copied from
 * documentation (path, method and query string included). Reduced to `scheme://host[:port]`.
 */
export const API_PATH = '/servicemanager/rest/CampaignAPI/';

export type ServerUrlResult = { ok: true; base: string } | { ok: false; reason: string };

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  if (LOOPBACK_HOSTS.has(hostname.toLowerCase())) return true;
  return /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

export function normaliseServerUrl(input: string): ServerUrlResult {
  const trimmed = input.trim();
  if (!trimmed) return { ok: false, reason: 'The server address is empty.' };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, reason: `"${trimmed.replace(/apiKey=[^&]*/i, 'apiKey=***')}" is not a web address.` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: `Only https:// addresses are supported (got ${url.protocol}).` };
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return {
      ok: false,
      reason: `http:// would send the API key unencrypted: use https://${url.host} (plain http is allowed only for this computer).`,
    };
  }
  if (url.username || url.password) return { ok: false, reason: 'The server address must not contain a user name or password.' };
  return { ok: true, base: url.origin };
}

export function apiUrl(base: string, method: string): string {
  return `${base}${API_PATH}${method}`;
}
