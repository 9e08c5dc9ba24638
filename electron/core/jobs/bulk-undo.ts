/**
 * Undo and redo of a correction (bulk-edit.ts decides when they may run). First the edit's rows are looked
 * at, a part at a time, for leads sent since (a lead cannot be unsent, so the whole undo or redo is then
 * refused and nothing changes); then the kept states are written back a part at a time, each part with the
 * job's counts and the phone index kept in step, so that no more than one part is in memory at once.
 */
import type { Counts } from '../../../shared/contract.ts';
import { UserError } from '../errors.ts';
import type { EditHistory, EditRecord, LeadState } from '../store/edit-history.ts';
import type { DerivePayload, JobRecord, JobStore } from '../store/job-store.ts';
import { moveCounts, reindex } from './bulk-judge.ts';
import { createPartWriter, type EditProgress, SLICE } from './bulk-write.ts';
import { nextTurn, type PhoneIndex } from './phone-index.ts';

/** Rows looked at a time for leads sent since: a plain read, no states unpacked. */
const LOOK = 5_000;

export interface StepContext {
  store: JobStore;
  history: EditHistory;
  job: JobRecord;
  edit: EditRecord;
  index: PhoneIndex | undefined;
  derivePhones: DerivePayload | undefined;
}

export async function stepEdit(
  ctx: StepContext,
  direction: 'undo' | 'redo',
  onProgress?: (p: EditProgress) => void,
): Promise<{ label: string; changed: number; counts: Counts }> {
  const { store, history, job, edit, index, derivePhones } = ctx;
  const jobId = job.id;
  let rows = 0;
  let sent = 0;
  for (let after = -1; ; ) {
    const part = history.sentAmong(jobId, edit.id, after, LOOK);
    if (part.rows === 0) break;
    rows += part.rows;
    sent += part.sent;
    after = part.lastSeq;
    await nextTurn();
  }
  if (sent > 0) {
    const which = rows === 1 ? 'its lead was' : sent === rows ? `its ${rows} leads were` : `${sent} of its ${rows} leads were`;
    throw new UserError(
      'already-sent',
      `Cannot ${direction} "${edit.label}": ${which} sent to the server since, and a lead cannot be unsent. Nothing was changed.`,
    );
  }
  const counts = { ...job.counts };
  const phase = direction === 'undo' ? 'undoing' : 'redoing';
  const writer = createPartWriter(store);
  let done = 0;
  let marked = false;
  try {
    for (let after = -1; !marked; ) {
      const kept = history.rowsOf(edit.id, after, SLICE);
      if (kept.length > 0) after = kept[kept.length - 1].seq;
      const current = history.states(
        jobId,
        kept.map((r) => r.seq),
      );
      const part: { seq: number; rowNumber: number; from: LeadState; state: LeadState }[] = [];
      for (const r of kept) {
        const now = current.get(r.seq);
        if (!now) continue;
        const to = direction === 'undo' ? r.before : r.after;
        moveCounts(counts, now.state, to);
        part.push({ seq: r.seq, rowNumber: now.rowNumber, from: now.state, state: to });
      }
      // The last part marks the edit undone (or done again) with it.
      marked = kept.length < SLICE;
      writer.write(
        () =>
          history.restore(jobId, part, () => {
            store.updateJob(jobId, { counts });
            if (marked) history.setUndone(edit.id, direction === 'undo');
          }),
        !marked || done > 0,
      );
      for (const p of part) reindex(index, derivePhones, p.rowNumber, p.from, p.state);
      done += part.length;
      onProgress?.({ jobId, label: edit.label, phase, done, total: rows });
      if (!marked) await nextTurn();
    }
  } finally {
    writer.close();
  }
  return { label: edit.label, changed: rows, counts };
}
