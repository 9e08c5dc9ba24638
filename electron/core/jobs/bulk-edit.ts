/**
 * Corrections to a job's leads, one row or a hundred thousand at once, with the import's rules: each
 * changed row is checked again (phones, dates, priority, required fields, the ledger, and duplicates in
 * the file through the job's phone index), recorded in the edit history, and counted. The work goes in
 * slices that give the event loop back between them, so the app stays responsive and progress can be
 * shown; a job being sent is never changed (the sender reads the same leads).
 */
import type { Counts } from '../../../shared/contract.ts';
import { UserError } from '../errors.ts';
import { decodeCells, encodeCells } from '../store/cells.ts';
import type { EditHistory, LeadState, StateChange } from '../store/edit-history.ts';
import type { DerivePayload, JobRecord, JobStore } from '../store/job-store.ts';
import { leadDetail } from '../store/lead-batch.ts';
import { type BulkAction, planAction } from './bulk-actions.ts';
import { createRowBuilder, type Ledger } from './cross-checks.ts';
import { buildPhoneIndex, nextTurn, type PhoneIndex, phonesOf } from './phone-index.ts';
import { type Selection, selectLeads } from './selection.ts';

/** Rows read or written at a time; between them the event loop gets its turn. */
const SLICE = 500;
/** Checking rows gives the event loop its turn at least this often (ms): the app's window must not stall. */
const TURN_MS = 15;
const SENT = new Set(['sending', 'imported', 'updated']);
const NOT_ACCEPTED = new Set(['invalid', 'rejected', 'review']);
/** Rows in these states are not in the phone index: they will not be sent. */
const unsendable = (status: string) => status === 'invalid' || status === 'skipped';

