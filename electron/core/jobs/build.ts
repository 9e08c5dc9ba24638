/**
 * Source rows → leads to store: the shared mapping and validation rules, the checks across the file,
 * and the ledger of what this app already sent to the campaign. Used by the CLI's one-pass upload and
 * by the app's "apply mapping" alike.
 */
import { createHash } from 'node:crypto';
import type { Issue, LeadField, MappingSpec, NormaliseOptions } from '../../../shared/contract.ts';
import { createFileChecks } from '../../../shared/leads/file-checks.ts';
import { resolveMapping } from '../../../shared/leads/mapping.ts';
import { createLeadBuilder, hasErrors } from '../../../shared/leads/normalise.ts';
import { UserError } from '../errors.ts';
import type { RowProblem } from '../ingest/index.ts';
import type { LeadWrite } from '../store/job-store.ts';

export interface RowInput {
  rowNumber: number;
  cells: string[];
  raw?: (number | Date | string | null | undefined)[];
  problem?: RowProblem;
}

/** What this app already sent to the target campaign: hash → when. Empty when nothing was sent. */
export type Ledger = ReadonlyMap<string, string>;

export const ledgerHash = (kind: 'phone' | 'id', value: string) => createHash('sha256').update(`${kind}:${value}`).digest('hex');

export function createRowBuilder(input: {
  headers: string[];
  mapping: MappingSpec;
  options: NormaliseOptions;
  fields?: readonly LeadField[];
  ledger?: Ledger;
}): { build(row: RowInput, seq: number): LeadWrite; phoneFields: ReadonlySet<string> } {
  const resolved = resolveMapping(input.mapping, input.headers, input.fields ?? []);
  if (!resolved.ok) throw new UserError('bad-mapping', resolved.reason);
  const builder = createLeadBuilder(resolved.resolved, { ...input.options, fields: input.fields });
  const checks = createFileChecks({ allowDuplicates: input.options.allowDuplicates });
  const { phoneFields } = resolved.resolved;
  const ledger = input.ledger && input.ledger.size > 0 ? input.ledger : undefined;

  const ledgerIssues = (payload: Record<string, string>): Issue[] => {
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
    phoneFields,
    build(row, seq) {
      const raw = row.raw?.map((v) => (typeof v === 'string' ? new Date(v) : (v ?? undefined)));
      const { payload, issues } = builder(row.cells, raw);
      if (row.problem) issues.unshift({ severity: row.problem.severity, message: row.problem.message });
      if (!hasErrors(issues)) issues.push(...checks.check(row.rowNumber, payload, phoneFields));
      if (!hasErrors(issues)) issues.push(...ledgerIssues(payload));
      // Checks across the file know the field; the grid highlights by the column it came from.
      for (const issue of issues) if (issue.field && !issue.column) issue.column = resolved.resolved.columnNames.get(issue.field);
      const firstError = issues.find((i) => i.severity === 'error');
      return {
        seq,
        rowNumber: row.rowNumber,
        cells: row.cells,
        raw: row.raw as LeadWrite['raw'],
        payload,
        status: firstError ? 'invalid' : 'ready',
        issues,
        reason: firstError?.message,
      };
    },
  };
}
