/**
 * The durable job store: one node:sqlite database (WAL) in the data folder. Every state change is one
 * transaction; an attempt is recorded before its batch is sent and settled after the reply, so a crash
 * at any instant leaves leads either settled or "sending" (retried on restart as uncertain).
 *
 * synchronous=FULL: every commit is on disk before the next step, so after a crash or a power cut only a
 * torn last transaction can be missing. If that was an attempt's record, its batch was never sent (sending
 * waits for the commit); if it was a settlement, the leads are still "sending" and recovery retries them as
 * uncertain, where a "duplicate" answer counts them imported. A job writes two commits per batch, so the
 * fsyncs cost little.
 *
 * The one exception is reading a file (job-service's importFile runs it in `unsynced`): a read cut short is
 * discarded on the next start (discardInterruptedReads), and a finished one is a draft, nothing of it sent,
 * its file still there. So those commits do not wait for the disk, a wait that was a sixth of the time of
 * a million-row import. They reach it when the checkpoint that follows every read copies the log (it
 * syncs the log first, on its own thread), or with the next commit that waits, a sending job's, which
 * carries every earlier one in the log to disk too. A power cut in between can lose that draft; a crash
 * of the app alone cannot, as the operating system holds what was written.
 */

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type {
  Counts,
  FileFingerprint,
  Issue,
  JobState,
  LeadStatus,
  MappingSpec,
  NormaliseOptions,
  RowFilter,
  SendSettings,
} from '../../../shared/contract.ts';
import { decodeCells, encodeCells, splitCellRows } from './cells.ts';
import { createCheckpointControl } from './checkpoint.ts';
import { encodeLeadBatch, type LeadBatch, type LeadDetail, leadDetail, reasonGroupOf } from './lead-batch.ts';
import { migrate } from './schema.ts';
import { removeUpload } from './uploads-folder.ts';

export interface SourceMeta {
  kind: 'csv' | 'workbook';
  sheet?: string;
  headerRow: number;
  encoding?: string;
  delimiter?: string;
  headers: string[];
  rawHeaders: string[];
}

export interface StoredTarget {
  serverId?: string;
  serverUrl: string;
  serverName?: string;
  templateId: number;
  campaignId: number;
  allocationId: number;
  /** CLI jobs: the name of the environment variable that holds the key (never the key). */
  keyEnv?: string;
}

export interface JobRecord {
  id: string;
  createdAt: string;
  updatedAt: string;
  state: JobState;
  message?: string;
  fileName: string;
  filePath: string;
  source: SourceMeta;
  fingerprint?: FileFingerprint;
  mapping?: MappingSpec;
  options?: NormaliseOptions;
  target?: StoredTarget;
  settings?: SendSettings;
  counts: Counts;
  /** 'fixed' while the job is sent for its fixed leads only (resubmitFixed); otherwise every ready lead. */
  sendOnly?: 'fixed';
}

export interface LeadWrite {
  seq: number;
  rowNumber: number;
  cells: string[];
  raw?: (number | Date | undefined)[];
  payload?: Record<string, string>;
  status: LeadStatus;
  issues?: Issue[];
  reason?: string;
}

export interface LeadRow {
  seq: number;
  rowNumber: number;
  cells: string[];
  raw?: (number | string | null)[];
  payload?: Record<string, string>;
  status: LeadStatus;
  issues: Issue[];
  reason?: string;
  attempts: number;
  uncertain: boolean;
  edited: boolean;
  /** Changed by a person after it was refused or found invalid (what "resubmit fixed" sends). */
  fixed: boolean;
  /** The cells as read from the file, when a person has changed them since. */
  original?: string[];
}

export interface SendableLead {
  seq: number;
  rowNumber: number;
  payload: Record<string, string>;
  uncertain: boolean;
  attempts: number;
}

/** What a lead without a stored payload sends: derived from its cells by the job's mapping. */
export type DerivePayload = (cells: string[], raw: LeadRow['raw']) => Record<string, string>;