export interface EditProgress {
  jobId: string;
  label: string;
  phase: 'checking' | 'saving' | 'undoing' | 'redoing';
  done: number;
  total?: number;
}

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
    // An index of a million rows holds about a hundred megabytes: keep those of the two jobs used last
    // (and of any job being changed right now).
    const idle = [...indexes.keys()].filter((id) => !editing.has(id));
    for (const other of idle.slice(0, Math.max(0, idle.length - 1))) indexes.delete(other);
    index = buildPhoneIndex(store, job.id, derive);
    indexes.set(job.id, index);
    index.catch(() => indexes.delete(job.id));
    return index;
  };

  const guard = (job: JobRecord) => {
    if (job.state === 'reading') throw new UserError('job-reading', 'This file is still being read: wait until it is loaded.');
    if (deps.isSending(job.id) || ['queued', 'sending', 'waiting'].includes(job.state))
      throw new UserError('job-active', 'This job is being sent: pause it, or wait until it ends, before changing its leads.');
    if (editing.has(job.id))
      throw new UserError('job-editing', 'Another change to this job is still being made: wait until it ends.');
  };

  /** Runs `work` with the job marked as being edited (the send queue waits for it). */
  const exclusive = async <T>(jobId: string, work: (job: JobRecord) => Promise<T>): Promise<T> => {
    const job = deps.requireJob(jobId);
    guard(job);
    editing.add(jobId);
    try {
      return await work(job);
    } finally {
      editing.delete(jobId);
    }
  };

  /**
   * Writes `total` changes a slice at a time (one transaction each: leads and their history together),
   * giving the event loop back between slices, then `finish` (the job's counts, the history's flags).
   *
   * A change of one slice (a cell edit) commits as every commit does, on disk before it returns. A larger
   * one commits without waiting for the disk and with automatic checkpoints off, as a file's read does
   * (see the top of job-store.ts): a wait for the disk, or a checkpoint of a hundred thousand changed
   * rows, would hold the app's main thread for seconds. The checkpoint that follows, on a thread of its
   * own (store/checkpoint.ts), syncs the log first; the next commit that waits (a sending job's) carries
   * it too. Until then a power cut, not a crash of the app, can lose the end of the change: whole slices,
   * never half of one, so what is left is still a consistent, smaller edit.
   */
  const inSlices = async (total: number, write: (from: number, to: number) => void, finish: () => void) => {
    if (total <= SLICE) {
      write(0, total);
      finish();
      return;
    }
    const resumeCheckpoints = store.deferCheckpoints();
    try {
      for (let from = 0; from < total; from += SLICE) {
        const to = Math.min(total, from + SLICE);
        store.unsynced(() => write(from, to));
        await nextTurn();
      }
      store.unsynced(finish);
    } finally {
      resumeCheckpoints();
    }
  };

  const move = (counts: Counts, from: LeadState, to: LeadState) => {
    counts[from.status]--;
    counts[to.status]++;
    counts.warnings += to.hasWarning - from.hasWarning;
  };

  /** Keeps the index in step with a lead going from one state to another. */
  const reindex = (
    index: PhoneIndex | undefined,
    derive: DerivePayload | undefined,
    rowNumber: number,
    from: LeadState,
    to: LeadState,
  ) => {
    if (!index || !derive) return;
    if (!unsendable(from.status)) index.remove(rowNumber, phonesOf(derive, from.cells, from.raw));
    if (!unsendable(to.status)) index.add(rowNumber, phonesOf(derive, to.cells, to.raw));
  };

  async function apply(
    jobId: string,
    sel: Selection,
    action: BulkAction,
    options: { dryRun?: boolean; allowAllInvalid?: boolean; onProgress?: (p: EditProgress) => void } = {},
  ): Promise<EditSummary> {
    return exclusive(jobId, async (job) => {
      const plan = planAction(action, job.source.headers, job.mapping);
      const index = await indexFor(job);
      const derivePhones = index ? deps.deriver(job, 'phones') : undefined;
      const mapped = job.mapping && job.options;
      const builder = mapped
        ? createRowBuilder({
            headers: job.source.headers,
            mapping: job.mapping!,
            options: job.options!,
            ledger: deps.ledger(job),
          })
        : undefined;
      const changes: (StateChange & { rowNumber: number })[] = [];
      const summary = {
        label: plan.label,
        selected: 0,
        changed: 0,
        becameValid: 0,
        nowValid: 0,
        stillInvalid: 0,
        alreadySent: 0,
      };
      let above: readonly string[] | undefined;

      /** The row checked again with its (new) cells; a phone another row holds makes it invalid. */
      const judge = (seq: number, rowNumber: number, cells: string[], raw: LeadState['raw'], before: LeadState): LeadState => {
        const base = { ...before, cells: encodeCells(cells), raw, skippedFrom: null };
        if (!builder) return { ...base, status: 'ready', issues: null, hasWarning: 0, reason: null, reasonGroup: null };
        const built = builder.build({ rowNumber, cells, raw: raw ? JSON.parse(raw) : undefined }, seq);
        let write = built.write;
        if (write.status === 'ready' && index) {
          for (const field of builder.phoneFields) {
            const phone = built.checked[field];
            const holder = phone === undefined ? undefined : index.holder(phone, rowNumber);
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
          let after: LeadState | undefined;
          if (plan.skip === 'skip') {
            if (before.status !== 'skipped') after = { ...before, status: 'skipped', skippedFrom: before.status, edited: 1 };
          } else if (plan.skip === 'unskip') {
            if (before.status === 'skipped') {
              const was = before.skippedFrom ?? 'ready';
              // A lead the server refused stays refused until it is changed; others are checked again.
              after =
                was === 'rejected' || was === 'review'
                  ? { ...before, status: was, skippedFrom: null }
                  : judge(lead.seq, lead.rowNumber, decodeCells(before.cells), before.raw, before);
            }
          } else if (before.status !== 'skipped' && plan.change) {
            const cells = decodeCells(before.cells);
            const next = plan.change(cells, above);
            above = next ?? cells;
            if (next) {
              // Workbook values of the changed column no longer apply; the rest are kept.
              const raw = before.raw
                ? JSON.stringify((JSON.parse(before.raw) as unknown[]).map((v, i) => (next[i] !== cells[i] ? null : v)))
                : null;
              const fixed = before.fixed || NOT_ACCEPTED.has(before.status) ? 1 : 0;
              after = {
                ...judge(lead.seq, lead.rowNumber, next, raw, before),
                edited: 1,
                fixed,
                original: before.original ?? before.cells,
              };
            }
          }
          if (!after) continue;
          reindex(index, derivePhones, lead.rowNumber, before, after);
          changes.push({ seq: lead.seq, rowNumber: lead.rowNumber, before, after });
          summary.changed++;
          if (after.status === 'ready') summary.nowValid++;
          if (after.status === 'invalid') summary.stillInvalid++;
          if (after.status === 'ready' && before.status !== 'ready') summary.becameValid++;
        }
        options.onProgress?.({ jobId, label: plan.label, phase: 'checking', done: summary.selected });
      }
      if (summary.selected === 0) throw new UserError('empty-selection', 'No rows match that selection: nothing was changed.');
      const undoIndex = () => {
        for (let i = changes.length - 1; i >= 0; i--)
          reindex(index, derivePhones, changes[i].rowNumber, changes[i].after, changes[i].before);
      };
      // A typed cell shows its own reason at once; a change to many rows that spoils every one is refused.
      const madeAllInvalid =
        plan.change &&
        action.kind !== 'cells' &&
        changes.length > 0 &&
        summary.nowValid === 0 &&
        changes.some((c) => c.before.status === 'ready');
      if (madeAllInvalid && !options.allowAllInvalid && !options.dryRun) {
        undoIndex();
        const first = changes[0];
        throw new UserError(
          'all-invalid',
          `This would make every one of the ${changes.length} rows it changes invalid (row ${first.rowNumber}: ${first.after.reason}). Nothing was changed.`,
        );
      }
      const counts = { ...deps.requireJob(jobId).counts };
      if (options.dryRun || changes.length === 0) {
        undoIndex();
        return { ...summary, counts };
      }
      const editId = history.begin(jobId, plan.label);
      await inSlices(
        changes.length,
        (from, to) => {
          const part = changes.slice(from, to);
          history.record(jobId, editId, part);
          for (const c of part) move(counts, c.before, c.after);
          options.onProgress?.({ jobId, label: plan.label, phase: 'saving', done: to, total: changes.length });
        },
        () => store.updateJob(jobId, { counts }),
      );
      return { ...summary, counts, firstSeq: changes[0].seq };
    });
  }

  /** Undoes the last edit (or redoes the first undone one), unless some of its leads were sent since. */
  async function step(jobId: string, direction: 'undo' | 'redo', onProgress?: (p: EditProgress) => void) {
    return exclusive(jobId, async (job) => {
      const edit = history.next(jobId, direction);
      if (!edit)
        throw new UserError(
          `nothing-to-${direction}`,
          direction === 'undo' ? 'There is nothing to undo.' : 'There is nothing to redo.',
        );
      const index = await indexFor(job);
      const derivePhones = index ? deps.deriver(job, 'phones') : undefined;
      const parts: { seq: number; rowNumber: number; from: LeadState; to: LeadState }[] = [];
      let sent = 0;
      for (let after = -1; ; ) {
        const rows = history.rowsOf(edit.id, after, SLICE);
        if (rows.length === 0) break;
        const current = history.states(
          jobId,
          rows.map((r) => r.seq),
        );
        for (const r of rows) {
          const now = current.get(r.seq);
          if (!now) continue;
          if (SENT.has(now.state.status)) sent++;
          parts.push({ seq: r.seq, rowNumber: now.rowNumber, from: now.state, to: direction === 'undo' ? r.before : r.after });
        }
        after = rows[rows.length - 1].seq;
        await nextTurn();
      }
      if (sent > 0)
        throw new UserError(
          'already-sent',
          `Cannot ${direction} "${edit.label}": ${sent} of its ${parts.length} leads were sent to the server since, and a lead cannot be unsent. Nothing was changed.`,
        );
      const counts = { ...job.counts };
      await inSlices(
        parts.length,
        (from, to) => {
          const part = parts.slice(from, to);
          history.restore(
            jobId,
            part.map((p) => ({ seq: p.seq, state: p.to })),
          );
          for (const p of part) {
            move(counts, p.from, p.to);
            reindex(index, derivePhones, p.rowNumber, p.from, p.to);
          }
          const phase = direction === 'undo' ? 'undoing' : 'redoing';
          onProgress?.({ jobId, label: edit.label, phase, done: to, total: parts.length });
        },
        () =>
          store.transaction(() => {
            history.setUndone(edit.id, direction === 'undo');
            store.updateJob(jobId, { counts });
          }),
      );
      return { label: edit.label, changed: parts.length, counts };
    });
  }

  return {
    apply,
    undo: (jobId: string, onProgress?: (p: EditProgress) => void) => step(jobId, 'undo', onProgress),
    redo: (jobId: string, onProgress?: (p: EditProgress) => void) => step(jobId, 'redo', onProgress),
    /** What undo and redo would do now, for the buttons. */
    state(jobId: string) {
      const undo = history.next(jobId, 'undo');
      const redo = history.next(jobId, 'redo');
      return { undo: undo && { label: undo.label, rows: undo.rows }, redo: redo && { label: redo.label, rows: redo.rows } };
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
