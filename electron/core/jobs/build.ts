/**
 * Source rows → leads to store, in two parts:
 * - the row's own rules (mapping, normalisation, validation): pure, so they run in whichever thread
 *   reads the file (createRowRules);
 * - the checks across the file (a phone or external id an earlier row has) and against the ledger of
 *   what this app already sent to the campaign: they need every earlier row, so they run in one place,
 *   in file order (createCrossChecks).
 * createRowBuilder joins both for one thread: the app's "apply mapping", an edit, a workbook.
 */
import { createHash } from 'node:crypto';
import type { Issue, LeadField, MappingSpec, NormaliseOptions } from '../../../shared/contract.ts';
import {
  type CheckedValues,
  checkedValue,
  checkedValuesOf,
  createFileChecks,
  newCheckedValues,
  setCheckedValue,
} from '../../../shared/leads/file-checks.ts';
import { type ResolvedMapping, resolveMapping } from '../../../shared/leads/mapping.ts';
import { createLeadBuilder, hasErrors } from '../../../shared/leads/normalise.ts';
import { UserError } from '../errors.ts';
import type { RowProblem } from '../ingest/index.ts';
import { encodeCellRows } from '../store/cells.ts';
import type { DerivePayload, LeadWrite } from '../store/job-store.ts';
import { type LeadBatch, type LeadDetail, leadDetail, needsDetail } from '../store/lead-batch.ts';

export interface RowInput {
  rowNumber: number;
  cells: string[];
  raw?: (number | Date | string | null | undefined)[];
  problem?: RowProblem;
}

/** A row ready to store, and the values its checks looked at (phones, external id; not the whole lead). */
export interface BuiltRow {
  write: LeadWrite;
  checked: Record<string, string>;
}

export interface RowBuilder {
  build(row: RowInput, seq: number): BuiltRow;
  phoneFields: ReadonlySet<string>;
}

export interface RuleInput {
  headers: string[];
  mapping: MappingSpec;
  options: NormaliseOptions;
  fields?: readonly LeadField[];
}

/** What this app already sent to the target campaign: hash → when. Empty when nothing was sent. */
export type Ledger = ReadonlyMap<string, string>;

export const ledgerHash = (kind: 'phone' | 'id', value: string) => createHash('sha256').update(`${kind}:${value}`).digest('hex');

function resolve(input: RuleInput): ResolvedMapping {
  const resolved = resolveMapping(input.mapping, input.headers, input.fields ?? []);
  if (!resolved.ok) throw new UserError('bad-mapping', resolved.reason);
  return resolved.resolved;
}

/** Checks across the file know the field; the grid highlights by the column it came from. */
function placeIssues(issues: Issue[], mapping: ResolvedMapping): void {
  for (const issue of issues) if (issue.field && !issue.column) issue.column = mapping.columnNames.get(issue.field);
}

const firstError = (issues: readonly Issue[]) => issues.find((i) => i.severity === 'error');

/** What the checks across the file look at, in a fixed order: the external id (when sent), then the phones. */
const checkFieldsOf = (mapping: ResolvedMapping): string[] => {
  const sendsExternalId = [...mapping.columns, ...mapping.joined, ...mapping.constants].some(
    ([field]) => field === 'njExternalLeadId',
  );
  return [...(sendsExternalId ? ['njExternalLeadId'] : []), ...mapping.phoneFields];
};

/** A row by its own rules: its issues, and the values the checks across the file need (checkFields). */
export interface RowJudgement {
  issues: Issue[];
  checked: Record<string, string>;
}

export interface RowRules {
  judge(row: RowInput): RowJudgement;
  /** The source columns the rules read: all a row needs to be judged in another thread. */
  columns: readonly number[];
  /** The same, as a lead to store. */
  build(row: RowInput, seq: number): BuiltRow;
  phoneFields: ReadonlySet<string>;
  /** The external id and the phone fields, in a fixed order. */
  checkFields: readonly string[];
}

export function createRowRules(input: RuleInput): RowRules {
  const mapping = resolve(input);
  // Only what the rules look at: the plain text fields need no check, and what is sent is derived again.
  const builder = createLeadBuilder(mapping, { ...input.options, fields: input.fields, validateOnly: true });
  const judge = (row: RowInput): RowJudgement => {
    const { payload, issues } = builder(row.cells, rawValues(row.raw));
    if (row.problem) issues.unshift({ severity: row.problem.severity, message: row.problem.message });
    placeIssues(issues, mapping);
    return { issues, checked: payload };
  };
  return {
    phoneFields: mapping.phoneFields,
    checkFields: checkFieldsOf(mapping),
    columns: builder.columns,
    judge,
    build(row, seq) {
      const { issues, checked } = judge(row);
      return { write: judgedLead(row, seq, issues), checked };
    },
  };
}

/** A row and its issues as a lead to store: invalid with its first error as the reason, else ready. */
function judgedLead(row: RowInput, seq: number, issues: Issue[]): LeadWrite {
  const error = firstError(issues);
  return {
    seq,
    rowNumber: row.rowNumber,
    cells: row.cells,
    raw: row.raw as LeadWrite['raw'],
    status: error ? 'invalid' : 'ready',
    issues,
    reason: error?.message,
  };
}

export interface CrossChecks {
  /**
   * Issues of a row that passed its own rules: row `row` of `values` (laid out by its check fields), which
   * is row `rowNumber` of the file. Rows must come in file order.
   */
  check(rowNumber: number, values: CheckedValues, row: number): Issue[];
}