function payloadOf(
  r: { cells: string; raw: string | null; payload: string | null; row_number: number },
  derive: DerivePayload | undefined,
): Record<string, string> {
  if (r.payload) return JSON.parse(r.payload);
  if (!derive) throw new Error(`row ${r.row_number} has no payload and no mapping to derive it from`);
  return derive(decodeCells(r.cells), r.raw ? JSON.parse(r.raw) : undefined);
}

export interface Settlement {
  seq: number;
  status: LeadStatus;
  reason?: string;
  uncertain?: boolean;
}

export const emptyCounts = (): Counts => ({
  total: 0,
  invalid: 0,
  ready: 0,
  skipped: 0,
  sending: 0,
  imported: 0,
  updated: 0,
  rejected: 0,
  review: 0,
  warnings: 0,
});

export { reasonGroupOf };

/** Plain leads written by one INSERT statement (3 values each, well under SQLite's 32,766 variables). */
const PLAIN_ROWS = 64;

const now = () => new Date().toISOString();

/** Leads are keyed by job id × 2^32 + position, so a job's leads are one contiguous range of rowids. */
export const SPAN = 2 ** 32;
/** The first lead id of a job: a job's leads are one contiguous range of ids (docs/engine.md). */
export const base = (jobId: string | number) => Number(jobId) * SPAN;

/** The SQL condition of each row filter (also used to select rows for a correction). */
export const FILTERS: Record<RowFilter, string> = {
  all: '',
  valid: "AND status NOT IN ('invalid','skipped')",
  invalid: "AND status = 'invalid'",
  warnings: 'AND has_warning = 1',
  rejected: "AND status = 'rejected'",
  notAccepted: "AND status IN ('invalid','rejected','review')",
  imported: "AND status = 'imported'",
  updated: "AND status = 'updated'",
  notSent: "AND status IN ('ready','sending')",
  toCheck: "AND status = 'review'",
  changed: 'AND edited = 1',
  skipped: "AND status = 'skipped'",
  fixed: "AND fixed = 1 AND status = 'ready'",
};

export type JobStore = ReturnType<typeof openJobStore>;

