import { z } from 'zod';
import { apiUrl } from '../../../shared/server-url.ts';
import { UserError } from '../errors.ts';
import { displayUrl, redact } from '../redact.ts';

const lookupReply = z.object({
  code: z.number(),
  message: z.string().optional(),
  entities: z.array(z.object({ id: z.coerce.number(), name: z.string() })).optional(),
});

export type LookupMethod = 'getCampaignTemplateList' | 'getCampaignList' | 'getAllocationList';

export interface LookupTarget {
  base: string;
  apiKey: string;
}

/**
 * One GET lookup. A refusal (non-200, HTML page, non-zero code) is "credentials/configuration refused"
 * per docs/campaigner-api.md; a network failure is "unreachable". Messages never carry the key.
 */
export async function lookup(
  target: LookupTarget,
  method: LookupMethod,
  query: Record<string, string | number> = {},
  timeoutMs = 30_000,
): Promise<{ id: number; name: string }[]> {
  const url = new URL(apiUrl(target.base, method));
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
  url.searchParams.set('apiKey', target.apiKey);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { Accept: 'application/json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new UserError('unreachable', `Could not reach ${displayUrl(url)}: ${networkReason(error)}`);
  }
  const text = await response.text();
  if (response.status >= 300 && response.status < 400) {
    throw new UserError(
      'refused',
      `The server answered ${method} with a redirect (HTTP ${response.status}); not followed, so the key stays here.`,
    );
  }
  let body: z.infer<typeof lookupReply>;
  try {
    body = lookupReply.parse(JSON.parse(text));
  } catch {
    throw new UserError(
      'refused',
      `The server refused ${method} (HTTP ${response.status}, not a Campaigner reply). Check the API key and that this computer's IP address is allowed.`,
    );
  }
  if (response.status !== 200 || body.code !== 0) {
    throw new UserError(
      'refused',
      `The server refused ${method}: ${redact(body.message ?? `code ${body.code}`)} (HTTP ${response.status}).`,
    );
  }
  return body.entities ?? [];
}

export function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code ?? (error as { code?: string })?.code;
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer in time';
  if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) return `certificate problem (${code})`;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'server name not found';
  return redact(cause?.message ?? (error instanceof Error ? error.message : String(error)));
}
