/**
 * One row of a correction: its new state by the action's plan, checked again with the import's rules
 * (createRowBuilder: phones, dates, priority, required fields, the ledger, repeats among the changed rows)
 * and against the rest of the file through the job's phone index; and keeping the index and the job's
 * counts in step with a lead going from one state to another. Used by bulk-apply.ts and bulk-undo.ts.
 */
import type { Counts } from '../../../shared/contract.ts';
import { decodeCells, encodeCells } from '../store/cells.ts';
import type { LeadState } from '../store/edit-history.ts';
import type { DerivePayload } from '../store/job-store.ts';
import { leadDetail } from '../store/lead-batch.ts';
import type { ActionPlan } from './bulk-actions.ts';
import type { createRowBuilder } from './cross-checks.ts';
import { type PhoneIndex, phonesOf } from './phone-index.ts';
import type { SelectedLead } from './selection.ts';

export const SENT = new Set(['sending', 'imported', 'updated']);
const NOT_ACCEPTED = new Set(['invalid', 'rejected', 'review']);
/** Rows in these states are not in the phone index: they will not be sent. */
const unsendable = (status: string) => status === 'invalid' || status === 'skipped';

export const moveCounts = (counts: Counts, from: LeadState, to: LeadState) => {
  counts[from.status]--;
  counts[to.status]++;
  counts.warnings += to.hasWarning - from.hasWarning;
};

/** What a row's move did to the phone index, to take it back (a preview, a refused change). */
export interface IndexMove {
  rowNumber: number;
  removed: string[];
  added: string[];
}

const samePhones = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((p, i) => p === b[i]);

/**
 * Keeps the index in step with a lead going from one state to another. A row whose phones stay the same
 * (a name tidied) is left alone; the move is returned when the index changed.
 */
export function reindex(
  index: PhoneIndex | undefined,
  derive: DerivePayload | undefined,
  rowNumber: number,
  from: LeadState,
  to: LeadState,
): IndexMove | undefined {
  if (!index || !derive) return undefined;
  const removed = unsendable(from.status) ? [] : phonesOf(derive, from.cells, from.raw);
  const added = unsendable(to.status) ? [] : phonesOf(derive, to.cells, to.raw);
  if (samePhones(removed, added)) return undefined;
  index.remove(rowNumber, removed);
  index.add(rowNumber, added);
  return { rowNumber, removed, added };
}

/** Takes index moves back, last first. */
export function unmove(index: PhoneIndex | undefined, moves: readonly IndexMove[]): void {
  if (!index) return;
  for (let i = moves.length - 1; i >= 0; i--) {
    index.remove(moves[i].rowNumber, moves[i].added);
    index.add(moves[i].rowNumber, moves[i].removed);
  }
}

export function createJudge(input: {
  builder: ReturnType<typeof createRowBuilder> | undefined;
  index: PhoneIndex | undefined;
  plan: ActionPlan;
}) {
  const { builder, index, plan } = input;
  let above: readonly string[] | undefined;

  /** The row checked again with its (new) cells; a phone another row holds makes it invalid. */
  const judge = (lead: SelectedLead, cells: string[], raw: LeadState['raw']): LeadState => {
    const base = { ...lead.state, cells: encodeCells(cells), raw, skippedFrom: null };
    if (!builder) return { ...base, status: 'ready', issues: null, hasWarning: 0, reason: null, reasonGroup: null };
    const built = builder.build({ rowNumber: lead.rowNumber, cells, raw: raw ? JSON.parse(raw) : undefined }, lead.seq);
    let write = built.write;
    if (write.status === 'ready' && index) {
      for (const field of builder.phoneFields) {
        const phone = built.checked[field];
        const holder = phone === undefined ? undefined : index.holder(phone, lead.rowNumber);
        if (holder === undefined) continue;
        const message = `phone ${phone} already in row ${holder}`;
        write = {
          ...write,
          status: 'invalid',
          reason: message,
          issues: [...(write.issues ?? []), { field, severity: 'error', message }],
        };
        break;
      }
    }
    const d = leadDetail(write, 0);
    return {
      ...base,
      status: write.status,
      issues: d.issues,
      hasWarning: d.hasWarning,
      reason: d.reason,
      reasonGroup: d.reasonGroup,
    };
  };

  /** The lead's state after the action, or undefined when the action leaves it as it is. */
  return (lead: SelectedLead): LeadState | undefined => {
    const before = lead.state;
    if (plan.skip === 'skip')
      return before.status === 'skipped' ? undefined : { ...before, status: 'skipped', skippedFrom: before.status, edited: 1 };
    if (plan.skip === 'unskip') {
      if (before.status !== 'skipped') return undefined;
      const was = before.skippedFrom ?? 'ready';
      // A lead the server refused stays refused until it is changed; others are checked again.
      return was === 'rejected' || was === 'review'
        ? { ...before, status: was, skippedFrom: null }
        : judge(lead, decodeCells(before.cells), before.raw);
    }
    if (before.status === 'skipped' || !plan.change) return undefined;
    const cells = decodeCells(before.cells);
    const next = plan.change(cells, above);
    above = next ?? cells;
    if (!next) return undefined;
    // Workbook values of the changed column no longer apply; the rest are kept.
    const raw = before.raw
      ? JSON.stringify((JSON.parse(before.raw) as unknown[]).map((v, i) => (next[i] !== cells[i] ? null : v)))
      : null;
    const fixed = before.fixed || NOT_ACCEPTED.has(before.status) ? 1 : 0;
    return { ...judge(lead, next, raw), edited: 1, fixed, original: before.original ?? before.cells };
  };
}
