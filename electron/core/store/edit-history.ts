/**
 * Every correction a person makes to a job's leads, kept in the job store so that it can be undone and
 * redone after a restart. An edit is one row of `edits` (what was done, in words) and one row of
 * `edit_rows` per lead it changed, with the lead's state before and after it. Undo writes the "before"
 * states back; redo the "after" ones. Edits form a stack per job: a new edit drops the ones undone.
 */
import type { LeadStatus } from '../../../shared/contract.ts';
import type { JobStore } from './job-store.ts';

/** What a correction can change of a lead: everything but its position, row number and send history. */
export interface LeadState {
  cells: string;
  raw: string | null;
  status: LeadStatus;
  issues: string | null;
  hasWarning: 0 | 1;
  reason: string | null;
  reasonGroup: string | null;
  edited: 0 | 1;
  fixed: 0 | 1;
  original: string | null;
  skippedFrom: string | null;
}

export interface EditRecord {
  id: number;
  label: string;
  rows: number;
  at: string;
}

export interface StateChange {
  seq: number;
  before: LeadState;
  after: LeadState;
}

const SPAN = 2 ** 32;
/** Lead states that mean the server has (or may have) the lead: an edit of such a lead cannot be undone. */
const SENT_STATUSES = "('sending','imported','updated')";
export const STATE_COLUMNS =
  'cells, raw, status, issues, has_warning, reason, reason_group, edited, fixed, original, skipped_from';
export const toState = (r: Record<string, unknown>): LeadState => ({
  cells: r.cells as string,
  raw: (r.raw as string | null) ?? null,
  status: r.status as LeadStatus,
  issues: (r.issues as string | null) ?? null,
  hasWarning: r.has_warning === 1 ? 1 : 0,
  reason: (r.reason as string | null) ?? null,
  reasonGroup: (r.reason_group as string | null) ?? null,
  edited: r.edited === 1 ? 1 : 0,
  fixed: r.fixed === 1 ? 1 : 0,
  original: (r.original as string | null) ?? null,
  skippedFrom: (r.skipped_from as string | null) ?? null,
});
// Kept as an array: a hundred thousand states are written and read back at once.
const pack = (s: LeadState) =>
  JSON.stringify([
    s.cells,
    s.raw,
    s.status,
    s.issues,
    s.hasWarning,
    s.reason,
    s.reasonGroup,
    s.edited,
    s.fixed,
    s.original,
    s.skippedFrom,
  ]);
const unpack = (text: string): LeadState => {
  const [cells, raw, status, issues, hasWarning, reason, reasonGroup, edited, fixed, original, skippedFrom] = JSON.parse(text);
  return { cells, raw, status, issues, hasWarning, reason, reasonGroup, edited, fixed, original, skippedFrom };
};

