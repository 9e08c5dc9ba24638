/**
 * Which column becomes which lead field. The default (docs/cli.md "Mapping") sends each column under its
 * header; suggestions match a file's headers to a template's fields; a mapping is resolved once against a
 * file's headers into column indexes so that building a lead is a few array reads.
 */
import type { LeadField, MappingSpec } from '../contract.ts';

export const SYSTEM_FIELDS = ['njExternalLeadId', 'njCallBackDate', 'njPriority', 'njContactHours'] as const;
export const PHONE_NAME = /phone|mobile|cell|tel/i;

const squash = (s: string) => s.toLowerCase().replace(/[\s_.-]+/g, '');

/**
 * The system field a header names (`nj external lead id`, `NJPRIORITY`, `nj-call-back-date`), if any:
 * case, spaces, `_`, `-` and `.` are ignored. Such a column is the system field, never a template field.
 */
export function systemFieldFor(header: string): string | undefined {
  const key = squash(header.trim());
  return SYSTEM_FIELDS.find((f) => f.toLowerCase() === key);
}

/**
 * The system field a column is plainly meant for: its own name (systemFieldFor), or a header that says
 * priority, call back or contact hours ("Priority", "Call Back", "Contact hours"). An id-like header
 * ("Account") is not taken for njExternalLeadId here: a template may well have such a field of its own.
 */
export function systemFieldMeant(header: string): string | undefined {
  const exact = systemFieldFor(header);
  if (exact) return exact;
  const meant = concept(header);
  return meant === 'njexternalleadid' ? undefined : SYSTEM_FIELDS.find((f) => f.toLowerCase() === meant);
}

export function defaultMapping(headers: string[]): { ok: true; mapping: MappingSpec } | { ok: false; reason: string } {
  const fields: Record<string, string> = {};
  const firstColumn = new Map<string, number>();
  for (let i = 0; i < headers.length; i++) {
    const header = headers[i].trim();
    if (!header) continue;
    const field = systemFieldFor(header) ?? header;
    const earlier = firstColumn.get(field);
    if (earlier !== undefined) {
      const first = headers[earlier].trim();
      const what =
        first === header
          ? `columns ${earlier + 1} and ${i + 1} are both named "${header}"`
          : `columns ${earlier + 1} ("${first}") and ${i + 1} ("${header}") would both be sent as ${field}`;
      return {
        ok: false,
        reason: `${what}: map them with #N, e.g. --map FIELD=#${earlier + 1} --map OTHER=#${i + 1}`,
      };
    }
    firstColumn.set(field, i);
    fields[field] = `#${i + 1}`;
  }
  return { ok: true, mapping: { fields, constants: {}, phoneFields: [] } };
}

export interface ResolvedMapping {
  /** [field, column index] pairs in a stable order. */
  columns: [string, number][];
  /** Fields made by combining columns: [field, column indexes], the non-empty cells joined by a space. */
  joined: [string, number[]][];
  constants: [string, string][];
  phoneFields: ReadonlySet<string>;
  /** field → header text ("First Name + Surname" for a combined field), for messages. */
  columnNames: ReadonlyMap<string, string>;
}

/** The index of the column `column` (header text, or #N) names, or why there is none. */
function findColumn(
  field: string,
  column: string,
  headers: string[],
): { ok: true; index: number } | { ok: false; reason: string } {
  const byNumber = /^#(\d+)$/.exec(column.trim());
  if (byNumber) {
    const index = Number(byNumber[1]) - 1;
    if (index < 0 || index >= headers.length) {
      return { ok: false, reason: `field ${field}: the file has no column ${column} (it has ${headers.length})` };
    }
    return { ok: true, index };
  }
  const wanted = column.trim();
  const matches = headers.flatMap((h, i) => (h.trim() === wanted ? [i] : []));
  if (matches.length === 1) return { ok: true, index: matches[0] };
  if (matches.length > 1) {
    return {
      ok: false,
      reason: `field ${field}: ${matches.length} columns are named "${column}" (columns ${matches.map((i) => i + 1).join(', ')}): use #N`,
    };
  }
  const loose = headers.flatMap((h, i) => (h.trim().toLowerCase() === wanted.toLowerCase() ? [i] : []));
  if (loose.length !== 1) return { ok: false, reason: `field ${field}: the file has no column named "${column}"` };
  return { ok: true, index: loose[0] };
}

