/**
 * Checks across the rows of one file: an external id or (unless duplicates are allowed) a phone number
 * that an earlier row already has. The later row is invalid and its reason names the first row.
 * This runs over files of a million rows, so digit strings are kept as numbers in a compact index.
 */
import type { Issue } from '../contract.ts';
import { NumberIndex } from './number-index.ts';

export interface FileChecks {
  check(rowNumber: number, payload: Readonly<Record<string, string>>, phoneFields: ReadonlySet<string>): Issue[];
}

/**
 * A string of 1 to 15 digits as a whole number, with a leading 1 so that 0383218199 and 383218199 stay
 * apart; it fits a double exactly. Undefined for anything else. Read digit by digit: this runs for every
 * phone of a million-row file, and a regular expression plus Number() costs several times as much.
 */
function digitKey(value: string): number | undefined {
  const length = value.length;
  if (length === 0 || length > 15) return undefined;
  let key = 1;
  for (let i = 0; i < length; i++) {
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    key = key * 10 + digit;
  }
  return key;
}

/** A guess above this (16M numbers, 200 MB of index) is not trusted: the index grows as needed instead. */
const MAX_EXPECTED = 1 << 24;

/** First row of each value: digit strings in a NumberIndex, anything else in a Map. */
function createFirstRows(expected: number) {
  const numbers = new NumberIndex(Math.max(4096, Math.ceil(expected / 0.7)));
  const others = new Map<string, number>();
  return {
    /** The row that had `value` first, after recording `row` as its first when it is new. */
    firstOf(value: string, row: number): number {
      const key = digitKey(value);
      if (key !== undefined) {
        const first = numbers.get(key);
        if (first !== undefined) return first;
        numbers.set(key, row);
        return row;
      }
      const first = others.get(value);
      if (first !== undefined) return first;
      others.set(value, row);
      return row;
    },
  };
}

/**
 * `expectedPhones` sizes the index up front (a guess from the file's size is enough): growing it
 * step by step to millions of numbers costs more than the lookups themselves.
 */
export function createFileChecks(options: { allowDuplicates: boolean; expectedPhones?: number }): FileChecks {
  const phones = createFirstRows(Math.min(options.expectedPhones ?? 0, MAX_EXPECTED));
  const externalIds = createFirstRows(0);
  return {
    check(rowNumber, payload, phoneFields) {
      const issues: Issue[] = [];
      const externalId = payload.njExternalLeadId;
      if (externalId !== undefined) {
        const first = externalIds.firstOf(externalId, rowNumber);
        if (first !== rowNumber) {
          issues.push({
            field: 'njExternalLeadId',
            severity: 'error',
            message: `njExternalLeadId ${externalId} already in row ${first}`,
          });
        }
      }
      if (!options.allowDuplicates) {
        for (const field of phoneFields) {
          const phone = payload[field];
          if (phone === undefined) continue;
          // The same number in two phone fields of one lead finds this row as its first: no issue.
          const first = phones.firstOf(phone, rowNumber);
          if (first !== rowNumber) {
            issues.push({ field, severity: 'error', message: `phone ${phone} already in row ${first}` });
          }
        }
      }
      return issues;
    },
  };
}