export function createCrossChecks(input: RuleInput & { ledger?: Ledger; expectedRows?: number }): CrossChecks {
  const mapping = resolve(input);
  const fields = checkFieldsOf(mapping);
  const checks = createFileChecks({
    allowDuplicates: input.options.allowDuplicates,
    fields,
    expectedPhones: (input.expectedRows ?? 0) * mapping.phoneFields.size,
  });
  const ledger = input.ledger && input.ledger.size > 0 ? input.ledger : undefined;

  const ledgerIssues = (sent: Ledger, values: CheckedValues, row: number): Issue[] => {
    const base = row * values.width;
    const idAt = fields.indexOf('njExternalLeadId');
    if (idAt >= 0) {
      const id = checkedValue(values, base + idAt);
      if (id !== undefined) {
        const when = sent.get(ledgerHash('id', id));
        return when
          ? [
              {
                field: 'njExternalLeadId',
                severity: 'warning',
                message: `njExternalLeadId ${id} was sent to this campaign by this app on ${when.slice(0, 10)}: the server will update that lead`,
              },
            ]
          : [];
      }
    }
    if (input.options.allowDuplicates) return [];
    for (let f = 0; f < fields.length; f++) {
      if (f === idAt) continue;
      const phone = checkedValue(values, base + f);
      const when = phone === undefined ? undefined : sent.get(ledgerHash('phone', phone));
      // A warning, not an error: the lead may have been deleted on the server since; the server decides.
      if (when)
        return [
          {
            field: fields[f],
            severity: 'warning',
            message: `probably a duplicate on the server: phone ${phone} was sent to this campaign by this app on ${when.slice(0, 10)}`,
          },
        ];
    }
    return [];
  };

  return {
    check(rowNumber, values, row) {
      const issues = checks.check(rowNumber, values, row);
      if (ledger && !hasErrors(issues)) issues.push(...ledgerIssues(ledger, values, row));
      placeIssues(issues, mapping);
      return issues;
    },
  };
}

/** A row's own rules and the checks across the file, in one thread. */
export function createRowBuilder(input: RuleInput & { ledger?: Ledger }): RowBuilder {
  const rules = createRowRules(input);
  const cross = createCrossChecks(input);
  const values = newCheckedValues(1, rules.checkFields.length);
  return {
    phoneFields: rules.phoneFields,
    build(row, seq) {
      const built = rules.build(row, seq);
      const { write } = built;
      if (write.status === 'ready') {
        const more = cross.check(row.rowNumber, checkedValuesOf(rules.checkFields, built.checked, values), 0);
        if (more.length > 0) {
          const issues = [...(write.issues ?? []), ...more];
          const error = firstError(issues);
          built.write = { ...write, issues, status: error ? 'invalid' : 'ready', reason: error?.message };
        }
      }
      return built;
    },
  };
}

/** Stored workbook values come back from JSON with dates as ISO text. */
const rawValues = (raw: RowInput['raw']) => raw?.map((v) => (typeof v === 'string' ? new Date(v) : (v ?? undefined)));

/**
 * What a stored lead sends, derived from its cells by the job's mapping: the same rules that validated
 * it, so the store need not keep a second copy of every row (see docs/engine.md). `only` keeps just the
 * fields it names, for checks that need only the phones.
 */
export function createPayloadDeriver(input: {
  headers: string[];
  mapping: MappingSpec;
  options: NormaliseOptions;
  only?: 'phones';
}): DerivePayload {
  let mapping = resolve(input);
  if (input.only === 'phones') {
    const keep = ([field]: readonly [string, unknown]) => mapping.phoneFields.has(field);
    mapping = {
      ...mapping,
      columns: mapping.columns.filter(keep),
      joined: mapping.joined.filter(keep),
      constants: mapping.constants.filter(keep),
    };
  }
  const builder = createLeadBuilder(mapping, input.options);
  return (cells, raw) => builder(cells, rawValues(raw)).payload;
}

/** Rows kept as read (the app, before a mapping is chosen): a read problem makes the row invalid. */
function asRead(row: RowInput, seq: number): LeadWrite {
  return {
    seq,
    rowNumber: row.rowNumber,
    cells: row.cells,
    raw: row.raw as LeadWrite['raw'],
    status: row.problem?.severity === 'error' ? 'invalid' : 'ready',
    issues: row.problem ? [{ severity: row.problem.severity, message: row.problem.message }] : undefined,
    reason: row.problem?.severity === 'error' ? row.problem.message : undefined,
  };
}

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
}

const CELL_SEPARATOR = '\x1f';

/**
 * Undefined when the rows cannot travel so: a row with a read problem or workbook values, or cells not
 * known to be free of U+001F (see watchText in cells.ts).
 */
export function unruledBatch(
  rows: readonly RowInput[],
  rules: RowRules,
  firstSeq: number,
  cellsArePlain: boolean,
): UnruledBatch | undefined {
  if (!cellsArePlain || rows.some((row) => row.problem || row.raw)) return undefined;
  const columnCells = rules.columns.map((column) => {
    // Put together piece by piece, as encodeCellRows does: cheaper than joining an array.
    let text = rows.length > 0 ? (rows[0].cells[column] ?? '') : '';
    for (let i = 1; i < rows.length; i++) text += CELL_SEPARATOR + (rows[i].cells[column] ?? '');
    return text;
  });
  return { batch: unjudgedBatch(rows, firstSeq, true), columns: rules.columns, columnCells };
}

/** The rows' own rules over an unruled batch: the same batch ruleBatch would have given for its rows. */
export function ruleUnruledBatch(unruled: UnruledBatch, rules: RowRules): RuledBatch {
  const { batch, columns, columnCells } = unruled;
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
