/** Messages between the re-mapping (remap.ts) and its worker thread (remap-worker.ts, judging in remap-judge.ts). */
import { isDuplicateReason } from '../../../shared/campaigner/reply.ts';
import type { Counts, Issue, LeadStatus, ReasonGroup } from '../../../shared/contract.ts';
import type { CheckedValues } from '../../../shared/leads/file-checks.ts';
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
}

/**
 * main → worker. `start`: read the job's leads from the database `file` with the worker's own connection,
 * `chunk` at a time, and judge them; the worker reads ahead of the store by at most READ_AHEAD chunks.
 * `next`: one more chunk is stored. `summary`: every verdict is stored, count the job's leads by status and
 * reason (two scans of the whole job).
 */
export type RemapRequest = ({ type: 'start' } & RemapStart) | { type: 'next' } | { type: 'summary' };

/** Chunks the worker judges ahead of the store: enough to keep both threads busy, few enough to bound memory. */
export const READ_AHEAD = 2;

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
 * Scope `rows`: the leads of one chunk judged by their own rules and against the ledger, not yet across the
 * file (which needs every earlier row, in file order: remap.ts). Most rows are ready with nothing to remark
 * and travel as numbers only.
 */
export interface JudgedChunk {
  seqs: Float64Array;
  rowNumbers: Int32Array;
  /** Verdicts by the row's own rules with something to remark (an issue, or not ready), by index, in order. */
  own: (Verdict & { index: number })[];
  /** The ledger's warning of a row its own rules let through, by index, in order: kept unless the file faults it. */
  sentBefore: { index: number; issues: Issue[] }[];
  /** 1 where the stored lead is ready with nothing to remark: it need not be written again if it stays so. */
  plainBefore: Uint8Array;
  /** The check fields' values (external id, phones) of every row its own rules let through. */
  checked: CheckedValues;
}

/**
 * worker → main: one chunk, read up to (not including) position `through`. `judged` (scope `rows`) for the
 * checks across the file, or `verdicts` (scope `ledger`): the leads whose ledger warning changed, final.
 */
export type RemapReply =
  | { type: 'chunk'; through: number; last: boolean; judged?: JudgedChunk; verdicts?: Verdict[] }
  | ({ type: 'summary' } & RemapSummary)
  | { type: 'error'; message: string };

/** Only leads not yet sent are judged again, and those the server refused for another reason than a duplicate. */
export const rejudged = (status: string, reason?: string | null) =>
  status === 'ready' ||
  status === 'invalid' ||
  // A lead the server refused for anything but a duplicate was not stored, and a new mapping is how a refusal
  // caused by the old one is fixed ("Change the mapping" after the canary paused a job): it is judged again.
  (status === 'rejected' && !isDuplicateReason(reason ?? ''));
