/**
 * What the Map step shows beside each choice, worked out from a few rows of the file: sample values, the
 * meaning of the match badge, and the phone warning (a column of phone numbers sent into a field that is
 * not a phone field, so a lead whose only number is there would be refused by the server), and the
 * priority check (a column sent as njPriority whose values the row check would refuse). Pure.
 */
import type { LeadField, MappingSpec } from '../../../shared/contract.ts';
import { PHONE_NAME, SYSTEM_FIELDS } from '../../../shared/leads/mapping.ts';
import { isPriority } from '../../../shared/leads/normalise.ts';

export type Source = MappingSpec['fields'][string];

/** The column index a source names (header text, or #N), as resolveMapping finds it; -1 when none. */
export function columnIndex(column: string, headers: readonly string[]): number {
  const byNumber = /^#(\d+)$/.exec(column.trim());
  if (byNumber) {
    const index = Number(byNumber[1]) - 1;
    return index >= 0 && index < headers.length ? index : -1;
  }
  const wanted = column.trim();
  const exact = headers.findIndex((h) => h.trim() === wanted);
  if (exact >= 0) return exact;
  return headers.findIndex((h) => h.trim().toLowerCase() === wanted.toLowerCase());
}

/** The value a source gives a row: one cell, or the non-empty cells of several joined by a space. */
export function sourceValue(source: Source, headers: readonly string[], cells: readonly string[]): string {
  const parts = typeof source === 'string' ? [source] : source;
  return parts
    .map((part) => (cells[columnIndex(part, headers)] ?? '').trim().replace(/\s+/g, ' '))
    .filter(Boolean)
    .join(' ');
}

/** The first `n` non-empty values a source gives, in file order. */
export function sampleValues(source: Source, headers: readonly string[], rows: readonly (readonly string[])[], n = 3): string[] {
  const out: string[] = [];
  for (const cells of rows) {
    const value = sourceValue(source, headers, cells);
    if (value) out.push(value);
    if (out.length === n) break;
  }
  return out;
}

const PHONE_CHARS = /^\+?[\d\s().\-/]+$/;
/** A value that reads as a phone number: only digits and the usual separators, 8 to 15 digits. */
export function looksLikePhone(value: string): boolean {
  if (!PHONE_CHARS.test(value.trim())) return false;
  const digits = value.replace(/\D/g, '').length;
  return digits >= 8 && digits <= 15;
}

/** Most of the samples (and at least one) look like phone numbers. */
export const looksLikePhones = (samples: readonly string[]) =>
  samples.length > 0 && samples.filter(looksLikePhone).length * 2 > samples.length;

/** Whether the app (and, as recorded, the server) treats the field as a phone field. */
export function isPhoneField(field: string, mapping: MappingSpec, fields: readonly LeadField[]): boolean {
  return PHONE_NAME.test(field) || mapping.phoneFields.includes(field) || fields.some((f) => f.name === field && f.isPhone);
}

export interface PhoneWarning {
  field: string;
  /** Header text of the column(s) it comes from. */
  column: string;
  /** A phone field of the template that nothing is mapped to: the one-click fix sends the column there. */
  freePhoneField?: string;
}

/**
 * Fields fed by columns of phone numbers that are not phone fields. The person either sends the column
 * to a free phone field of the template, or marks the field as a phone field (if the server has it so).
 */
export function phoneWarnings(
  mapping: MappingSpec,
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  fields: readonly LeadField[],
): PhoneWarning[] {
  const free = fields.filter((f) => isPhoneField(f.name, mapping, fields) && mapping.fields[f.name] === undefined);
  const warnings: PhoneWarning[] = [];
  for (const [field, source] of Object.entries(mapping.fields)) {
    if ((SYSTEM_FIELDS as readonly string[]).includes(field) || isPhoneField(field, mapping, fields)) continue;
    if (!looksLikePhones(sampleValues(source, headers, rows, 5))) continue;
    const column = (typeof source === 'string' ? [source] : source)
      .map((part) => headers[columnIndex(part, headers)] ?? part)
      .join(' + ');
    warnings.push({ field, column, freePhoneField: free[warnings.length]?.name });
  }
  return warnings;
}

export type MatchKind = 'same' | 'alike' | 'close' | 'chosen' | 'notSent';
/** Short, and true of every pair they label: "same name" only when the column's header is the field's name. */
export const MATCH_LABEL: Record<MatchKind, string> = {
  same: 'same name',
  alike: 'matching name',
  close: 'close guess',
  chosen: 'chosen by you',
  notSent: 'not sent',
};

/**
 * What the badge beside a field says: "chosen by you" for a choice the person made (by hand, or in a
 * saved mapping); "same name" when the column's header is the field's name, letter for letter; "matching
 * name" when the two differ only in spaces, case or punctuation ("First Name" for FirstName); "close guess"
 * for any other suggestion; and "not sent" once the person set the field to "— not sent —". A guess never
 * claims more.
 */
export function matchKind(
  field: string,
  source: Source | undefined,
  suggestions: readonly { field: string; column: string; confidence: number }[],
  chosenByHand: readonly string[],
  constant = false,
  headers: readonly string[] = [],
): MatchKind | undefined {
  if (source === undefined) {
    if (constant) return 'chosen';
    return chosenByHand.includes(field) ? 'notSent' : undefined;
  }
  if (chosenByHand.includes(field)) return 'chosen';
  const hint = typeof source === 'string' ? suggestions.find((s) => s.field === field && s.column === source) : undefined;
  if (!hint) return 'chosen';
  if (hint.confidence < 1) return 'close';
  // A repeated header is named #N: its text is the header at that place.
  const index = columnIndex(hint.column, headers);
  const header = (index >= 0 ? headers[index] : hint.column).trim();
  return header === field ? 'same' : 'alike';
}

/**
 * The first values of the column sent as njPriority that the dialler would refuse (not a whole number from 0
 * to 100), so the Map step can say so before a whole file of rows turns out invalid; empty when all is well.
 */
export function badPriorities(mapping: MappingSpec, headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const source = mapping.fields.njPriority;
  if (source === undefined) return [];
  return sampleValues(source, headers, rows, 5).filter((value) => value.trim() !== '' && !isPriority(value.trim()));
}