export function resolveMapping(
  mapping: MappingSpec,
  headers: string[],
  catalogue: readonly LeadField[] = [],
): { ok: true; resolved: ResolvedMapping } | { ok: false; reason: string } {
  const columns: [string, number][] = [];
  const joined: [string, number[]][] = [];
  const columnNames = new Map<string, string>();
  const nameOf = (index: number) => headers[index] || `column ${index + 1}`;
  for (const [field, source] of Object.entries(mapping.fields)) {
    const parts = typeof source === 'string' ? [source] : source;
    const indexes: number[] = [];
    for (const part of parts) {
      const found = findColumn(field, part, headers);
      if (!found.ok) return found;
      indexes.push(found.index);
    }
    if (typeof source === 'string') columns.push([field, indexes[0]]);
    else joined.push([field, indexes]);
    columnNames.set(field, indexes.map(nameOf).join(' + '));
  }
  const phoneFields = new Set<string>(mapping.phoneFields ?? []);
  const allFields = [...columns.map(([f]) => f), ...joined.map(([f]) => f), ...Object.keys(mapping.constants ?? {})];
  for (const field of allFields) {
    if (PHONE_NAME.test(field) || catalogue.some((c) => c.name === field && c.isPhone)) phoneFields.add(field);
  }
  return {
    ok: true,
    resolved: { columns, joined, constants: Object.entries(mapping.constants ?? {}), phoneFields, columnNames },
  };
}

// ---------- suggestions ----------

const SYNONYMS: [RegExp, string][] = [
  // "Account" alone is an id; "Customer" alone is a person, "Customer No." an id.
  [
    /\b(account|acct|acc|ref|reference)\b|\b(customer|client|member|external|ext|lead|unique)\s*(?:(?:no|num|number|id|code|ref)\b|#)|^id$/i,
    'njexternalleadid',
  ],
  [/\b(call\s*back|callback|follow\s*up)\b/i, 'njcallbackdate'],
  [/\bpriority\b/i, 'njpriority'],
  [/\bcontact\s*hours?\b|\bhours\b/i, 'njcontacthours'],
  [/\b(mobile|mob|cell|cellular)\b/i, 'mobilephone'],
  [/\b(post\s*code|postcode|pcode|zip|postal)\b/i, 'postcode'],
  [/\b(suburb|city|town|locality)\b/i, 'city'],
  [/\b(state|province|region)\b/i, 'state'],
  [/\b(address|addr|street)\b/i, 'streetaddress'],
  [/\b(full\s*name|name|contact|customer|client)\b/i, 'name'],
  [/\b(phone|ph|tel|telephone|landline|home\s*phone|work\s*phone)\b/i, 'phone'],
];

const normaliseName = (s: string) =>
  s
    .toLowerCase()
    .replace(/#/g, ' number ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

const compactName = (s: string) => normaliseName(s).replace(/ /g, '');

function concept(header: string): string | undefined {
  // Word boundaries where people write none: "phone2", "MobilePhone", "POST_CODE".
  const text = header
    .replace(/[_.]/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([a-z])(\d)/gi, '$1 $2');
  return SYNONYMS.find(([pattern]) => pattern.test(text))?.[1];
}

function bigrams(s: string): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i < s.length - 1; i++) out.set(s.slice(i, i + 2), (out.get(s.slice(i, i + 2)) ?? 0) + 1);
  return out;
}

/** Dice coefficient on letter pairs: 1 for the same word, ~0.7 for close spellings. */
export function similarity(a: string, b: string): number {
  const x = compactName(a);
  const y = compactName(b);
  if (x === y) return 1;
  if (x.length < 2 || y.length < 2) return 0;
  const bx = bigrams(x);
  const by = bigrams(y);
  let overlap = 0;
  for (const [k, n] of bx) overlap += Math.min(n, by.get(k) ?? 0);
  return (2 * overlap) / (x.length - 1 + (y.length - 1));
}