export function createEditHistory(store: JobStore) {
  const { db } = store;
  const base = (jobId: string) => Number(jobId) * SPAN;
  const statement = new Map<string, ReturnType<typeof db.prepare>>();
  const sql = (text: string) => {
    let s = statement.get(text);
    if (!s) {
      s = db.prepare(text);
      statement.set(text, s);
    }
    return s;
  };

  const writeState = (jobId: string, seq: number, s: LeadState) =>
    sql(
      'UPDATE leads SET cells = ?, raw = ?, status = ?, issues = ?, has_warning = ?, reason = ?, reason_group = ?, edited = ?, fixed = ?, original = ?, skipped_from = ? WHERE id = ?',
    ).run(
      s.cells,
      s.raw,
      s.status,
      s.issues,
      s.hasWarning,
      s.reason,
      s.reasonGroup,
      s.edited,
      s.fixed,
      s.original,
      s.skippedFrom,
      base(jobId) + seq,
    );

  return {
    /** The current state and row number of leads by position, in one query. */
    states(jobId: string, seqs: readonly number[]): Map<number, { rowNumber: number; state: LeadState }> {
      const rows = sql(`SELECT id, row_number, ${STATE_COLUMNS} FROM leads WHERE id IN (SELECT ? + value FROM json_each(?))`).all(
        base(jobId),
        JSON.stringify(seqs),
      ) as Record<string, unknown>[];
      return new Map(rows.map((r) => [(r.id as number) % SPAN, { rowNumber: r.row_number as number, state: toState(r) }]));
    },

    /** Starts an edit; the edits undone before it can no longer be redone. */
    begin(jobId: string, label: string): number {
      return store.transaction(() => {
        sql('DELETE FROM edit_rows WHERE edit_id IN (SELECT id FROM edits WHERE job_id = ? AND undone = 1)').run(Number(jobId));
        sql('DELETE FROM edits WHERE job_id = ? AND undone = 1').run(Number(jobId));
        const result = sql('INSERT INTO edits (job_id, at, label) VALUES (?,?,?)').run(
          Number(jobId),
          new Date().toISOString(),
          label,
        );
        return Number(result.lastInsertRowid);
      });
    },

    /**
     * Drops part of the edits undone before (they can no longer be redone once a new edit begins): at most
     * `limit` of their rows. Returns how many went; 0 when none are left. Done a part at a time so that
     * dropping an undone change of a hundred thousand rows does not hold the app's thread.
     */
    dropUndone(jobId: string, limit: number): number {
      const edit = sql('SELECT id FROM edits WHERE job_id = ? AND undone = 1 LIMIT 1').get(Number(jobId)) as
        | { id: number }
        | undefined;
      if (!edit) return 0;
      return store.transaction(() => {
        const gone = sql(
          'DELETE FROM edit_rows WHERE edit_id = ? AND seq IN (SELECT seq FROM edit_rows WHERE edit_id = ? ORDER BY seq LIMIT ?)',
        ).run(edit.id, edit.id, limit);
        if (Number(gone.changes) > 0) return Number(gone.changes);
        sql('DELETE FROM edits WHERE id = ?').run(edit.id);
        return 1;
      });
    },

    /**
     * Writes a part of an edit: the leads' new states and their states before, in one transaction, with
     * `alongside` (the job's counts), so that a part is never written without the rest.
     */
    record(jobId: string, editId: number, changes: readonly StateChange[], alongside?: () => void): void {
      store.transaction(() => {
        const row = sql('INSERT INTO edit_rows (edit_id, seq, before, after) VALUES (?,?,?,?)');
        for (const c of changes) {
          writeState(jobId, c.seq, c.after);
          row.run(editId, c.seq, pack(c.before), pack(c.after));
        }
        sql('UPDATE edits SET rows = rows + ? WHERE id = ?').run(changes.length, editId);
        alongside?.();
      });
    },

    /** Of an edit's rows after `afterSeq` (at most `limit`), how many and how many are sent or being sent now, and the last seq. */
    sentAmong(jobId: string, editId: number, afterSeq: number, limit: number): { rows: number; sent: number; lastSeq: number } {
      const rows = sql(
        `SELECT e.seq AS seq, l.status IN ${SENT_STATUSES} AS sent FROM edit_rows e JOIN leads l ON l.id = ? + e.seq WHERE e.edit_id = ? AND e.seq > ? ORDER BY e.seq LIMIT ?`,
      ).all(base(jobId), editId, afterSeq, limit) as { seq: number; sent: 0 | 1 }[];
      let sent = 0;
      for (const r of rows) sent += r.sent;
      return { rows: rows.length, sent, lastSeq: rows.length > 0 ? rows[rows.length - 1].seq : afterSeq };
    },

    /** How many of an edit's leads are sent or being sent now (one query: for the undo and redo buttons). */
    sentCount(jobId: string, editId: number): number {
      const r = sql(
        `SELECT COUNT(*) AS n FROM edit_rows e JOIN leads l ON l.id = ? + e.seq WHERE e.edit_id = ? AND l.status IN ${SENT_STATUSES}`,
      ).get(base(jobId), editId) as { n: number };
      return r.n;
    },

    /** The edit an undo would reverse (the last one done) or a redo would repeat (the first one undone). */
    next(jobId: string, direction: 'undo' | 'redo'): EditRecord | undefined {
      const r = sql(
        direction === 'undo'
          ? 'SELECT id, label, rows, at FROM edits WHERE job_id = ? AND undone = 0 ORDER BY id DESC LIMIT 1'
          : 'SELECT id, label, rows, at FROM edits WHERE job_id = ? AND undone = 1 ORDER BY id ASC LIMIT 1',
      ).get(Number(jobId)) as EditRecord | undefined;
      return r ? { id: r.id, label: r.label, rows: r.rows, at: r.at } : undefined;
    },

    /** A part of an edit's rows, in position order after `afterSeq`. */
    rowsOf(editId: number, afterSeq: number, limit: number): StateChange[] {
      const rows = sql('SELECT seq, before, after FROM edit_rows WHERE edit_id = ? AND seq > ? ORDER BY seq LIMIT ?').all(
        editId,
        afterSeq,
        limit,
      ) as { seq: number; before: string; after: string }[];
      return rows.map((r) => ({ seq: r.seq, before: unpack(r.before), after: unpack(r.after) }));
    },

    /** Writes states back (a part of an undo or redo), in one transaction. */
    restore(jobId: string, states: readonly { seq: number; state: LeadState }[], alongside?: () => void): void {
      store.transaction(() => {
        for (const s of states) writeState(jobId, s.seq, s.state);
        alongside?.();
      });
    },

    setUndone(editId: number, undone: boolean): void {
      sql('UPDATE edits SET undone = ? WHERE id = ?').run(undone ? 1 : 0, editId);
    },

    /** A new mapping checks every row again, so the states kept before it no longer apply. */
    clear(jobId: string): void {
      store.transaction(() => {
        sql('DELETE FROM edit_rows WHERE edit_id IN (SELECT id FROM edits WHERE job_id = ?)').run(Number(jobId));
        sql('DELETE FROM edits WHERE job_id = ?').run(Number(jobId));
      });
    },
  };
}

export type EditHistory = ReturnType<typeof createEditHistory>;
