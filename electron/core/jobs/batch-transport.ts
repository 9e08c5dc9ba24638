/**
 * Batches of rows between threads: a reading thread judges rows by their own rules into a batch in the
 * store's columns (ruleBatch), or, when the storing thread would otherwise wait, leaves the rules to it
 * (unruledBatch, ruleUnruledBatch); the storing thread then runs the checks across the file over the batch in
 * file order (crossCheckBatch). See lead-reader.ts.
 */
import type { Issue } from '../../../shared/contract.ts';
import { type CheckedValues, newCheckedValues, setCheckedValue } from '../../../shared/leads/file-checks.ts';
import { encodeCellRows } from '../store/cells.ts';
import type { LeadWrite } from '../store/job-store.ts';
import { type LeadBatch, type LeadDetail, leadDetail, needsDetail } from '../store/lead-batch.ts';
import type { CrossChecks } from './cross-checks.ts';
import { asRead, firstError, judgedLead, type RowInput, type RowRules } from './row-rules.ts';

/**
 * A batch by the rows' own rules, not yet checked across the file: `checked` holds the values of
 * `checkFields` of every row that passed its own rules, so that another thread can run the checks.
 */
export interface RuledBatch {
  batch: LeadBatch;
  checkFields: readonly string[];
  checked: CheckedValues;
}

/**
 * Most rows of a large file are ready with nothing to remark: they go into the batch's columns without a
 * lead object of their own, and only a row with issues, workbook values or another status gets a detail.
 */
export function ruleBatch(
  rows: readonly RowInput[],
  rules: RowRules | undefined,
  firstSeq: number,
  /** Known to hold neither of the store's separators (see watchText in cells.ts). */
  cellsArePlain = false,
): RuledBatch {
  const { details, checked } = judgeRows(rows, rules, firstSeq);
  return {
    batch: { ...unjudgedBatch(rows, firstSeq, cellsArePlain), details },
    checkFields: rules?.checkFields ?? [],
    checked,
  };
}

/** The rows' positions and cells in the store's columns, before any of them is judged. */
function unjudgedBatch(rows: readonly RowInput[], firstSeq: number, cellsArePlain: boolean): LeadBatch {
  return {
    seqs: rows.map((_, i) => firstSeq + i),
    rowNumbers: rows.map((row) => row.rowNumber),
    cells: encodeCellRows(
      rows.map((row) => row.cells),
      cellsArePlain,
    ),
    details: [],
  };
}

function judgeRows(rows: readonly RowInput[], rules: RowRules | undefined, firstSeq: number) {
  const count = rows.length;
  const details: LeadDetail[] = [];
  const fields = rules?.checkFields ?? [];
  const width = fields.length;
  const checked = newCheckedValues(count, width);
  for (let i = 0; i < count; i++) {
    const row = rows[i];
    const seq = firstSeq + i;
    if (!rules) {
      const lead = asRead(row, seq);
      if (needsDetail(lead)) details.push(leadDetail(lead, i));
      continue;
    }
    const { issues, checked: values } = rules.judge(row);
    // Most rows have nothing to remark and need no lead of their own.
    const lead = issues.length > 0 || row.raw ? judgedLead(row, seq, issues) : undefined;
    if (lead) details.push(leadDetail(lead, i));
    // A row its own rules refuse is not checked across the file: its values need not travel.
    if (lead?.status === 'invalid') continue;
    for (let f = 0; f < width; f++) setCheckedValue(checked, i * width + f, values[fields[f]]);
  }
  return { details, checked };
}

/**
 * A batch read in one thread whose rows' own rules are left to the thread that stores it, when that one
 * would otherwise wait (see lead-reader-worker.ts): its cells as the store keeps them, and the cells the
 * rules read, column by column, each column's cells of every row joined by U+001F.
 */
export interface UnruledBatch {
  batch: LeadBatch;
  columns: readonly number[];
  columnCells: string[];
  /** The rows' workbook values (a phone stored as a number, a date), if any: see packRaws. */
  raws?: Float64Array;
}

const CELL_SEPARATOR = '\x1f';

/**
 * Undefined when the rows cannot travel so: a row with a read problem, or cells not known to be free of
 * U+001F (see watchText in cells.ts).
 */
export function unruledBatch(
  rows: readonly RowInput[],
  rules: RowRules,
  firstSeq: number,
  cellsArePlain: boolean,
): UnruledBatch | undefined {
  if (!cellsArePlain || rows.some((row) => row.problem)) return undefined;
  const raws = packRaws(rows);
  if (raws === null) return undefined;
  const columnCells = rules.columns.map((column) => {
    // Put together piece by piece, as encodeCellRows does: cheaper than joining an array.
    let text = rows.length > 0 ? (rows[0].cells[column] ?? '') : '';
    for (let i = 1; i < rows.length; i++) text += CELL_SEPARATOR + (rows[i].cells[column] ?? '');
    return text;
  });
  const unruled: UnruledBatch = { batch: unjudgedBatch(rows, firstSeq, true), columns: rules.columns, columnCells };
  if (raws) unruled.raws = raws;
  return unruled;
}

