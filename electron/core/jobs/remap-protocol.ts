/** Messages between the re-mapping (remap.ts) and its worker thread (remap-worker.ts, judging in remap-judge.ts). */
import { isDuplicateReason } from '../../../shared/campaigner/reply.ts';
import type { Counts, Issue, LeadStatus, ReasonGroup } from '../../../shared/contract.ts';
import type { Ledger } from './cross-checks.ts';
import type { BuildRules } from './lead-reader-protocol.ts';

/**
 * What a re-mapping checks again: `rows`, every lead not yet sent by its own rules, then across the file and
 * against the ledger (a new mapping, options or template); `ledger`, only the ledger's warnings of the leads
 * ready to send (the same rules, another campaign or server).
 */
export type RemapScope = 'rows' | 'ledger';

export interface RemapStart {
  file: string;
  jobId: string;
  rules: BuildRules;
  scope: RemapScope;
  /** What this app sent to the target's campaign; judged in the worker, which hashes the values. */
  ledger?: Ledger;
  chunk: number;
  /** Rows in the job: sizes the index of the checks across the file. */
  expectedRows: number;
}

/**
 * main → worker. `start`: read the job's leads from the database `file` with the worker's own connection,
 * `chunk` at a time, and judge them whole (the checks across the file included: the worker sees every lead
 * judged, in file order); the worker reads ahead of the store by at most READ_AHEAD chunks.
 * `next`: one more chunk is stored. `summary`: every verdict is stored, count the job's leads by status and
 * reason (two scans of the whole job).
 */
export type RemapRequest = ({ type: 'start' } & RemapStart) | { type: 'next' } | { type: 'summary' };

/** Chunks the worker judges ahead of the store: enough to keep both threads busy, few enough to bound memory. */
export const READ_AHEAD = 4;

export interface RemapSummary {
  counts: Counts;
  groups: ReasonGroup[];
}

/** A lead's new verdict; its cells do not change. */
export interface Verdict {
  seq: number;
  status: LeadStatus;
  issues?: Issue[];
  reason?: string;
}

/**
 * worker → main: one chunk, read up to (not including) position `through`: the verdicts that change what
 * is stored (a lead ready with nothing to remark that stays so is not written again).
 */
export type RemapReply =
  | {
      type: 'chunk';
      through: number;
      last: boolean;
      verdicts: Verdict[];
      /** With the last chunk, when the worker saw every lead of the job and counted them on the way. */
      summary?: RemapSummary;
    }
  | ({ type: 'summary' } & RemapSummary)
  | { type: 'error'; message: string };

/** Only leads not yet sent are judged again, and those the server refused for another reason than a duplicate. */
export const rejudged = (status: string, reason?: string | null) =>
  status === 'ready' ||
  status === 'invalid' ||
  // A lead the server refused for anything but a duplicate was not stored, and a new mapping is how a refusal
  // caused by the old one is fixed ("Change the mapping" after the canary paused a job): it is judged again.
  (status === 'rejected' && !isDuplicateReason(reason ?? ''));
