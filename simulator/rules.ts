/**
 * The server-side rules the simulator applies to each lead, as docs/simulator.md and
 * docs/campaigner-api.md describe them. Where the vendor is silent the choice is noted (see README.md).
 */
export type Lead = Record<string, string>;

export const PHONE_FIELD = /phone|mobile|cell|tel/i;

/** AU national 10 digits starting 0, 1300/1800 (10 digits), 13xxxx (6 digits), or + and 8–15 digits. */
export function isValidPhone(value: string): boolean {
  const compact = value.replace(/[\s()-]/g, '');
  if (/^\+\d{8,15}$/.test(compact)) return true;
  if (/^0[2-478]\d{8}$/.test(compact)) return true;
  if (/^1[38]00\d{6}$/.test(compact)) return true;
  return /^13\d{4}$/.test(compact);
}

/** The number as the duplicate check sees it: digits only, with +61 written the national way (0...). */
export function phoneKey(value: string): string {
  const digits = value.replace(/\D/g, '');
  if (value.trim().startsWith('+61') && digits.length === 11) return `0${digits.slice(2)}`;
  return digits;
}

/** The lead's valid phones, normalised to digits, in field order. */
export function validPhones(lead: Lead): string[] {
  const phones: string[] = [];
  for (const [field, value] of Object.entries(lead)) {
    if (PHONE_FIELD.test(field) && typeof value === 'string' && isValidPhone(value)) phones.push(phoneKey(value));
  }
  return phones;
}

export function isValidCallBackDate(value: string): boolean {
  const m = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60;
}

export function isValidPriority(value: string): boolean {
  return /^\d{1,3}$/.test(value) && Number(value) <= 100;
}

export type LeadCheck = { ok: true; phones: string[] } | { ok: false; code: number; reason: string };

/** Field-level checks that need no stored state. */
export function checkLead(lead: unknown, contactHours: ReadonlySet<string>): LeadCheck {
  if (typeof lead !== 'object' || lead === null || Array.isArray(lead)) {
    return { ok: false, code: 103, reason: 'Lead is not an object' };
  }
  for (const value of Object.values(lead)) {
    if (typeof value !== 'string') return { ok: false, code: 103, reason: 'Lead values must be strings' };
  }
  const l = lead as Lead;
  const phones = validPhones(l);
  if (phones.length === 0) return { ok: false, code: 102, reason: 'No valid phone number' };
  if (l.njPriority !== undefined && !isValidPriority(l.njPriority)) {
    return { ok: false, code: 103, reason: `Invalid njPriority ${l.njPriority}: must be 0-100` };
  }
  if (l.njCallBackDate !== undefined && !isValidCallBackDate(l.njCallBackDate)) {
    return { ok: false, code: 103, reason: `Invalid njCallBackDate ${l.njCallBackDate}: expected yyyy/MM/dd HH:mm` };
  }
  if (l.njContactHours !== undefined && !contactHours.has(l.njContactHours)) {
    return { ok: false, code: 111, reason: `Unknown Contact Hours ${l.njContactHours}` };
  }
  return { ok: true, phones };
}

/** CSV field quoting as the vendor's error block does it (quotes only when needed). */
export function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The error block's header order: stable but not the request's. The real server's order looks like a hash
 * map's; the simulator sorts by a fixed string hash so that clients cannot rely on request order.
 */
export function headerOrder(fields: Iterable<string>): string[] {
  const hash = (s: string) => {
    let h = 2166136261;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
    return h >>> 0;
  };
  return [...new Set(fields)].sort((a, b) => hash(a) - hash(b) || (a < b ? -1 : 1));
}
