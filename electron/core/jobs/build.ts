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
import { createFileChecks } from '../../../shared/leads/file-checks.ts';
import { type ResolvedMapping, resolveMapping } from '../../../shared/leads/mapping.ts';
import { createLeadBuilder, hasErrors } from '../../../shared/leads/normalise.ts';
import { UserError } from '../errors.ts';
import type { RowProblem } from '../ingest/index.ts';
import type { DerivePayload, LeadWrite } from '../store/job-store.ts';
import { encodeLeadBatch, type LeadBatch, type LeadDetail, leadDetail } from '../store/lead-batch.ts';

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

const sendsExternalId = (mapping: ResolvedMapping) =>
  [...mapping.columns, ...mapping.constants].some(([field]) => field === 'njExternalLeadId');

export interface RowRules {
  /** The row by its own rules; `checked` holds the values the checks across the file need (checkFields). */
  build(row: RowInput, seq: number): BuiltRow;
  phoneFields: ReadonlySet<string>;
  /** The external id and the phone fields, in a fixed order. */
  checkFields: readonly string[];
}

export function createRowRules(input: RuleInput): RowRules {
  const mapping = resolve(input);
  // Only what the rules look at: the plain text fields need no check, and what is sent is derived again.
  const builder = createLeadBuilder(mapping, { ...input.options, fields: input.fields, validateOnly: true });
  return {
    phoneFields: mapping.phoneFields,
    checkFields: [...(sendsExternalId(mapping) ? ['njExternalLeadId'] : []), ...mapping.phoneFields],
    build(row, seq) {
      const { payload, issues } = builder(row.cells, rawValues(row.raw));
      if (row.problem) issues.unshift({ severity: row.problem.severity, message: row.problem.message });
      placeIssues(issues, mapping);
      const error = firstError(issues);
      const write: LeadWrite = {
        seq,
        rowNumber: row.rowNumber,
        cells: row.cells,
        raw: row.raw as LeadWrite['raw'],
        status: error ? 'invalid' : 'ready',
        issues,
        reason: error?.message,
      };
      return { write, checked: payload };
    },
  };
}

export interface CrossChecks {
  /** Issues of a row that passed its own rules, given its checked values; rows must come in file order. */
  check(rowNumber: number, checked: Readonly<Record<string, string>>): Issue[];
}

export function createCrossChecks(input: RuleInput & { ledger?: Ledger; expectedRows?: number }): CrossChecks {
  const mapping = resolve(input);
  const { phoneFields } = mapping;
  const checks = createFileChecks({
    allowDuplicates: input.options.allowDuplicates,
    expectedPhones: (input.expectedRows ?? 0) * phoneFields.size,
  });
  const ledger = input.ledger && input.ledger.size > 0 ? input.ledger : undefined;

  const ledgerIssues = (payload: Readonly<Record<string, string>>): Issue[] => {
    if (!ledger) return [];
    const issues: Issue[] = [];
    const id = payload.njExternalLeadId;
    if (id !== undefined) {
      const sent = ledger.get(ledgerHash('id', id));
      if (sent)
        issues.push({
          field: 'njExternalLeadId',
          severity: 'warning',
          message: `njExternalLeadId ${id} was sent to this campaign by this app on ${sent.slice(0, 10)}: the server will update that lead`,
        });
      return issues;
    }
    if (input.options.allowDuplicates) return issues;
    for (const field of phoneFields) {
      const phone = payload[field];
      const sent = phone === undefined ? undefined : ledger.get(ledgerHash('phone', phone));
      if (sent) {
        // A warning, not an error: the lead may have been deleted on the server since; the server decides.
        issues.push({
          field,
          severity: 'warning',
          message: `probably a duplicate on the server: phone ${phone} was sent to this campaign by this app on ${sent.slice(0, 10)}`,
        });
        break;
      }
    }
    return issues;
  };

  return {
    check(rowNumber, checked) {
      const issues = checks.check(rowNumber, checked, phoneFields);
      if (!hasErrors(issues)) issues.push(...ledgerIssues(checked));
      placeIssues(issues, mapping);
      return issues;
    },
  };
}