const RAW_NUMBER = 0;
const RAW_DATE = 1;

/**
 * The rows' workbook values as four numbers each (the row's place in the batch, its column, whether it is
 * a number or a date, and the number or the date's time): one typed array crosses between threads at a
 * fraction of the cost of a small array per row. Undefined when no row has any; null when a value is of
 * another kind (none of the readers gives one), and the batch does not travel unruled.
 */
function packRaws(rows: readonly RowInput[]): Float64Array | undefined | null {
  let count = 0;
  for (const row of rows) {
    const raw = row.raw;
    if (!raw) continue;
    for (let c = 0; c < raw.length; c++) {
      const value = raw[c];
      if (value === undefined) continue;
      if (typeof value !== 'number' && !(value instanceof Date)) return null;
      count++;
    }
  }
  if (count === 0) return undefined;
  const packed = new Float64Array(count * 4);
  let at = 0;
  for (let i = 0; i < rows.length; i++) {
    const raw = rows[i].raw;
    if (!raw) continue;
    for (let c = 0; c < raw.length; c++) {
      const value = raw[c];
      if (value === undefined) continue;
      packed[at] = i;
      packed[at + 1] = c;
      packed[at + 2] = typeof value === 'number' ? RAW_NUMBER : RAW_DATE;
      packed[at + 3] = typeof value === 'number' ? value : (value as Date).getTime();
      at += 4;
    }
  }
  return packed;
}

/** packRaws undone onto rows: each row's values back in a sparse array by column, as the reader gave them. */
function unpackRaws(packed: Float64Array, rows: RowInput[]): void {
  for (let at = 0; at < packed.length; at += 4) {
    const row = rows[packed[at]];
    row.raw ??= [];
    row.raw[packed[at + 1]] = packed[at + 2] === RAW_DATE ? new Date(packed[at + 3]) : packed[at + 3];
  }
}

/** The rows' own rules over an unruled batch: the same batch ruleBatch would have given for its rows. */
export function ruleUnruledBatch(unruled: UnruledBatch, rules: RowRules): RuledBatch {
  const { batch, columns, columnCells, raws } = unruled;
  const count = batch.seqs.length;
  const width = columns.length === 0 ? 0 : Math.max(...columns) + 1;
  const byColumn = columnCells.map((text) => text.split(CELL_SEPARATOR));
  const rows: RowInput[] = new Array(count);
  for (let i = 0; i < count; i++) {
    // Only the columns the rules read are filled in; the row's full cells are already in `batch.cells`.
    const cells = new Array<string>(width).fill('');
    for (let k = 0; k < columns.length; k++) cells[columns[k]] = byColumn[k][i];
    rows[i] = { rowNumber: batch.rowNumbers[i], cells };
  }
  if (raws) unpackRaws(raws, rows);
  const { details, checked } = judgeRows(rows, rules, count > 0 ? batch.seqs[0] : 0);
  return { batch: { ...batch, details }, checkFields: rules.checkFields, checked };
}

/**
 * Runs the checks across the file over a ruled batch, in file order, and folds what they find into the
 * batch: a row they fault becomes invalid with its reason, a warning is added to the row's issues.
 */
export function crossCheckBatch(ruled: RuledBatch, cross: CrossChecks | undefined): LeadBatch {
  const { batch, checkFields, checked } = ruled;
  if (!cross || checkFields.length === 0) return batch;
  const { details } = batch;
  let changed: Map<number, LeadDetail> | undefined;
  // Details come in batch order: one walks along with the rows.
  let next = 0;
  for (let i = 0; i < batch.seqs.length; i++) {
    const detail = details[next]?.index === i ? details[next++] : undefined;
    if (detail && detail.status !== 'ready') continue;
    const more = cross.check(batch.rowNumbers[i], checked, i);
    if (more.length === 0) continue;
    const issues: Issue[] = [...(detail?.issues ? (JSON.parse(detail.issues) as Issue[]) : []), ...more];
    const error = firstError(issues);
    const write: LeadWrite = {
      seq: batch.seqs[i],
      rowNumber: batch.rowNumbers[i],
      cells: [],
      status: error ? 'invalid' : 'ready',
      issues,
      reason: error?.message,
    };
    changed ??= new Map(details.map((d) => [d.index, d]));
    changed.set(i, { ...leadDetail(write, i), raw: detail?.raw ?? null, payload: detail?.payload ?? null });
  }
  if (changed) batch.details = [...changed.values()].sort((a, b) => a.index - b.index);
  return batch;
}
