/** What the simulated server answers: JSON or HTML bodies, and the batch insert's message with its error block. */
import type { ServerResponse } from 'node:http';
import type { Outcome } from './lead-store.ts';
import { csvField, headerOrder, type Lead } from './rules.ts';

export type Reply = { status: number; body: unknown; html?: boolean };

export function send(res: ServerResponse, r: Reply): void {
  if (res.destroyed) return;
  const text = r.html ? String(r.body) : JSON.stringify(r.body);
  res.writeHead(r.status, { 'Content-Type': r.html ? 'text/html; charset=utf-8' : 'application/json' });
  res.end(text);
}

/** Campaigner's answer to a wrong key or a caller from an address it does not permit: an HTML page, not JSON. */
export const REFUSED_KEY: Reply = {
  status: 401,
  html: true,
  body: '<html><head><title>401 Unauthorized</title></head><body><h1>Unauthorized</h1><p>Invalid api key or IP address not permitted.</p></body></html>',
};

export function unknownIdReply(name: string, value: string | null): Reply {
  return { status: 400, body: { code: 100, message: `Invalid ${name} ${value ?? '(missing)'}` } };
}

export function leadReply(o: Outcome): Reply {
  if (o.kind === 'rejected') return { status: 200, body: { code: o.code, message: o.reason } };
  return { status: 200, body: { code: 0, message: o.kind === 'updated' ? 'OK Updated' : 'OK' } };
}

export function batchReply(leads: unknown[], outcomes: Outcome[]): Reply {
  return { status: 200, body: { code: 0, message: batchMessage(leads as Lead[], outcomes, headerFields(leads)) } };
}

/** Every field name seen in the call, in the error block's order. */
function headerFields(leads: unknown[]): string[] {
  const names = new Set<string>();
  for (const lead of leads) {
    if (typeof lead === 'object' && lead !== null) for (const name of Object.keys(lead)) names.add(name);
  }
  return headerOrder(names);
}

function batchMessage(leads: Lead[], outcomes: Outcome[], fields: string[]): string {
  const imported = outcomes.filter((o) => o.kind === 'imported').length;
  const updated = outcomes.filter((o) => o.kind === 'updated').length;
  const rejected = outcomes.length - imported - updated;
  const lines = leads.flatMap((lead, i) => {
    const o = outcomes[i];
    if (o.kind !== 'rejected') return [];
    const values = fields.map((f) => csvField(typeof lead === 'object' && lead && typeof lead[f] === 'string' ? lead[f] : ''));
    return [`${[...values, csvField(o.reason)].join(',')},`];
  });
  const header = `${[...fields, 'Error Reason'].join(',')},`;
  return `Imported ${imported} Updated ${updated} Rejected ${rejected} leads.\n\nErrors (If any):\n ${header}\n${lines.map((l) => `${l}\n`).join('')}OK`;
}