/** Which of several alike columns or fields a name means: 1 for "Phone 1"/"FirstPhone", 2 for "Alt Phone"/"SecondPhone". */
function ordinal(name: string): 1 | 2 | 3 | undefined {
  const words = name
    .replace(/([a-z])([A-Z\d])/g, '$1 $2')
    .replace(/(\d)([a-z])/gi, '$1 $2')
    .toLowerCase();
  if (/\b(1|first|primary|main|home)\b/.test(words)) return 1;
  if (/\b(2|second|secondary|alt|alternate|alternative|other|work|business)\b/.test(words)) return 2;
  if (/\b(3|third)\b/.test(words)) return 3;
  return undefined;
}

function score(header: string, field: string): number {
  if (!header.trim()) return 0;
  if (compactName(header) === compactName(field)) return 1;
  const hc = concept(header);
  const fc = concept(field) ?? compactName(field);
  let s = 0;
  if (hc && (hc === fc || hc === compactName(field))) s = 0.9;
  else if (hc === 'phone' && PHONE_NAME.test(field) && !/mobile|cell/i.test(field)) s = 0.8;
  else if (hc === 'mobilephone' && /mobile|cell/i.test(field)) s = 0.85;
  if (s > 0) {
    // "Phone 2" belongs with SecondPhone even when it comes before "Phone 1" in the file.
    const wanted = ordinal(header);
    const offered = ordinal(field);
    if (wanted !== undefined && offered !== undefined) s += wanted === offered ? 0.05 : -0.05;
  }
  const sim = similarity(header, field);
  return Math.min(1, Math.max(s, sim >= 0.6 ? sim * 0.85 : 0));
}

export interface Suggestion {
  field: string;
  column: string;
  confidence: number;
}

/**
 * Pairs each field with its most likely column, best pairs first, one column to one field.
 * System fields are always candidates. Returns the mapping (by header text, or #N where headers repeat).
 */
export function suggestMapping(
  headers: string[],
  fields: readonly LeadField[],
): { mapping: MappingSpec; suggestions: Suggestion[] } {
  const candidates = [...new Set([...fields.map((f) => f.name), ...SYSTEM_FIELDS])];
  const pairs: { field: string; index: number; confidence: number }[] = [];
  for (const field of candidates) {
    headers.forEach((header, index) => {
      const confidence = score(header, field);
      if (confidence >= 0.5) pairs.push({ field, index, confidence });
    });
  }
  pairs.sort((a, b) => b.confidence - a.confidence || a.index - b.index);
  const usedFields = new Set<string>();
  const usedColumns = new Set<number>();
  const suggestions: Suggestion[] = [];
  const mappingFields: Record<string, string> = {};
  for (const pair of pairs) {
    if (usedFields.has(pair.field) || usedColumns.has(pair.index)) continue;
    usedFields.add(pair.field);
    usedColumns.add(pair.index);
    const header = headers[pair.index];
    const unique = headers.filter((h) => h.trim() === header.trim()).length === 1;
    const column = unique ? header.trim() : `#${pair.index + 1}`;
    mappingFields[pair.field] = column;
    suggestions.push({ field: pair.field, column, confidence: Math.round(pair.confidence * 100) / 100 });
  }
  const phoneFields = fields.filter((f) => f.isPhone).map((f) => f.name);
  return { mapping: { fields: mappingFields, constants: {}, phoneFields }, suggestions };
}

/** A stable id of a file's header row, to recognise "the same kind of file" again. FNV-1a, 64-bit, hex. */
export function headerFingerprint(headers: readonly string[]): string {
  const text = headers.map((h) => h.trim().toLowerCase()).join('\u0001');
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

/**
 * A saved mapping made for another file, kept to the columns this file has: a field whose column (or one
 * of whose combined columns) is not here is left out and named, rather than failing when the rows are checked.
 */
export function keepFileColumns(mapping: MappingSpec, headers: string[]): { mapping: MappingSpec; missing: string[] } {
  const fields: MappingSpec['fields'] = {};
  const missing: string[] = [];
  for (const [field, column] of Object.entries(mapping.fields)) {
    const one: MappingSpec = { fields: { [field]: column }, constants: {}, phoneFields: [] };
    if (resolveMapping(one, headers).ok) fields[field] = column;
    else missing.push(field);
  }
  return { mapping: { ...mapping, fields }, missing };
}
