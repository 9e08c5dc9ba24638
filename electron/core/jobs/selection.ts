/**
 * Which rows a correction applies to: rows picked by number (as the grid and the report show them,
 * single or ranges), a filter, a reason group, a search, or several of these at once (all must hold).
 * Rows are read in slices, in file order, with their full state for the edit history.
 */
import type { Selection } from '../../../shared/contract.ts';
import { UserError } from '../errors.ts';
import { type LeadState, STATE_COLUMNS, toState } from '../store/edit-history.ts';
import { FILTERS, type JobStore } from '../store/job-store.ts';

export type { Selection };

export interface SelectedLead {
  seq: number;
  rowNumber: number;
  state: LeadState;
}

const SPAN = 2 ** 32;
/** Positions one read of a selection looks through at most. */
const WINDOW = 20_000;

export function describeSelection(sel: Selection): string {
  const parts: string[] = [];
  if (sel.rows) parts.push(`${sel.rows.length} row number${sel.rows.length === 1 ? '' : 's'} or ranges`);
  if (sel.reason !== undefined) parts.push(`reason "${sel.reason}"`);
  if (sel.filter && sel.filter !== 'all') parts.push(`filter ${sel.filter}`);
  if (sel.search) parts.push(`search "${sel.search}"`);
  return parts.join(', ') || 'every row';
}

/** Position ranges [first, last] of the rows picked by number: row numbers grow with position, so a search finds each. */
function positionRanges(store: JobStore, jobId: string, rows: NonNullable<Selection['rows']>): [number, number][] {
  const first = Number(jobId) * SPAN;
  const rowAt = store.db.prepare('SELECT row_number AS n FROM leads WHERE id = ?');
  const last = store.db.prepare('SELECT max(id) AS id FROM leads WHERE id >= ? AND id < ?').get(first, first + SPAN) as {
    id: number | null;
  };
  if (last.id === null) return [];
  const count = last.id - first + 1;
  /** The first position whose row number is at least `rowNumber`. */
  const lowerBound = (rowNumber: number) => {
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const at = rowAt.get(first + mid) as { n: number } | undefined;
      if (at && at.n < rowNumber) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const ranges: [number, number][] = [];
  for (const item of rows) {
    const [from, to] = typeof item === 'number' ? [item, item] : item[0] <= item[1] ? item : [item[1], item[0]];
    const lo = lowerBound(from);
    const hi = lowerBound(to + 1) - 1;
    if (lo <= hi) ranges.push([lo, hi]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  // Overlapping ranges would select a row twice.
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const prev = merged.at(-1);
    if (prev && r[0] <= prev[1] + 1) prev[1] = Math.max(prev[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** The selected rows, `slice` at a time, in file order. An empty selection is refused. */
export function* selectLeads(store: JobStore, jobId: string, sel: Selection, slice: number): Generator<SelectedLead[]> {
  if (!sel.rows && sel.reason === undefined && !sel.search && !sel.filter)
    throw new UserError('empty-selection', 'Choose the rows to change first: pick rows, a reason, a filter or a search.');
  if (sel.rows?.length === 0) throw new UserError('empty-selection', 'No rows are picked: pick the rows to change first.');
  const first = Number(jobId) * SPAN;
  const ranges = sel.rows ? positionRanges(store, jobId, sel.rows) : [[0, SPAN - 1] as [number, number]];
  let where = FILTERS[sel.filter ?? 'all'];
  const args: string[] = [];
  if (sel.reason !== undefined) {
    where += ' AND reason_group = ?';
    args.push(sel.reason);
  }
  if (sel.search) {
    where += ' AND instr(lower(cells), ?) > 0';
    args.push(sel.search.toLowerCase());
  }
  const query = store.db.prepare(
    `SELECT id, row_number, ${STATE_COLUMNS} FROM leads WHERE id > ? AND id <= ? ${where} ORDER BY id LIMIT ?`,
  );
  const last = store.db.prepare('SELECT max(id) AS id FROM leads WHERE id >= ? AND id < ?').get(first, first + SPAN) as {
    id: number | null;
  };
  if (last.id === null) return;
  for (const [lo, hi] of ranges) {
    const end = Math.min(first + hi, last.id);
    for (let after = first + lo - 1; after < end; ) {
      // At most WINDOW positions a read: a reason group of a few rows in a million is found without one
      // read scanning the whole job (the caller gives the event loop its turn between slices, even empty ones).
      const upTo = Math.min(end, after + WINDOW);
      const rows = query.all(after, upTo, ...args, slice) as Record<string, unknown>[];
      yield rows.map((r) => ({ seq: (r.id as number) - first, rowNumber: r.row_number as number, state: toState(r) }));
      after = rows.length === slice ? (rows[rows.length - 1].id as number) : upTo;
    }
  }
}