export function openJobStore(dataDir: string, fileName = 'jobs.sqlite') {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, fileName);
  const db = new DatabaseSync(file);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec('PRAGMA foreign_keys = OFF');
  // After a large import the log is copied in at once; past this size it is then cut back on disk.
  db.exec(`PRAGMA journal_size_limit = ${64 << 20}`);
  migrate(db);
  const checkpoints = createCheckpointControl(db, file, (message) => console.error(message));
  const cache = new Map<string, StatementSync>();
  const sql = (text: string): StatementSync => {
    let statement = cache.get(text);
    if (!statement) {
      statement = db.prepare(text);
      cache.set(text, statement);
    }
    return statement;
  };

  const transaction = <T>(work: () => T): T => {
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      // SQLite has rolled back already after some failures (a full disk, an I/O error): rolling back
      // again would fail and hide the cause.
      if (db.isTransaction) db.exec('ROLLBACK');
      throw error;
    }
  };

  /** Runs `work`, whose commits then do not wait for the disk (see the top of this file for when that is safe). */
  const unsynced = <T>(work: () => T): T => {
    db.exec('PRAGMA synchronous = NORMAL');
    try {
      return work();
    } finally {
      db.exec('PRAGMA synchronous = FULL');
    }
  };

  const parse = <T>(text: unknown): T | undefined => (typeof text === 'string' && text ? (JSON.parse(text) as T) : undefined);

  const toJob = (r: Record<string, unknown>): JobRecord => ({
    id: String(r.id),
    createdAt: r.created_at as string,
    updatedAt: r.updated_at as string,
    state: r.state as JobState,
    message: (r.message as string | null) ?? undefined,
    fileName: r.file_name as string,
    filePath: r.file_path as string,
    source: JSON.parse(r.source_json as string),
    fingerprint: parse(r.fingerprint),
    mapping: parse(r.mapping_json),
    options: parse(r.options_json),
    target: parse(r.target_json),
    settings: parse(r.settings_json),
    counts: { ...emptyCounts(), ...JSON.parse(r.counts_json as string) },
    sendOnly: r.send_only === 'fixed' ? 'fixed' : undefined,
  });

  const toLead = (r: Record<string, unknown>): LeadRow => ({
    seq: (r.id as number) % SPAN,
    rowNumber: r.row_number as number,
    cells: decodeCells(r.cells as string),
    raw: parse(r.raw),
    payload: parse(r.payload),
    status: r.status as LeadStatus,
    issues: parse<Issue[]>(r.issues) ?? [],
    reason: (r.reason as string | null) ?? undefined,
    attempts: r.attempts as number,
    uncertain: r.uncertain === 1,
    edited: r.edited === 1,
    fixed: r.fixed === 1,
    original: typeof r.original === 'string' ? decodeCells(r.original) : undefined,
  });

  /** Every column the store writes for a lead, in the order of the INSERT and UPDATE statements below. */
  const detailValues = (id: number, rowNumber: number, cells: string, d: LeadDetail) =>
    [id, rowNumber, cells, d.raw, d.payload, d.status, d.issues, d.hasWarning, d.reason, d.reasonGroup] as const;
  const leadValues = (jobId: number, lead: LeadWrite) =>
    detailValues(base(jobId) + lead.seq, lead.rowNumber, encodeCells(lead.cells), leadDetail(lead, 0));

  /**
   * Writes a batch built by encodeLeadBatch in one transaction. Most leads of a large file are ready
   * with nothing to remark: they go PLAIN_ROWS to a statement, three values each, because the cost of a
   * write through node:sqlite is mostly per statement run, not per value (a third of the time, measured).
   */
  const insertBatch = (jobId: string, batch: LeadBatch): void => {
    const one = sql("INSERT INTO leads (id, row_number, cells, status) VALUES (?,?,?,'ready')");
    const many = sql(
      `INSERT INTO leads (id, row_number, cells, status) VALUES ${new Array(PLAIN_ROWS).fill("(?,?,?,'ready')").join(',')}`,
    );
    const detailed = sql(
      'INSERT INTO leads (id, row_number, cells, raw, payload, status, issues, has_warning, reason, reason_group) VALUES (?,?,?,?,?,?,?,?,?,?)',
    );
    const first = base(jobId);
    const { seqs, rowNumbers, details } = batch;
    const cells = splitCellRows(batch.cells, seqs.length);
    const values: (number | string)[] = new Array(PLAIN_ROWS * 3);
    /** Plain leads from `from` up to `to` (excluded). */
    const plain = (from: number, to: number) => {
      let i = from;
      for (; i + PLAIN_ROWS <= to; i += PLAIN_ROWS) {
        for (let k = 0, v = 0; k < PLAIN_ROWS; k++) {
          values[v++] = first + seqs[i + k];
          values[v++] = rowNumbers[i + k];
          values[v++] = cells[i + k];
        }
        many.run(...values);
      }
      for (; i < to; i++) one.run(first + seqs[i], rowNumbers[i], cells[i]);
    };
    transaction(() => {
      let next = 0;
      for (const d of details) {
        plain(next, d.index);
        next = d.index;
        detailed.run(...detailValues(first + seqs[next], rowNumbers[next], cells[next], d));
        next++;
      }
      plain(next, seqs.length);
    });
  };

  return {
    db,
    /** The database file, for a worker thread's own read connection (jobs/remap-worker.ts). */
    file,
    transaction,
    unsynced,

    close() {
      checkpoints.close();
      db.close();
    },

    /**
     * For a bulk write (reading a file): automatic checkpoints wait until the returned function is
     * called, then run on a thread of their own (see checkpoint.ts).
     */
    deferCheckpoints: () => checkpoints.defer(),
    /** Resolves when no checkpoint runs in the background (tests, and an orderly shutdown). */
    checkpointsSettled: () => checkpoints.settled(),

    createJob(input: {
      fileName: string;
      filePath: string;
      source: SourceMeta;
      fingerprint?: FileFingerprint;
      state?: JobState;
    }): string {
      const t = now();
      const result = sql(
        'INSERT INTO jobs (created_at, updated_at, state, file_name, file_path, source_json, fingerprint, counts_json) VALUES (?,?,?,?,?,?,?,?)',
      ).run(
        t,
        t,
        input.state ?? 'reading',
        input.fileName,
        input.filePath,
        JSON.stringify(input.source),
        input.fingerprint ? JSON.stringify(input.fingerprint) : null,
        JSON.stringify(emptyCounts()),
      );
      return String(result.lastInsertRowid);
    },

    updateJob(
      id: string,
      patch: Partial<
        Pick<JobRecord, 'state' | 'message' | 'mapping' | 'options' | 'target' | 'settings' | 'counts' | 'source' | 'sendOnly'>
      >,
    ): void {
      const sets: string[] = ['updated_at = ?'];
      const values: (string | null)[] = [now()];
      const json = (column: string, value: unknown) => {
        sets.push(`${column} = ?`);
        values.push(value === undefined ? null : JSON.stringify(value));
      };
      if ('state' in patch) {
        sets.push('state = ?');
        values.push(patch.state as string);
      }
      if ('message' in patch) {
        sets.push('message = ?');
        values.push(patch.message ?? null);
      }
      if ('mapping' in patch) json('mapping_json', patch.mapping);
      if ('options' in patch) json('options_json', patch.options);
      if ('target' in patch) json('target_json', patch.target);
      if ('settings' in patch) json('settings_json', patch.settings);
      if ('counts' in patch) json('counts_json', patch.counts);
      if ('source' in patch) json('source_json', patch.source);
      if ('sendOnly' in patch) {
        sets.push('send_only = ?');
        values.push(patch.sendOnly ?? null);
      }
      sql(`UPDATE jobs SET ${sets.join(', ')} WHERE id = ?`).run(...values, Number(id));
    },

    getJob(id: string): JobRecord | undefined {
      const r = sql('SELECT * FROM jobs WHERE id = ?').get(Number(id)) as Record<string, unknown> | undefined;
      return r ? toJob(r) : undefined;
    },

    listJobs(): JobRecord[] {
      return (sql('SELECT * FROM jobs ORDER BY id DESC').all() as Record<string, unknown>[]).map(toJob);
    },

    /** Deletes a job with its leads and attempts, and the uploaded copy of its file (browser mode), if any. */
    deleteJob(id: string): void {
      const filePath = (sql('SELECT file_path FROM jobs WHERE id = ?').get(Number(id)) as { file_path: string } | undefined)
        ?.file_path;
      transaction(() => {
        sql('DELETE FROM leads WHERE id >= ? AND id < ?').run(base(id), base(id) + SPAN);
        sql('DELETE FROM attempts WHERE job_id = ?').run(Number(id));
        sql('DELETE FROM edit_rows WHERE edit_id IN (SELECT id FROM edits WHERE job_id = ?)').run(Number(id));
        sql('DELETE FROM edits WHERE job_id = ?').run(Number(id));
        sql('DELETE FROM jobs WHERE id = ?').run(Number(id));
      });
      if (filePath) removeUpload(dataDir, filePath);
    },

    findJobsByFingerprint(fingerprint: FileFingerprint): JobRecord[] {
      return (
        sql('SELECT * FROM jobs WHERE fingerprint = ? ORDER BY id DESC').all(JSON.stringify(fingerprint)) as Record<
          string,
          unknown
        >[]
      ).map(toJob);
    },

    /** Writes a batch of leads in one transaction. */
    insertLeads(jobId: string, leads: readonly LeadWrite[]): void {
      insertBatch(jobId, encodeLeadBatch(leads));
    },

    insertBatch,

    /** Replaces what will be sent for a batch of leads (a new mapping, an edit), in one transaction. */
    rewriteLeads(jobId: string, leads: readonly (LeadWrite & { edited?: boolean })[]): void {
      const update = sql(
        'UPDATE leads SET row_number = ?, cells = ?, raw = ?, payload = ?, status = ?, issues = ?, has_warning = ?, reason = ?, reason_group = ?, edited = edited OR ? WHERE id = ?',
      );
      const id = Number(jobId);
      transaction(() => {
        for (const lead of leads) {
          const [rowid, ...rest] = leadValues(id, lead);
          update.run(...rest, lead.edited ? 1 : 0, rowid);
        }
      });
    },

    /**
     * A new verdict for leads whose cells are unchanged (a mapping applied again, jobs/remap.ts): only the
     * status, issues and reason are written, not the cells.
     */
    rejudgeLeads(jobId: string, verdicts: readonly Pick<LeadWrite, 'seq' | 'status' | 'issues' | 'reason'>[]): void {
      const update = sql('UPDATE leads SET status = ?, issues = ?, has_warning = ?, reason = ?, reason_group = ? WHERE id = ?');
      const first = base(jobId);
      transaction(() => {
        for (const v of verdicts) {
          const issues = v.issues?.length ? JSON.stringify(v.issues) : null;
          const hasWarning = v.issues?.some((i) => i.severity === 'warning') ? 1 : 0;
          const reason = v.reason ?? null;
          update.run(v.status, issues, hasWarning, reason, reason ? reasonGroupOf(reason) : null, first + v.seq);
        }
      });
    },

    /** Leads in source order from `afterSeq`, for re-mapping or reports. */
    leadsFrom(jobId: string, afterSeq: number, limit: number, where = ''): LeadRow[] {
      const rows = sql(`SELECT * FROM leads WHERE id > ? AND id < ? ${where} ORDER BY id LIMIT ?`).all(
        base(jobId) + afterSeq,
        base(jobId) + SPAN,
        limit,
      );
      return (rows as Record<string, unknown>[]).map(toLead);
    },

    leadByRow(jobId: string, rowNumber: number): LeadRow | undefined {
      const r = sql('SELECT * FROM leads WHERE id >= ? AND id < ? AND row_number = ?').get(
        base(jobId),
        base(jobId) + SPAN,
        rowNumber,
      );
      return r ? toLead(r as Record<string, unknown>) : undefined;
    },

    countByStatus(jobId: string): Counts {
      const counts = emptyCounts();
      const rows = sql(
        'SELECT status, count(*) AS n, sum(has_warning) AS w FROM leads WHERE id >= ? AND id < ? GROUP BY status',
      ).all(base(jobId), base(jobId) + SPAN);
      for (const r of rows as { status: LeadStatus; n: number; w: number }[]) {
        counts[r.status] = r.n;
        counts.total += r.n;
        counts.warnings += r.w;
      }
      return counts;
    },

    /**
     * The next leads to send, in source order after `afterSeq`. A lead keeps no payload of its own when
     * it can be derived from its cells (see docs/engine.md), so `derive` turns cells into what is sent.
     * `onlyFixed`: the leads a person fixed after they were refused or found invalid, and no others.
     */
    nextReady(jobId: string, afterSeq: number, limit: number, derive?: DerivePayload, onlyFixed = false): SendableLead[] {
      const rows = sql(
        `SELECT id, row_number, cells, raw, payload, uncertain, attempts FROM leads WHERE id > ? AND id < ? AND status = 'ready' ${onlyFixed ? 'AND fixed = 1' : ''} ORDER BY id LIMIT ?`,
      ).all(base(jobId) + afterSeq, base(jobId) + SPAN, limit) as {
        id: number;
        row_number: number;
        cells: string;
        raw: string | null;
        payload: string | null;
        uncertain: number;
        attempts: number;
      }[];
      return rows.map((r) => ({
        seq: r.id % SPAN,
        rowNumber: r.row_number,
        payload: payloadOf(r, derive),
        uncertain: r.uncertain === 1,
        attempts: r.attempts,
      }));
    },

    /**
     * Records an attempt and marks its leads as sending, before anything goes on the wire. Only leads
     * still ready are taken (checked inside the write transaction), so a lead is never in two attempts,
     * whoever else read it as ready: returns the attempt and the leads it took, or undefined for none.
     */
    beginAttempt(jobId: string, seqs: readonly number[]): { id: number; seqs: number[] } | undefined {
      return transaction(() => {
        const ready = (
          sql("SELECT id FROM leads WHERE id IN (SELECT ? + value FROM json_each(?)) AND status = 'ready' ORDER BY id").all(
            base(jobId),
            JSON.stringify(seqs),
          ) as { id: number }[]
        ).map((r) => r.id % SPAN);
        if (ready.length === 0) return undefined;
        const taken = JSON.stringify(ready);
        const attempt = sql('INSERT INTO attempts (job_id, started_at, lead_seqs) VALUES (?,?,?)').run(
          Number(jobId),
          now(),
          taken,
        );
        const attemptId = Number(attempt.lastInsertRowid);
        // One statement for the whole batch: a JS call per lead costs more than the update itself.
        sql(
          "UPDATE leads SET status = 'sending', attempt_id = ?, attempts = attempts + 1 WHERE id IN (SELECT ? + value FROM json_each(?))",
        ).run(attemptId, base(jobId), taken);
        return { id: attemptId, seqs: ready };
      });
    },

    /** Settles an attempt's leads with the outcome of its reply, in one transaction. */
    settleAttempt(
      jobId: string,
      attemptId: number,
      outcome: string,
      reply: string | undefined,
      settlements: readonly Settlement[],
      counts: Counts,
    ): void {
      transaction(() => {
        sql('UPDATE attempts SET finished_at = ?, outcome = ?, reply = ? WHERE id = ?').run(
          now(),
          outcome,
          reply ?? null,
          attemptId,
        );
        const settle = sql(
          'UPDATE leads SET status = ?, reason = ?, reason_group = ?, uncertain = ?, attempt_id = NULL WHERE id = ? AND attempt_id = ?',
        );
        // Plain outcomes (imported, updated, back to ready) go in one statement per status; leads with a
        // reason one by one.
        const plain = new Map<string, number[]>();
        const detailed: Settlement[] = [];
        for (const s of settlements) {
          if (s.reason) detailed.push(s);
          else {
            const key = `${s.status}:${s.uncertain ? 1 : 0}`;
            const list = plain.get(key);
            if (list) list.push(s.seq);
            else plain.set(key, [s.seq]);
          }
        }
        const settleMany = sql(
          'UPDATE leads SET status = ?, reason = NULL, reason_group = NULL, uncertain = ?, attempt_id = NULL WHERE id IN (SELECT ? + value FROM json_each(?)) AND attempt_id = ?',
        );
        for (const [key, seqs] of plain) {
          const [status, uncertain] = key.split(':');
          settleMany.run(status, Number(uncertain), base(jobId), JSON.stringify(seqs), attemptId);
        }
        for (const s of detailed) {
          settle.run(
            s.status,
            s.reason ?? null,
            s.reason ? reasonGroupOf(s.reason) : null,
            s.uncertain ? 1 : 0,
            base(jobId) + s.seq,
            attemptId,
          );
        }
        sql('UPDATE jobs SET counts_json = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(counts), now(), Number(jobId));
      });
    },

    /**
     * After a crash: leads of attempts that never settled go back to "ready" marked uncertain (their batch
     * may have been stored), and the attempts are closed as interrupted. Returns how many leads.
     */
    recoverInterrupted(jobId: string): number {
      return transaction(() => {
        sql("UPDATE attempts SET finished_at = ?, outcome = 'interrupted' WHERE job_id = ? AND finished_at IS NULL").run(
          now(),
          Number(jobId),
        );
        const result = sql(
          "UPDATE leads SET status = 'ready', uncertain = 1, attempt_id = NULL WHERE id >= ? AND id < ? AND status = 'sending'",
        ).run(base(jobId), base(jobId) + SPAN);
        return Number(result.changes);
      });
    },

    attempts(jobId: string): { id: number; outcome: string | null; reply: string | null; leadSeqs: number[] }[] {
      return (
        sql('SELECT id, outcome, reply, lead_seqs FROM attempts WHERE job_id = ? ORDER BY id').all(Number(jobId)) as {
          id: number;
          outcome: string | null;
          reply: string | null;
          lead_seqs: string;
        }[]
      ).map((r) => ({ id: r.id, outcome: r.outcome, reply: r.reply, leadSeqs: JSON.parse(r.lead_seqs) }));
    },

    rows(
      jobId: string,
      offset: number,
      limit: number,
      filter: RowFilter,
      reason?: string,
      search?: string,
    ): { total: number; rows: LeadRow[] } {
      const range = [base(jobId), base(jobId) + SPAN];
      if (filter === 'all' && reason === undefined && !search) {
        // Positions are dense from 0, so a page of "all" is a rowid range: as fast at row 999,000 as at row 0.
        const total = (sql('SELECT count(*) AS n FROM leads WHERE id >= ? AND id < ?').get(...range) as { n: number }).n;
        const rows = sql('SELECT * FROM leads WHERE id >= ? AND id < ? ORDER BY id LIMIT ?').all(
          range[0] + offset,
          range[1],
          limit,
        );
        return { total, rows: (rows as Record<string, unknown>[]).map(toLead) };
      }
      // The same conditions as a correction's selection (jobs/selection.ts), so a bulk action acts on what is shown.
      const where = `${FILTERS[filter]}${reason !== undefined ? ' AND reason_group = ?' : ''}${search ? ' AND instr(lower(cells), ?) > 0' : ''}`;
      const args: (number | string)[] = [...range];
      if (reason !== undefined) args.push(reason);
      if (search) args.push(search.toLowerCase());
      const total = (sql(`SELECT count(*) AS n FROM leads WHERE id >= ? AND id < ? ${where}`).get(...args) as { n: number }).n;
      const rows = sql(`SELECT * FROM leads WHERE id >= ? AND id < ? ${where} ORDER BY id LIMIT ? OFFSET ?`).all(
        ...args,
        limit,
        offset,
      );
      return { total, rows: (rows as Record<string, unknown>[]).map(toLead) };
    },

    reasonGroups(jobId: string): { stage: 'local' | 'server'; reason: string; count: number }[] {
      const rows = sql(
        "SELECT status, reason_group, count(*) AS n FROM leads WHERE id >= ? AND id < ? AND status IN ('invalid','rejected','review') GROUP BY status, reason_group ORDER BY n DESC",
      ).all(base(jobId), base(jobId) + SPAN) as { status: string; reason_group: string | null; n: number }[];
      return rows.map((r) => ({
        stage: r.status === 'invalid' ? 'local' : 'server',
        reason: r.reason_group ?? '(no reason given)',
        count: r.n,
      }));
    },

    /** Leads a person fixed after they were refused or found invalid, now valid and not yet sent. */
    countFixed(jobId: string): number {
      return (
        sql("SELECT count(*) AS n FROM leads WHERE id >= ? AND id < ? AND fixed = 1 AND status = 'ready'").get(
          base(jobId),
          base(jobId) + SPAN,
        ) as { n: number }
      ).n;
    },

    /** Everything this app sent to a campaign: hash → when. */
    ledger(server: string, campaign: number): Map<string, string> {
      const rows = sql('SELECT hash, sent_at FROM ledger WHERE server = ? AND campaign = ?').all(server, campaign) as {
        hash: string;
        sent_at: string;
      }[];
      return new Map(rows.map((r) => [r.hash, r.sent_at]));
    },

    ledgerHas(server: string, campaign: number, hash: string): string | undefined {
      const r = sql('SELECT sent_at FROM ledger WHERE server = ? AND campaign = ? AND hash = ?').get(server, campaign, hash) as
        | { sent_at: string }
        | undefined;
      return r?.sent_at;
    },

    ledgerAdd(server: string, campaign: number, hashes: readonly string[]): void {
      sql('INSERT OR IGNORE INTO ledger (server, campaign, hash, sent_at) SELECT ?, ?, value, ? FROM json_each(?)').run(
        server,
        campaign,
        now(),
        JSON.stringify(hashes),
      );
    },
  };
}
