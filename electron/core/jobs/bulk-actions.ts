/**
 * What a correction does to one row's cells: set or clear a field, find and replace, take another
 * column, fill down, trim or fix case, skip or bring back. Pure: the editor (bulk-edit.ts) applies a
 * plan to each selected row and checks the row again with the import's rules. A field is changed where
 * the mapping takes it from (its column), because what a lead sends is derived from its cells.
 */

import type { z } from 'zod';
import type { MappingSpec } from '../../../shared/contract.ts';
import { type BulkAction, bulkAction } from '../../../shared/corrections.ts';
import { UserError } from '../errors.ts';

type Action = z.infer<typeof bulkAction>;

export type { BulkAction };

/** A spreadsheet runs a cell that starts like this as a formula; a phone number may start with + and a digit. */
const FORMULA = /^[=@\t\r]|^[+-](?![\d\s(])/;

export function formulaProblem(value: string): string | undefined {
  if (!FORMULA.test(value)) return undefined;
  return `"${value.slice(0, 40)}" starts with "${value[0] === '\t' ? 'tab' : value[0] === '\r' ? 'carriage return' : value[0]}", which a spreadsheet would run as a formula: remove it or put text before it`;
}

/**
 * The source column a field is taken from (by the job's mapping), or a column named so. A field that is
 * a constant or not mapped has no cell to change.
 */
export function columnOf(name: string, headers: readonly string[], mapping: MappingSpec | undefined): number {
  const source = mapping?.fields[name];
  // A field combined from several columns has no one cell to change: its columns are changed one by one.
  if (Array.isArray(source))
    throw new UserError('bad-field', `${name} combines the columns ${source.join(' + ')}: change one of those columns instead.`);
  const wanted = (source ?? name).trim();
  const byNumber = /^#(\d+)$/.exec(wanted);
  if (byNumber && Number(byNumber[1]) >= 1 && Number(byNumber[1]) <= headers.length) return Number(byNumber[1]) - 1;
  const exact = headers.findIndex((h) => h.trim() === wanted);
  if (exact >= 0) return exact;
  const loose = headers.findIndex((h) => h.trim().toLowerCase() === wanted.toLowerCase());
  if (loose >= 0) return loose;
  if (mapping?.constants[name] !== undefined)
    throw new UserError('bad-field', `${name} is the same for every row (a constant of the mapping): change it in Map.`);
  throw new UserError('bad-field', `There is no field or column "${name}" in this job (columns: ${headers.join(', ')}).`);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const titleCase = (text: string) =>
  text.toLowerCase().replace(/(^|[\s'-])(\p{L})/gu, (_, before, letter) => before + letter.toUpperCase());

export interface ActionPlan {
  /** Words for the history and the summary, e.g. `Set FirstPhone to "0412…"`. */
  label: string;
  /** The column whose cells change; undefined for skip/unskip. */
  column?: number;
  /** New cells for a row, or undefined when the row is left as it is. `above` is the previous selected row's. */
  change?(cells: readonly string[], above: readonly string[] | undefined): string[] | undefined;
  skip?: 'skip' | 'unskip';
}

/** Checks an action against the job's columns and turns it into a plan; bad input is refused with a reason. */
export function planAction(input: BulkAction, headers: readonly string[], mapping: MappingSpec | undefined): ActionPlan {
  const parsed = bulkAction.safeParse(input);
  if (!parsed.success) throw new UserError('bad-action', `That correction is not complete: ${parsed.error.issues[0]?.message}.`);
  const action: Action = parsed.data;
  const refuseFormula = (value: string) => {
    const problem = formulaProblem(value);
    if (problem) throw new UserError('formula-value', problem);
  };
  const put =
    (column: number, next: (value: string, cells: readonly string[], above?: readonly string[]) => string) =>
    (cells: readonly string[], above: readonly string[] | undefined) => {
      const before = cells[column] ?? '';
      const after = next(before, cells, above);
      if (after === before) return undefined;
      const out = [...cells];
      while (out.length <= column) out.push('');
      out[column] = after;
      return out;
    };
  switch (action.kind) {
    case 'skip':
    case 'unskip':
      return { label: action.kind === 'skip' ? 'Skip rows' : 'Bring back skipped rows', skip: action.kind };
    case 'cells': {
      const entries = Object.entries(action.cells).map(([key, value]) => [Number(key), value] as const);
      for (const [i] of entries)
        if (!Number.isInteger(i) || i < 0 || i >= headers.length) throw new UserError('bad-cell', `There is no column ${i + 1}.`);
      for (const [, value] of entries) refuseFormula(value);
      const names = entries.map(([i]) => headers[i]).join(', ');
      return {
        label: `Edit ${names}`,
        column: entries[0]?.[0],
        change: (cells) => {
          if (entries.every(([i, value]) => (cells[i] ?? '') === value)) return undefined;
          const out = [...cells];
          for (const [i, value] of entries) {
            while (out.length <= i) out.push('');
            out[i] = value;
          }
          return out;
        },
      };
    }
    case 'set': {
      refuseFormula(action.value);
      const column = columnOf(action.field, headers, mapping);
      return { label: `Set ${action.field} to "${action.value}"`, column, change: put(column, () => action.value) };
    }
    case 'clear': {
      const column = columnOf(action.field, headers, mapping);
      return { label: `Clear ${action.field}`, column, change: put(column, () => '') };
    }
    case 'replace': {
      refuseFormula(action.to);
      const column = columnOf(action.field, headers, mapping);
      const flags = action.ignoreCase ? 'gi' : 'g';
      const pattern = new RegExp(action.wholeCell ? `^${escapeRegExp(action.from)}$` : escapeRegExp(action.from), flags);
      return {
        label: `Replace "${action.from}" with "${action.to}" in ${action.field}`,
        column,
        change: put(column, (value) => {
          const next = value.replace(pattern, () => action.to);
          const problem = next !== value ? formulaProblem(next) : undefined;
          if (problem) throw new UserError('formula-value', problem);
          return next;
        }),
      };
    }
    case 'use': {
      const column = columnOf(action.field, headers, mapping);
      const from = columnOf(action.column, headers, undefined);
      if (from === column) throw new UserError('bad-action', `${action.field} is already taken from ${headers[from]}.`);
      return {
        label: `Use ${headers[from]} as ${action.field}`,
        column,
        change: put(column, (_, cells) => cells[from] ?? ''),
      };
    }
    case 'fillDown': {
      const column = columnOf(action.field, headers, mapping);
      return {
        label: `Fill ${action.field} down`,
        column,
        change: put(column, (value, _, above) => (value.trim() === '' && above ? (above[column] ?? '') : value)),
      };
    }
    case 'tidy': {
      const column = columnOf(action.field, headers, mapping);
      const caseOf = {
        keep: (t: string) => t,
        upper: (t: string) => t.toUpperCase(),
        lower: (t: string) => t.toLowerCase(),
        title: titleCase,
      }[action.letterCase];
      const words = { keep: 'Trim', upper: 'Trim and upper-case', lower: 'Trim and lower-case', title: 'Trim and title-case' };
      return {
        label: `${words[action.letterCase]} ${action.field}`,
        column,
        change: put(column, (value) => caseOf(value.trim().replace(/\s+/g, ' '))),
      };
    }
  }
}
