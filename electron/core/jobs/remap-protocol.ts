/** Messages between the re-mapping (remap.ts) and its worker thread (remap-worker.ts). */
import { isDuplicateReason } from '../../../shared/campaigner/reply.ts';
import type { Counts, Issue, LeadStatus, ReasonGroup } from '../../../shared/contract.ts';
import type { BuiltRow } from './build.ts';
import type { BuildRules } from './lead-reader-protocol.ts';

/**
 * main → worker. `start`: read the job's leads from the database `file` with the worker's own connection,
 * `chunk` at a time, and judge them by `rules`; `next`: the previous chunk is stored, send the next one.
 */
export type RemapRequest =
  | { type: 'start'; file: string; jobId: string; rules: BuildRules; chunk: number }
  | { type: 'next' }
  /** Every verdict is stored: count the job's leads by status and reason (two scans of the whole job). */
  | { type: 'summary' };

export interface RemapSummary {
  counts: Counts;
  groups: ReasonGroup[];
}

/** A row's verdict by its own rules, and the values the checks across the file look at. No cells: they do not change. */
export interface Verdict {
  seq: number;
  rowNumber: number;
  status: LeadStatus;
  issues?: Issue[];
  reason?: string;
  checked: Record<string, string>;
}

/** worker → main: the verdicts of one chunk (`seen` leads read, those not yet sent judged); `last` ends it. */
export type RemapReply =
  | { type: 'judged'; seen: number; judged: Verdict[]; last: boolean }
  | ({ type: 'summary' } & RemapSummary)
  | { type: 'error'; message: string };

export const verdictOf = ({ write, checked }: BuiltRow): Verdict => ({
  seq: write.seq,
  rowNumber: write.rowNumber,
  status: write.status,
  issues: write.issues,
  reason: write.reason,
  checked,
});

/** Only leads not yet sent are judged again, and those the server refused for another reason than a duplicate. */
export const rejudged = (status: string, reason?: string | null) =>
  status === 'ready' ||
  status === 'invalid' ||
  // A lead the server refused for anything but a duplicate was not stored, and a new mapping is how a refusal
  // caused by the old one is fixed ("Change the mapping" after the canary paused a job): it is judged again.
  (status === 'rejected' && !isDuplicateReason(reason ?? ''));
