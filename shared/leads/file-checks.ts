/**
 * Checks across the rows of one file: an external id or (unless duplicates are allowed) a phone number
 * that an earlier row already has. The later row is invalid and its reason names the first row.
 * This runs over files of a million rows, so digit strings are kept as numbers: in a compact index here,
 * and in a typed array on their way from the thread that reads the rows to the one that checks them.
 */
import type { Issue } from '../contract.ts';
import { NumberIndex } from './number-index.ts';

const EXTERNAL_ID = 'njExternalLeadId';

/**
 * A string of 1 to 15 digits as a whole number, with a leading 1 so that 0383218199 and 383218199 stay
 * apart; it fits a double exactly. Undefined for anything else. Read digit by digit: this runs for every
 * phone of a million-row file, and a regular expression plus Number() costs several times as much.
 */
export function digitKey(value: string): number | undefined {
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

/**
 * The values the checks look at (the external id, the phones), for many rows: row r's value of check
 * field f is at r × width + f. Plain numbers pass between threads and into the index without a string
 * for every phone of the file.
 */
export interface CheckedValues {
  width: number;
  /** digitKey of the value; 0 when the row has none; NaN when it is not 1 to 15 digits, kept in `texts`. */
  keys: Float64Array;
  texts: Map<number, string>;
}

export function newCheckedValues(rows: number, width: number): CheckedValues {
  return { width, keys: new Float64Array(rows * width), texts: new Map() };
}

export function setCheckedValue(values: CheckedValues, at: number, value: string | undefined): void {
  if (value === undefined || value === '') return;
  const key = digitKey(value);
  if (key !== undefined) values.keys[at] = key;
  else {
    values.keys[at] = Number.NaN;
    values.texts.set(at, value);
  }
}

export function checkedValue(values: CheckedValues, at: number): string | undefined {
  const key = values.keys[at];
  if (key === 0) return undefined;
  // A key is a 1 followed by the digits, under 2^53: its decimal form is exact.
  return Number.isNaN(key) ? values.texts.get(at) : String(key).slice(1);
}

/**
 * The values of one row (a payload) as CheckedValues, for checks made a row at a time; `reuse` (one row
 * of the same width, which the checks do not keep) saves a typed array and a map for every row.
 */
export function checkedValuesOf(
  fields: readonly string[],
  payload: Readonly<Record<string, string>>,
  reuse?: CheckedValues,
): CheckedValues {
  const values = reuse ?? newCheckedValues(1, fields.length);
  values.keys.fill(0);
  values.texts.clear();
  for (let f = 0; f < fields.length; f++) setCheckedValue(values, f, payload[fields[f]]);
  return values;
}

/** A guess above this (16M numbers, 200 MB of index) is not trusted: the index grows as needed instead. */
const MAX_EXPECTED = 1 << 24;

/** First row of each value: digit strings by their key in a NumberIndex, anything else in a Map. */
function createFirstRows(expected: number) {
  const numbers = new NumberIndex(Math.max(4096, Math.ceil(expected / 0.7)));
  const others = new Map<string, number>();
  return {
    /** The row that had the value at `at` first, after recording `row` as its first when it is new. */
    firstOf(values: CheckedValues, at: number, row: number): number {
      const key = values.keys[at];
      if (!Number.isNaN(key)) return numbers.getOrSet(key, row);
      const text = values.texts.get(at) ?? '';
      const first = others.get(text);
      if (first !== undefined) return first;
      others.set(text, row);
      return row;
    },
  };
}

export interface FileChecks {
  /** Issues of row `row` of `values`, which is row `rowNumber` of the file. Rows must come in file order. */
  check(rowNumber: number, values: CheckedValues, row: number): Issue[];
}

/**
 * `fields` are the check fields in the order of the values: the external id (when sent) and the phone
 * fields. `expectedPhones` sizes the index up front (a guess from the file's size is enough): growing it
 * step by step to millions of numbers costs more than the lookups themselves.
 */
export function createFileChecks(options: {
  allowDuplicates: boolean;
  fields: readonly string[];
  expectedPhones?: number;
}): FileChecks {
  const { fields, allowDuplicates } = options;
  const phones = createFirstRows(Math.min(options.expectedPhones ?? 0, MAX_EXPECTED));
  const externalIds = createFirstRows(0);
  return {
    check(rowNumber, values, row) {
      const issues: Issue[] = [];
      const base = row * values.width;
      for (let f = 0; f < fields.length; f++) {
        const at = base + f;
        if (values.keys[at] === 0) continue;
        const field = fields[f];
        const isId = field === EXTERNAL_ID;
        if (!isId && allowDuplicates) continue;
        // The same number in two phone fields of one lead finds this row as its first: no issue.
        const first = (isId ? externalIds : phones).firstOf(values, at, rowNumber);
        if (first === rowNumber) continue;
        const value = checkedValue(values, at);
        issues.push(
          isId
            ? { field, severity: 'error', message: `${EXTERNAL_ID} ${value} already in row ${first}` }
            : { field, severity: 'error', message: `phone ${value} already in row ${first}` },
        );
      }
      return issues;
    },
  };
}
