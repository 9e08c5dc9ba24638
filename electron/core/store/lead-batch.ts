/**
 * A batch of leads in the columns the job store writes, built wherever the rows are read (a worker
 * thread for text files) and handed to the store as plain arrays: cheap to pass between threads, and
 * most rows ("ready", nothing to remark) need only their position, row number and cells.
 */
import type { Counts, LeadStatus } from '../../../shared/contract.ts';
import { reasonLabel } from '../../../shared/leads/reason-labels.ts';
import { encodeCellRows } from './cells.ts';
import type { LeadWrite } from './job-store.ts';

export interface LeadBatch {
  seqs: number[];
  rowNumbers: number[];
  /** Each lead's cells as the store keeps them, all in one string (encodeCellRows in cells.ts). */
  cells: string;
  /** The leads that carry more than that: workbook values, a payload, issues, or another status. */
  details: LeadDetail[];
}

export interface LeadDetail {
  /** Position in the batch. */
  index: number;
  raw: string | null;
  payload: string | null;
  status: LeadStatus;
  issues: string | null;
  hasWarning: 0 | 1;
  reason: string | null;
  reasonGroup: string | null;
}

/**
 * The group a reason belongs to, which is also its label on screen and in the Review step: a sentence
 * without the values that differ from lead to lead (shared/leads/reason-labels.ts).
 */
export function reasonGroupOf(reason: string): string {
  return reasonLabel(reason);
}

/** The columns of one lead that are not its position, row number and cells. */
export function leadDetail(lead: LeadWrite, index: number): LeadDetail {
  return {
    index,
    raw: lead.raw ? JSON.stringify(lead.raw) : null,
    payload: lead.payload ? JSON.stringify(lead.payload) : null,
    status: lead.status,
    issues: lead.issues?.length ? JSON.stringify(lead.issues) : null,
    hasWarning: lead.issues?.some((i) => i.severity === 'warning') ? 1 : 0,
    reason: lead.reason ?? null,
    reasonGroup: lead.reason ? reasonGroupOf(lead.reason) : null,
  };
}

/** Whether a lead needs more than its position, row number and cells stored. */
export const needsDetail = (lead: LeadWrite): boolean =>
  lead.status !== 'ready' || !!lead.raw || !!lead.payload || !!lead.issues?.length || !!lead.reason;

export function encodeLeadBatch(leads: readonly LeadWrite[]): LeadBatch {
  const details: LeadDetail[] = [];
  for (let i = 0; i < leads.length; i++) if (needsDetail(leads[i])) details.push(leadDetail(leads[i], i));
  return {
    seqs: leads.map((lead) => lead.seq),
    rowNumbers: leads.map((lead) => lead.rowNumber),
    cells: encodeCellRows(leads.map((lead) => lead.cells)),
    details,
  };
}

/** Adds a batch's leads to running counts, as the store would count them afterwards. */
export function countBatch(batch: LeadBatch, counts: Counts): void {
  counts.total += batch.seqs.length;
  counts.ready += batch.seqs.length - batch.details.length;
  for (const detail of batch.details) {
    counts[detail.status]++;
    counts.warnings += detail.hasWarning;
  }
}
