/**
 * A source row's own rules (mapping, normalisation, validation): pure, so they run in whichever thread reads
 * the file or a stored job (createRowRules); and the same rules turning stored cells into what is sent
 * (createPayloadDeriver). The checks that need other rows or the target's ledger are in cross-checks.ts; how
 * rows judged in one thread travel to the thread that stores them is batch-transport.ts.
 */
import type { Issue, LeadField, MappingSpec, NormaliseOptions } from '../../../shared/contract.ts';
import { type ResolvedMapping, resolveMapping } from '../../../shared/leads/mapping.ts';
import { createLeadBuilder } from '../../../shared/leads/normalise.ts';
import { UserError } from '../errors.ts';
import type { RowProblem } from '../ingest/index.ts';
import type { DerivePayload, LeadWrite } from '../store/job-store.ts';

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

export interface RuleInput {
  headers: string[];
  mapping: MappingSpec;
  options: NormaliseOptions;
  fields?: readonly LeadField[];
}

export function resolveRules(input: RuleInput): ResolvedMapping {
  const resolved = resolveMapping(input.mapping, input.headers, input.fields ?? []);
  if (!resolved.ok) throw new UserError('bad-mapping', resolved.reason);
  return resolved.resolved;
}

/** Checks across the file know the field; the grid highlights by the column it came from. */
export function placeIssues(issues: Issue[], mapping: ResolvedMapping): void {
  for (const issue of issues) if (issue.field && !issue.column) issue.column = mapping.columnNames.get(issue.field);
}

export const firstError = (issues: readonly Issue[]) => issues.find((i) => i.severity === 'error');

/** What the checks across the file look at, in a fixed order: the external id (when sent), then the phones. */
export const checkFieldsOf = (mapping: ResolvedMapping): string[] => {
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
  const mapping = resolveRules(input);
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
export function judgedLead(row: RowInput, seq: number, issues: Issue[]): LeadWrite {
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

/** Stored workbook values come back from JSON with dates as ISO text. */
export const rawValues = (raw: RowInput['raw']) => raw?.map((v) => (typeof v === 'string' ? new Date(v) : (v ?? undefined)));

/**
 * What a stored lead sends, derived from its cells by the job's mapping: the same rules that validated
 * it, so the store need not keep a second copy of every row (see docs/engine.md). `only` keeps just the
 * fields it names: the phones, for the duplicate check after an edit; the checks' fields (the phones and
 * the external id), for the ledger's check after a change of target.
 */
export function createPayloadDeriver(input: {
  headers: string[];
  mapping: MappingSpec;
  options: NormaliseOptions;
  only?: 'phones' | 'checks';
}): DerivePayload {
  let mapping = resolveRules(input);
  if (input.only) {
    const keep = ([field]: readonly [string, unknown]) =>
      mapping.phoneFields.has(field) || (input.only === 'checks' && field === 'njExternalLeadId');
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
export function asRead(row: RowInput, seq: number): LeadWrite {
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