/** A row's own rules and the checks across the file, in one thread. */
export function createRowBuilder(input: RuleInput & { ledger?: Ledger }): RowBuilder {
  const rules = createRowRules(input);
  const cross = createCrossChecks(input);
  return {
    phoneFields: rules.phoneFields,
    build(row, seq) {
      const built = rules.build(row, seq);
      const { write } = built;
      if (write.status === 'ready') {
        const more = cross.check(row.rowNumber, built.checked);
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
    mapping = { ...mapping, columns: mapping.columns.filter(keep), constants: mapping.constants.filter(keep) };
  }
  const builder = createLeadBuilder(mapping, input.options);
  return (cells, raw) => builder(cells, rawValues(raw)).payload;
}

/**
 * Whether a stored row could send one of `phones`, judged from the digits of its stored cells alone, so
 * that only the rows that might are derived in full when an edit is checked against a million others. The
 * last eight digits of a normalised number stand together in every way of writing it (spaces, brackets,
 * +61, a lost leading zero, an extension after it); digits of neighbouring cells can only add false
 * alarms, which the full check then clears. Undefined when the cells cannot tell: a phone from a constant.
 */
export function createPhonePrefilter(input: RuleInput, phones: readonly string[]): ((cellsText: string) => boolean) | undefined {
  const mapping = resolve(input);
  if (mapping.constants.some(([field]) => mapping.phoneFields.has(field))) return undefined;
  const tails = phones.map((phone) => phone.replace(/\D/g, '').slice(-8));
  if (tails.some((tail) => tail === '')) return undefined;
  return (cellsText) => {
    const digits = cellsText.replace(/\D/g, '');
    return tails.some((tail) => digits.includes(tail));
  };
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
 * A batch by the rows' own rules, not yet checked across the file: `checked` holds, for every row,
 * the values of `checkFields` in order ('' when absent), so that another thread can run the checks.
 */
export interface RuledBatch {
  batch: LeadBatch;
  checkFields: readonly string[];
  checked: string[];
}

export function ruleBatch(rows: readonly RowInput[], rules: RowRules | undefined, firstSeq: number): RuledBatch {
  const writes: LeadWrite[] = new Array(rows.length);
  const checked: string[] = [];
  const fields = rules?.checkFields ?? [];
  for (let i = 0; i < rows.length; i++) {
    if (!rules) {
      writes[i] = asRead(rows[i], firstSeq + i);
      continue;
    }
    const built = rules.build(rows[i], firstSeq + i);
    writes[i] = built.write;
    // A row its own rules refuse is not checked across the file: its values need not travel.
    const values = built.write.status === 'ready' ? built.checked : {};
    for (const field of fields) checked.push(values[field] ?? '');
  }
  return { batch: encodeLeadBatch(writes), checkFields: fields, checked };
}

/**
 * Runs the checks across the file over a ruled batch, in file order, and folds what they find into the
 * batch: a row they fault becomes invalid with its reason, a warning is added to the row's issues.
 */
export function crossCheckBatch(ruled: RuledBatch, cross: CrossChecks | undefined): LeadBatch {
  const { batch, checkFields, checked } = ruled;
  if (!cross || checkFields.length === 0) return batch;
  const details = new Map<number, LeadDetail>();
  for (const d of batch.details) details.set(d.index, d);
  let changed = false;
  const width = checkFields.length;
  for (let i = 0; i < batch.seqs.length; i++) {
    const detail = details.get(i);
    if (detail && detail.status !== 'ready') continue;
    const values: Record<string, string> = {};
    for (let f = 0; f < width; f++) {
      const value = checked[i * width + f];
      if (value !== '') values[checkFields[f]] = value;
    }
    const more = cross.check(batch.rowNumbers[i], values);
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
    details.set(i, { ...leadDetail(write, i), raw: detail?.raw ?? null, payload: detail?.payload ?? null });
    changed = true;
  }
  if (changed) batch.details = [...details.values()].sort((a, b) => a.index - b.index);
  return batch;
}
