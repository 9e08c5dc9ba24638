import { detectHeaderRow } from '../../../shared/ingest/headers.ts';
import type { RowProblem } from './types.ts';

/** A row with more cells than the header may hold a value with an unquoted delimiter: never shift silently. */
export function raggedProblem(cells: number, headers: number): RowProblem | undefined {
  if (cells === headers) return undefined;
  if (cells > headers) {
    return {
      severity: 'error',
      message: `row has ${cells} cells but the header has ${headers}: a value may contain an unquoted delimiter`,
    };
  }
  return {
    severity: 'warning',
    message: `row has ${cells} cells but the header has ${headers}: the missing ones are taken as empty`,
  };
}

/** No cell holds anything but spaces: skipped like an empty line (a row of spaces is no lead). */
export function isBlankRow(cells: readonly string[]): boolean {
  // trim() returns the same string without allocating when there is nothing to trim: a data row's first
  // cell answers at once.
  for (let i = 0; i < cells.length; i++) if (cells[i] !== '' && cells[i].trim() !== '') return false;
  return true;
}

/** Pads a row to the header's width; extra cells stay so that no data is dropped. */
export function padCells(cells: string[], width: number): string[] {
  while (cells.length < width) cells.push('');
  return cells;
}

const filledCells = (row: readonly string[] | undefined) => row?.filter((c) => c.trim() !== '').length ?? 0;

/**
 * Whether a sheet's first rows (up to 40) hold a table of leads: a header of two or more columns with a
 * row under it that fills two or more cells. A cover or notes sheet (a title, lines of text in one column)
 * does not, nor does an empty one: a workbook opens on its first sheet that does (the others stay in the
 * sheet picker).
 */
export function looksLikeTable(top: readonly (readonly string[])[]): boolean {
  const header = detectHeaderRow(top.slice(0, 20));
  if (filledCells(top[header - 1]) < 2) return false;
  for (let r = header; r < top.length; r++) if (filledCells(top[r]) >= 2) return true;
  return false;
}
