/**
 * The checks of a row that need more than the row: across the file (a phone or external id an earlier row
 * has: every earlier row, in file order, so they run in one place) and against the ledger of what this app
 * already sent to the target's campaign (the only checks that depend on the target: a change of campaign
 * runs these again, not the row rules; see remap.ts). createRowBuilder joins them with the row's own rules
 * for one thread: an edit, a workbook.
 */
import { createHash } from 'node:crypto';
import type { Issue } from '../../../shared/contract.ts';
import {
  type CheckedValues,
  checkedValue,
  checkedValuesOf,
  createFileChecks,
  newCheckedValues,
} from '../../../shared/leads/file-checks.ts';
import { hasErrors } from '../../../shared/leads/normalise.ts';
import {
  type BuiltRow,
  checkFieldsOf,
  createRowRules,
  firstError,
  placeIssues,
  type RowInput,
  type RuleInput,
  resolveRules,
} from './row-rules.ts';

export interface RowBuilder {
  build(row: RowInput, seq: number): BuiltRow;
  phoneFields: ReadonlySet<string>;
}

/** What this app already sent to the target campaign: hash → when. Empty when nothing was sent. */
export type Ledger = ReadonlyMap<string, string>;

export const ledgerHash = (kind: 'phone' | 'id', value: string) => createHash('sha256').update(`${kind}:${value}`).digest('hex');

/** The words every ledger warning has, and only they: how a change of target finds the old ones to take out. */
const SENT_BEFORE = 'was sent to this campaign by this app on';

export const isLedgerIssue = (issue: Issue) => issue.severity === 'warning' && issue.message.includes(SENT_BEFORE);

/**
 * The ledger's warning for row `row` of `values` (laid out by `fields`, the check fields), if any: its
 * external id, or else (unless duplicates are allowed) one of its phones, was sent to this campaign before.
 */
export function createLedgerCheck(
  fields: readonly string[],
  allowDuplicates: boolean,
  sent: Ledger,
): (values: CheckedValues, row: number) => Issue[] {
  const idAt = fields.indexOf('njExternalLeadId');
  return (values, row) => {
    const base = row * values.width;
    if (idAt >= 0) {
      const id = checkedValue(values, base + idAt);
      if (id !== undefined) {
        const when = sent.get(ledgerHash('id', id));
        return when
          ? [
              {
                field: 'njExternalLeadId',
                severity: 'warning',
                message: `njExternalLeadId ${id} ${SENT_BEFORE} ${when.slice(0, 10)}: the server will update that lead`,
              },
            ]
          : [];
      }
    }
    if (allowDuplicates) return [];
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
            message: `probably a duplicate on the server: phone ${phone} ${SENT_BEFORE} ${when.slice(0, 10)}`,
          },
        ];
    }
    return [];
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
  const mapping = resolveRules(input);
  const fields = checkFieldsOf(mapping);
  const checks = createFileChecks({
    allowDuplicates: input.options.allowDuplicates,
    fields,
    expectedPhones: (input.expectedRows ?? 0) * mapping.phoneFields.size,
  });
  const ledgerCheck =
    input.ledger && input.ledger.size > 0 ? createLedgerCheck(fields, input.options.allowDuplicates, input.ledger) : undefined;

  return {
    check(rowNumber, values, row) {
      const issues = checks.check(rowNumber, values, row);
      if (ledgerCheck && !hasErrors(issues)) issues.push(...ledgerCheck(values, row));
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
