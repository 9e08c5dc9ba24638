/**
 * One insert call and what its answer means for the leads it carried (docs/campaigner-api.md):
 * accepted (read the message), transient (retry later; maybe delivered), or refused (stop the job).
 * Redirects are never followed, so the key in the query string never reaches another host.
 */
import { apiUrl } from '../../../shared/server-url.ts';
import { redact } from '../redact.ts';
import { networkReason } from './lookups.ts';

export interface InsertTarget {
  base: string;
  apiKey: string;
  templateId: number;
  campaignId: number;
  allocationId: number;
  allowDuplicates: boolean;
}

export type CallOutcome =
  | { kind: 'answered'; status: number; code: number; message: string }
  | {
      kind: 'transient';
      why: string;
      /** The server may have stored the leads before the answer was lost. */
      maybeDelivered: boolean;
      /** The server is overloaded: lower concurrency. */
      overload: boolean;
      /** Code 103: an exception, including "a manual import is running". */
      serverException: boolean;
      /** Nobody is listening: the server is down. */
      unreachable: boolean;
      /** The start of what the server answered, when it answered something that could not be used. */
      excerpt?: string;
    }
  | { kind: 'refused'; why: string };

/** Per-lead codes of insertLeadFast: an answer about the lead, not about the call. */
export const LEAD_CODES = new Set([101, 102, 104, 105, 106, 108, 111, 112]);
const TRANSIENT_CODES = new Set([103, 109, 110]);

/**
 * The most of a reply read into memory. A batch of 5,000 leads answered with every lead refused is about
 * 1 MB; a larger reply is not a Campaigner answer, and reading it whole let a hostile server fill memory.
 */
export const MAX_REPLY_BYTES = 4 << 20;
/** How much of an unusable reply is kept on the attempt and shown. */
const EXCERPT_CHARS = 2000;

class ReplyTooLarge extends Error {
  readonly head: string;
  constructor(head: string) {
    super('reply too large');
    this.head = head;
  }
}

/** Reads a reply's text, refusing past MAX_REPLY_BYTES (by its declared length, or as it streams in). */
async function readCapped(response: Response, limit: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) {
    await response.body?.cancel();
    throw new ReplyTooLarge('');
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > limit) {
      await reader.cancel();
      throw new ReplyTooLarge(text.slice(0, EXCERPT_CHARS));
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/** A short, redacted, one-line account of an unusable reply: an HTML page's title, else its first words. */
export function replyExcerpt(text: string, chars = 160): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1];
  const plain = (title ?? text).replace(/\s+/g, ' ').trim();
  if (!plain) return 'an empty reply';
  const cut = plain.length > chars ? `${plain.slice(0, chars)}…` : plain;
  return `"${redact(cut)}"`;
}

export async function callInsert(
  target: InsertTarget,
  method: string,
  body: unknown,
  timeoutMs: number,
  signal?: AbortSignal,
  maxReplyBytes = MAX_REPLY_BYTES,
): Promise<CallOutcome> {
  const url = new URL(apiUrl(target.base, method));
  url.searchParams.set('fTemplateId', String(target.templateId));
  url.searchParams.set('fCampaignId', String(target.campaignId));
  url.searchParams.set('fAllocationId', String(target.allocationId));
  if (target.allowDuplicates) url.searchParams.set('allowDuplicates', 'true');
  url.searchParams.set('apiKey', target.apiKey);
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      redirect: 'manual',
      signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
    });
    text = await readCapped(response, maxReplyBytes);
  } catch (error) {
    if (error instanceof ReplyTooLarge) {
      return {
        kind: 'transient',
        why: `the server's reply was larger than ${Math.round(maxReplyBytes / (1 << 20))} MB, which no Campaigner answer is`,
        maybeDelivered: true,
        overload: false,
        serverException: false,
        unreachable: false,
        excerpt: error.head ? redact(error.head) : undefined,
      };
    }
    return classifyNetworkError(error, timeout.aborted);
  }
  return classifyResponse(response.status, text, response.headers.get('content-type') ?? '');
}

export function classifyNetworkError(error: unknown, timedOut: boolean): CallOutcome {
  const reason = networkReason(error);
  const code = (error as { cause?: { code?: string } })?.cause?.code ?? '';
  if (/certificate/i.test(reason)) return { kind: 'refused', why: `the server's certificate was not accepted: ${reason}` };
  if (timedOut)
    return {
      kind: 'transient',
      why: 'no answer in time',
      maybeDelivered: true,
      overload: true,
      serverException: false,
      unreachable: false,
    };
  if (
    code === 'ECONNREFUSED' ||
    code === 'ENOTFOUND' ||
    code === 'EAI_AGAIN' ||
    code === 'EHOSTUNREACH' ||
    code === 'ENETUNREACH'
  ) {
    return { kind: 'transient', why: reason, maybeDelivered: false, overload: false, serverException: false, unreachable: true };
  }
  return {
    kind: 'transient',
    why: `connection lost (${reason})`,
    maybeDelivered: true,
    overload: true,
    serverException: false,
    unreachable: false,
  };
}

export function classifyResponse(status: number, text: string, contentType = ''): CallOutcome {
  if (status >= 300 && status < 400) {
    return {
      kind: 'refused',
      why: `the server answered with a redirect (HTTP ${status}); it is not followed so that the key stays with this server`,
    };
  }
  if (status === 401 || status === 403) {
    return { kind: 'refused', why: `the server refused the API key or this computer's IP address (HTTP ${status})` };
  }
  let body: { code?: unknown; message?: unknown } | undefined;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const isHtml = /html/i.test(contentType) || /^\s*</.test(text);
  if (!body || typeof body.code !== 'number') {
    if (status >= 500 || status === 429) {
      return {
        kind: 'transient',
        why: `HTTP ${status}${isHtml ? ' error page' : ''}: ${replyExcerpt(text)}`,
        maybeDelivered: status !== 503,
        overload: true,
        serverException: false,
        unreachable: false,
        excerpt: redact(text.slice(0, EXCERPT_CHARS)),
      };
    }
    if (status === 200) {
      return {
        kind: 'transient',
        why: `the server answered with something that is not a Campaigner reply: ${replyExcerpt(text)}`,
        maybeDelivered: true,
        overload: false,
        serverException: false,
        unreachable: false,
        excerpt: redact(text.slice(0, EXCERPT_CHARS)),
      };
    }
    return {
      kind: 'refused',
      why: `the server answered HTTP ${status}${isHtml ? ' with a web page' : ''}: check the server address`,
    };
  }
  const code = body.code;
  const message = redact(typeof body.message === 'string' ? body.message : '');
  if (TRANSIENT_CODES.has(code)) {
    return {
      kind: 'transient',
      why: `code ${code}${message ? `: ${message}` : ''}`,
      maybeDelivered: false,
      overload: code === 109,
      serverException: code === 103,
      unreachable: false,
    };
  }
  if (code === 0 || LEAD_CODES.has(code) || status === 200) return { kind: 'answered', status, code, message };
  if (status >= 500)
    return {
      kind: 'transient',
      why: `code ${code}: ${message}`,
      maybeDelivered: false,
      overload: true,
      serverException: true,
      unreachable: false,
    };
  return {
    kind: 'refused',
    why: `the server refused the request (HTTP ${status}, code ${code}${message ? `: ${message}` : ''})`,
  };
}
