/**
 * Applying one correction to the selected rows (bulk-edit.ts decides when it may run). Rows are read a
 * slice at a time, each changed row is checked again (bulk-judge.ts), and the changes are written a slice
 * at a time as soon as the change can no longer be refused, so that a hundred thousand rows are never held
 * in memory together: the app's main thread then spends no long pauses collecting them. Until then (no
 * changed row is valid yet, and the change would be refused if none becomes so) they are held, and a refused
 * change or a preview writes nothing.
 */
import type { Counts } from '../../../shared/contract.ts';
import { UserError } from '../errors.ts';
import type { EditHistory, StateChange } from '../store/edit-history.ts';
import type { DerivePayload, JobRecord, JobStore } from '../store/job-store.ts';
import { type BulkAction, planAction } from './bulk-actions.ts';
import { createJudge, type IndexMove, moveCounts, reindex, SENT, unmove } from './bulk-judge.ts';
import { stepEdit } from './bulk-undo.ts';
import { createPartWriter, type EditProgress, SLICE, TURN_MS } from './bulk-write.ts';
import { createRowBuilder, type Ledger } from './cross-checks.ts';
import { nextTurn, type PhoneIndex } from './phone-index.ts';
import { type Selection, selectLeads } from './selection.ts';

export interface EditSummary {
  label: string;
  /** Rows the selection matched. */
  selected: number;
  /** Rows this changed (or, for a preview, would change). */
  changed: number;
  /** Changed rows that were not valid before and are now. */
  becameValid: number;
  /** Changed rows that are valid (will be sent) now. */
  nowValid: number;
  /** Changed rows that are still invalid. */
  stillInvalid: number;
  /** Selected rows left alone because the server already has them. */
  alreadySent: number;
  counts: Counts;
  /** Position of the first changed row (to show a single edit's result). */
  firstSeq?: number;
}

export interface ApplyOptions {
  dryRun?: boolean;
  allowAllInvalid?: boolean;
  onProgress?: (p: EditProgress) => void;
}

export interface ApplyContext {
  store: JobStore;
  history: EditHistory;
  job: JobRecord;
  ledger: Ledger;
  index: PhoneIndex | undefined;
  derivePhones: DerivePayload | undefined;
}

export async function applyEdit(
  ctx: ApplyContext,
  sel: Selection,
  action: BulkAction,
  options: ApplyOptions,
): Promise<EditSummary> {
  const { store, history, job, index, derivePhones } = ctx;
  const jobId = job.id;
  const plan = planAction(action, job.source.headers, job.mapping);
  const builder =
    job.mapping && job.options
      ? createRowBuilder({ headers: job.source.headers, mapping: job.mapping, options: job.options, ledger: ctx.ledger })
      : undefined;
  const judge = createJudge({ builder, index, plan });
  const summary = { label: plan.label, selected: 0, changed: 0, becameValid: 0, nowValid: 0, stillInvalid: 0, alreadySent: 0 };
  let counts = { ...job.counts };
  // A typed cell shows its own reason at once, and skipping is never refused; other changes to many rows
  // that spoil every one are.
  const refusable = !!plan.change && action.kind !== 'cells' && !options.allowAllInvalid;
  let spoilsReady = false;
  let held: (StateChange & { rowNumber: number })[] = [];
  /** The index's moves of the rows not yet written, to take back if nothing is written. */
  let moves: IndexMove[] = [];
  let editId: number | undefined;
  let firstSeq: number | undefined;
  let written = 0;
  const writer = createPartWriter(store);

  const write = async (more: boolean) => {
    if (held.length === 0) return;
    if (editId === undefined) {
      // Edits undone before this one can no longer be redone: drop them a part at a time.
      while (history.dropUndone(jobId, SLICE * 10) > 0) await nextTurn();
      editId = history.begin(jobId, plan.label);
    }
    const part = held;
    const id = editId;
    held = [];
    moves = [];
    // The counts move only once the part is stored: a part that fails leaves them as the store has them.
    const next = { ...counts };
    for (const c of part) moveCounts(next, c.before, c.after);
    writer.write(() => history.record(jobId, id, part, () => store.updateJob(jobId, { counts: next })), more);
    counts = next;
    written += part.length;
    options.onProgress?.({ jobId, label: plan.label, phase: 'saving', done: written });
  };

  try {
    let turn = performance.now();
    for (const slice of selectLeads(store, jobId, sel, SLICE)) {
      for (const lead of slice) {
        if (performance.now() - turn > TURN_MS) {
          await nextTurn();
          turn = performance.now();
        }
        summary.selected++;
        const before = lead.state;
        if (SENT.has(before.status)) {
          summary.alreadySent++;
          continue;
        }
        const after = judge(lead);
        if (!after) continue;
        const move = reindex(index, derivePhones, lead.rowNumber, before, after);
        if (move) moves.push(move);
        // A preview keeps no rows (only the first, for a message): it only counts.
        if (!options.dryRun || held.length === 0) held.push({ seq: lead.seq, rowNumber: lead.rowNumber, before, after });
        firstSeq ??= lead.seq;
        summary.changed++;
        if (after.status === 'ready') summary.nowValid++;
        if (after.status === 'invalid') summary.stillInvalid++;
        if (after.status === 'ready' && before.status !== 'ready') summary.becameValid++;
        if (before.status === 'ready') spoilsReady = true;
      }
      options.onProgress?.({ jobId, label: plan.label, phase: 'checking', done: summary.selected });
      // Once a changed row is valid the change cannot be refused: what is checked is written as it goes.
      if (!options.dryRun && held.length >= SLICE && (!refusable || summary.nowValid > 0)) await write(true);
      if (performance.now() - turn > TURN_MS) {
        await nextTurn();
        turn = performance.now();
      }
    }
    if (summary.selected === 0) throw new UserError('empty-selection', 'No rows match that selection: nothing was changed.');
    const madeAllInvalid = refusable && summary.changed > 0 && summary.nowValid === 0 && spoilsReady;
    if (options.dryRun || summary.changed === 0 || madeAllInvalid) {
      unmove(index, moves);
      moves = [];
      if (madeAllInvalid && !options.dryRun) {
        const first = held[0];
        throw new UserError(
          'all-invalid',
          `This would make every one of the ${summary.changed} rows it changes invalid (row ${first.rowNumber}: ${first.after.reason}). Nothing was changed.`,
        );
      }
      return { ...summary, counts };
    }
    await write(false);
    return { ...summary, counts: { ...counts }, firstSeq };
  } catch (error) {
    unmove(index, moves);
    moves = [];
    writer.close();
    // Refused part-way (a replace that would make a formula in a later row) or failed: what was written
    // of this change is taken back, so that a refused change leaves every row as it was.
    if (editId !== undefined)
      await takeBack({ ...ctx, job: { ...job, counts } }, editId, plan.label, written).catch((failed: Error) => {
        throw new Error(
          `${(error as Error).message} Taking back the ${written} rows already changed failed too (${failed.message}): undo "${plan.label}" to take them back.`,
        );
      });
    throw error;
  } finally {
    writer.close();
  }
}

async function takeBack(ctx: ApplyContext, editId: number, label: string, rows: number): Promise<void> {
  await stepEdit({ ...ctx, edit: { id: editId, label, rows, at: '' } }, 'undo');
  while (ctx.history.dropUndone(ctx.job.id, SLICE * 10) > 0) await nextTurn();
}
