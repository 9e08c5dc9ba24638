/**
 * Corrections to a job's leads, one row or a hundred thousand at once, with the import's rules: each
 * changed row is checked again (phones, dates, priority, required fields, the ledger, and duplicates in
 * the file through the job's phone index), recorded in the edit history, and counted. This module decides
 * when a change may run (never on a job being read or sent, one change of a job at a time) and keeps each
 * job's phone index; the work is in bulk-apply.ts (a correction) and bulk-undo.ts (undo and redo), in
 * slices that give the event loop back between them, so the app stays responsive and progress can be shown.
 */
import { isActiveJobState } from '../../../shared/contract.ts';
import { UserError } from '../errors.ts';
import type { EditHistory, EditRecord } from '../store/edit-history.ts';
import type { DerivePayload, JobRecord, JobStore } from '../store/job-store.ts';
import type { BulkAction } from './bulk-actions.ts';
import { type ApplyOptions, applyEdit } from './bulk-apply.ts';
import { stepEdit } from './bulk-undo.ts';
import type { EditProgress } from './bulk-write.ts';
import type { Ledger } from './cross-checks.ts';
import { buildPhoneIndex, type PhoneIndex } from './phone-index.ts';
import type { Selection } from './selection.ts';

export type { EditSummary } from './bulk-apply.ts';
export type { EditProgress } from './bulk-write.ts';

export interface EditorDeps {
  store: JobStore;
  history: EditHistory;
  requireJob(jobId: string): JobRecord;
  deriver(job: JobRecord, only?: 'phones'): DerivePayload | undefined;
  ledger(job: JobRecord): Ledger;
  /** Whether the job is being sent or waits in the send queue. */
  isSending(jobId: string): boolean;
}

