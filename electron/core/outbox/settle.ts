/**
 * What an answered insert call means for each lead it carried. Pure: the runner records the result.
 */

import { isDuplicateReason, parseBatchReply, type RejectedLine } from '../../../shared/campaigner/reply.ts';
import type { LeadStatus } from '../../../shared/contract.ts';
import type { SendableLead, Settlement } from '../store/job-store.ts';

export interface BatchSettlement {
  settlements: Settlement[];
  /** True when the reply's counts and its error lines disagree with what was sent. */
  mismatch: boolean;
}

function matchLine(line: RejectedLine, candidates: SendableLead[], taken: Set<number>): SendableLead | undefined {
  const free = candidates.filter((l) => !taken.has(l.seq));
  const externalId = line.values.njExternalLeadId;
  if (externalId) {
    const byId = free.filter((l) => l.payload.njExternalLeadId === externalId);
    if (byId.length >= 1) return byId[0];
  }
  const fields = Object.keys(line.values);
  // A line naming no field of the lead (only a reason) could be any lead of the batch: never a guess.
  if (fields.length === 0) return undefined;
  return free.find((lead) => fields.every((f) => (lead.payload[f] ?? '') === line.values[f]));
}

const accepted = (lead: SendableLead, updated: boolean): LeadStatus => (updated && !lead.uncertain ? 'updated' : 'imported');

/**
 * A batch answer: rejected lines are matched to the leads sent by their values (not by position); the
 * rest were imported or updated. A duplicate answer to a lead whose earlier attempt may have been stored
 * means it is already there: imported. When the counts disagree with the lines, the leads that cannot be
 * told apart are marked for review and the raw message is kept: never a silent guess.
 */
export function settleBatch(leads: SendableLead[], message: string): BatchSettlement {
  const reply = parseBatchReply(message);
  const taken = new Set<number>();
  const settlements: Settlement[] = [];
  let unmatched = reply.unreadable.length;
  for (const line of reply.rejected) {
    const lead = matchLine(line, leads, taken);
    if (!lead) {
      unmatched++;
      continue;
    }
    taken.add(lead.seq);
    if (lead.uncertain && isDuplicateReason(line.reason)) {
      settlements.push({ seq: lead.seq, status: 'imported' });
    } else {
      settlements.push({ seq: lead.seq, status: 'rejected', reason: line.reason || 'rejected by the server (no reason given)' });
    }
  }
  const rest = leads.filter((l) => !taken.has(l.seq));
  const counts = reply.counts;
  const mismatch =
    !counts ||
    unmatched > 0 ||
    counts.rejected !== reply.rejected.length + reply.unreadable.length ||
    counts.imported + counts.updated !== rest.length;
  if (mismatch) {
    const why = counts
      ? `the server's answer does not match what was sent (it says imported ${counts.imported}, updated ${counts.updated}, rejected ${counts.rejected} of ${leads.length}); check this lead on the server`
      : 'the server answered without lead counts; check this lead on the server';
    for (const lead of rest) settlements.push({ seq: lead.seq, status: 'review', reason: why });
    return { settlements, mismatch: true };
  }
  // The reply counts updates but not which leads: leads with an external id are the ones that can update.
  let updatesLeft = counts.updated;
  for (const lead of rest) {
    const canUpdate = updatesLeft > 0 && lead.payload.njExternalLeadId !== undefined;
    if (canUpdate) updatesLeft--;
    settlements.push({ seq: lead.seq, status: accepted(lead, canUpdate) });
  }
  return { settlements, mismatch: false };
}

/** A per-lead (insertLeadFast) answer. */
export function settleSingle(lead: SendableLead, code: number, message: string): Settlement {
  if (code === 0) return { seq: lead.seq, status: accepted(lead, /updat/i.test(message)) };
  if ((code === 105 || code === 112) && lead.uncertain) return { seq: lead.seq, status: 'imported' };
  return {
    seq: lead.seq,
    status: 'rejected',
    reason: message ? `${message} (code ${code})` : `rejected by the server (code ${code})`,
  };
}