export function createEditor(deps: EditorDeps) {
  const { store, history } = deps;
  const editing = new Set<string>();
  const indexes = new Map<string, Promise<PhoneIndex>>();

  /** The job's phone index, built on first use; none when duplicates are allowed or nothing is mapped. */
  const indexFor = (job: JobRecord): Promise<PhoneIndex> | undefined => {
    if (!job.mapping || !job.options || job.options.allowDuplicates) return undefined;
    const derive = deps.deriver(job, 'phones');
    if (!derive) return undefined;
    let index = indexes.get(job.id);
    if (index) {
      // Most recently used last.
      indexes.delete(job.id);
      indexes.set(job.id, index);
      return index;
    }
    // An index of a million rows holds some tens of megabytes: keep those of the two jobs used last
    // (and of any job being changed right now).
    const idle = [...indexes.keys()].filter((id) => !editing.has(id));
    for (const other of idle.slice(0, Math.max(0, idle.length - 1))) indexes.delete(other);
    index = buildPhoneIndex({
      store,
      request: {
        jobId: job.id,
        headers: job.source.headers,
        mapping: job.mapping,
        options: job.options,
        // Sized once for every phone field of every row: growing it part-way holds two tables at once.
        expected: job.counts.total * Math.max(1, job.mapping.phoneFields.length),
      },
      derivePhones: derive,
    });
    indexes.set(job.id, index);
    index.catch(() => indexes.delete(job.id));
    return index;
  };

  const guard = (job: JobRecord) => {
    if (job.state === 'reading') throw new UserError('job-reading', 'This file is still being read: wait until it is loaded.');
    if (deps.isSending(job.id) || isActiveJobState(job.state))
      throw new UserError('job-active', 'This job is being sent: pause it, or wait until it ends, before changing its leads.');
    if (editing.has(job.id))
      throw new UserError('job-editing', 'Another change to this job is still being made: wait until it ends.');
  };

  /**
   * Runs `work` with the job marked as being edited (the send queue waits for it) and its phone index
   * ready; `first` (what to undo, say) is asked before the index is waited for.
   */
  const exclusive = async <T, F = undefined>(
    jobId: string,
    first: (() => F) | undefined,
    work: (job: JobRecord, found: F, index: PhoneIndex | undefined, derivePhones: DerivePayload | undefined) => Promise<T>,
  ): Promise<T> => {
    const job = deps.requireJob(jobId);
    guard(job);
    const found = first?.() as F;
    editing.add(jobId);
    try {
      const index = await indexFor(job);
      return await work(deps.requireJob(jobId), found, index, index ? deps.deriver(job, 'phones') : undefined);
    } finally {
      editing.delete(jobId);
    }
  };

  // How many of an edit's leads are sent changes only when leads are sent, and counting them reads every row
  // of the edit (some 60 ms for a hundred thousand): kept per edit until the job's sent counts move.
  const sentCounts = new Map<string, { sentKey: string; sent: number }>();
  const sentOf = (job: JobRecord, edit: EditRecord): number => {
    const { sending, imported, updated } = job.counts;
    // Nothing of the job sent: no edit can hold a sent lead.
    if (sending + imported + updated === 0) return 0;
    const editKey = `${edit.id}@${edit.at}`;
    const sentKey = `${sending}:${imported}:${updated}`;
    const kept = sentCounts.get(editKey);
    // While a send runs, leads move both ways between the counts: counted afresh.
    if (kept?.sentKey === sentKey && !isActiveJobState(job.state)) return kept.sent;
    const sent = history.sentCount(job.id, edit.id);
    sentCounts.delete(editKey);
    sentCounts.set(editKey, { sentKey, sent });
    // The buttons ask of the last edits of the jobs in view: a few dozen are plenty.
    if (sentCounts.size > 64) sentCounts.delete(sentCounts.keys().next().value as string);
    return sent;
  };

  const step = (jobId: string, direction: 'undo' | 'redo', onProgress?: (p: EditProgress) => void) =>
    exclusive(
      jobId,
      () => {
        const edit = history.next(jobId, direction);
        if (!edit)
          throw new UserError(
            `nothing-to-${direction}`,
            direction === 'undo' ? 'There is nothing to undo.' : 'There is nothing to redo.',
          );
        return edit;
      },
      (job, edit, index, derivePhones) => stepEdit({ store, history, job, edit, index, derivePhones }, direction, onProgress),
    );

  return {
    apply: (jobId: string, sel: Selection, action: BulkAction, options: ApplyOptions = {}) =>
      exclusive(jobId, undefined, (job, _, index, derivePhones) =>
        applyEdit({ store, history, job, ledger: deps.ledger(job), index, derivePhones }, sel, action, options),
      ),
    /** Undoes the last edit (or redoes the first undone one), unless some of its leads were sent since. */
    undo: (jobId: string, onProgress?: (p: EditProgress) => void) => step(jobId, 'undo', onProgress),
    redo: (jobId: string, onProgress?: (p: EditProgress) => void) => step(jobId, 'redo', onProgress),
    /**
     * What undo and redo would do now, for the buttons, with how many of the edit's leads were sent since
     * (then stepEdit refuses it: the buttons say so instead of offering it).
     */
    state(jobId: string) {
      const job = deps.requireJob(jobId);
      const told = (edit: EditRecord | undefined) => edit && { label: edit.label, rows: edit.rows, sent: sentOf(job, edit) };
      return { undo: told(history.next(jobId, 'undo')), redo: told(history.next(jobId, 'redo')) };
    },
    isEditing: (jobId: string) => editing.has(jobId),
    /** Starts building the job's phone index ahead of the first edit (when its rows are first shown). */
    warm(job: JobRecord) {
      indexFor(job)?.catch((error) => console.error(`Phone index of job ${job.id}: ${(error as Error).message}`));
    },
    /** A new mapping or target checks every row again: the index and the history no longer apply. */
    forget(jobId: string) {
      indexes.delete(jobId);
      history.clear(jobId);
    },
  };
}

export type Editor = ReturnType<typeof createEditor>;
