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
import { migrate } from './schema.ts';

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
}

export interface SendableLead {
  seq: number;
  rowNumber: number;
  payload: Record<string, string>;
  uncertain: boolean;
  attempts: number;
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
  sending: 0,
  imported: 0,
  updated: 0,
  rejected: 0,
  review: 0,
  warnings: 0,
});

/** Groups reasons that differ only by the value they quote ("phone 0383… already in row 12"). */
export function reasonGroupOf(reason: string): string {
  return reason
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\+?\d[\d ,.]*\d|\d/g, 'N')
    .replace(/^[A-Za-z]\w*: /, (field) => field)
    .slice(0, 200);
}

const now = () => new Date().toISOString();

/** Leads are keyed by job id × 2^32 + position, so a job's leads are one contiguous range of rowids. */
const SPAN = 2 ** 32;
const base = (jobId: string | number) => Number(jobId) * SPAN;

const FILTERS: Record<RowFilter, string> = {
  all: '',
  valid: "AND status <> 'invalid'",
  invalid: "AND status = 'invalid'",
  warnings: 'AND has_warning = 1',
  rejected: "AND status = 'rejected'",
  notAccepted: "AND status IN ('invalid','rejected','review')",
};

export type JobStore = ReturnType<typeof openJobStore>;

export function openJobStore(dataDir: string, fileName = 'jobs.sqlite') {
  mkdirSync(dataDir, { recursive: true });
  const db = new DatabaseSync(join(dataDir, fileName));
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec('PRAGMA foreign_keys = OFF');
  migrate(db);

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
      db.exec('ROLLBACK');
      throw error;
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
    counts: JSON.parse(r.counts_json as string),
  });

  const toLead = (r: Record<string, unknown>): LeadRow => ({
    seq: (r.id as number) % SPAN,
    rowNumber: r.row_number as number,
    cells: JSON.parse(r.cells as string),
    raw: parse(r.raw),
    payload: parse(r.payload),
    status: r.status as LeadStatus,
    issues: parse<Issue[]>(r.issues) ?? [],
    reason: (r.reason as string | null) ?? undefined,
    attempts: r.attempts as number,
    uncertain: r.uncertain === 1,
    edited: r.edited === 1,
  });

  const leadValues = (jobId: number, lead: LeadWrite) => {
    const hasWarning = lead.issues?.some((i) => i.severity === 'warning') ? 1 : 0;
    return [
      base(jobId) + lead.seq,
      lead.rowNumber,
      JSON.stringify(lead.cells),
      lead.raw ? JSON.stringify(lead.raw) : null,
      lead.payload ? JSON.stringify(lead.payload) : null,
      lead.status,
      lead.issues?.length ? JSON.stringify(lead.issues) : null,
      hasWarning,
      lead.reason ?? null,
      lead.reason ? reasonGroupOf(lead.reason) : null,
    ] as const;
  };

  return {
    db,
    transaction,

    close() {
      db.close();
    },

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
      patch: Partial<Pick<JobRecord, 'state' | 'message' | 'mapping' | 'options' | 'target' | 'settings' | 'counts' | 'source'>>,
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
      sql(`UPDATE jobs SET ${sets.join(', ')} WHERE id = ?`).run(...values, Number(id));
    },

    getJob(id: string): JobRecord | undefined {
      const r = sql('SELECT * FROM jobs WHERE id = ?').get(Number(id)) as Record<string, unknown> | undefined;
      return r ? toJob(r) : undefined;
    },

    listJobs(): JobRecord[] {
      return (sql('SELECT * FROM jobs ORDER BY id DESC').all() as Record<string, unknown>[]).map(toJob);
    },

    deleteJob(id: string): void {
      transaction(() => {
        sql('DELETE FROM leads WHERE id >= ? AND id < ?').run(base(id), base(id) + SPAN);
        sql('DELETE FROM attempts WHERE job_id = ?').run(Number(id));
        sql('DELETE FROM jobs WHERE id = ?').run(Number(id));
      });
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
      const insert = sql(
        'INSERT INTO leads (id, row_number, cells, raw, payload, status, issues, has_warning, reason, reason_group) VALUES (?,?,?,?,?,?,?,?,?,?)',
      );
      const id = Number(jobId);
      transaction(() => {
        for (const lead of leads) insert.run(...leadValues(id, lead));
      });
    },

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

    /** The next leads to send, in source order after `afterSeq`. */
    nextReady(jobId: string, afterSeq: number, limit: number): SendableLead[] {
      const rows = sql(
        "SELECT id, row_number, payload, uncertain, attempts FROM leads WHERE id > ? AND id < ? AND status = 'ready' ORDER BY id LIMIT ?",
      ).all(base(jobId) + afterSeq, base(jobId) + SPAN, limit) as {
        id: number;
        row_number: number;
        payload: string;
        uncertain: number;
        attempts: number;
      }[];
      return rows.map((r) => ({
        seq: r.id % SPAN,
        rowNumber: r.row_number,
        payload: JSON.parse(r.payload),
        uncertain: r.uncertain === 1,
        attempts: r.attempts,
      }));
    },

    /** Records an attempt and marks its leads as sending, before anything goes on the wire. */
    beginAttempt(jobId: string, seqs: readonly number[]): number {
      return transaction(() => {
        const attempt = sql('INSERT INTO attempts (job_id, started_at, lead_seqs) VALUES (?,?,?)').run(
          Number(jobId),
          now(),
          JSON.stringify(seqs),
        );
        const attemptId = Number(attempt.lastInsertRowid);
        // One statement for the whole batch: a JS call per lead costs more than the update itself.
        sql(
          "UPDATE leads SET status = 'sending', attempt_id = ?, attempts = attempts + 1 WHERE id IN (SELECT ? + value FROM json_each(?))",
        ).run(attemptId, base(jobId), JSON.stringify(seqs));
        return attemptId;
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

    rows(jobId: string, offset: number, limit: number, filter: RowFilter, reason?: string): { total: number; rows: LeadRow[] } {
      const range = [base(jobId), base(jobId) + SPAN];
      if (filter === 'all' && reason === undefined) {
        // Positions are dense from 0, so a page of "all" is a rowid range: as fast at row 999,000 as at row 0.
        const total = (sql('SELECT count(*) AS n FROM leads WHERE id >= ? AND id < ?').get(...range) as { n: number }).n;
        const rows = sql('SELECT * FROM leads WHERE id >= ? AND id < ? ORDER BY id LIMIT ?').all(
          range[0] + offset,
          range[1],
          limit,
        );
        return { total, rows: (rows as Record<string, unknown>[]).map(toLead) };
      }
      const where = `${FILTERS[filter]}${reason !== undefined ? ' AND reason_group = ?' : ''}`;
      const args: (number | string)[] = reason !== undefined ? [...range, reason] : range;
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

    /** What will be sent for every other sendable lead of the job (to re-check duplicates after an edit). */
    otherPayloads(jobId: string, exceptSeq: number): { rowNumber: number; payload: Record<string, string> }[] {
      const rows = sql(
        "SELECT row_number, payload FROM leads WHERE id >= ? AND id < ? AND id <> ? AND payload IS NOT NULL AND status <> 'invalid'",
      ).all(base(jobId), base(jobId) + SPAN, base(jobId) + exceptSeq) as { row_number: number; payload: string }[];
      return rows.map((r) => ({ rowNumber: r.row_number, payload: JSON.parse(r.payload) }));
    },

    /** Leads the user edited that are now valid and not yet accepted. */
    countFixed(jobId: string): number {
      return (
        sql("SELECT count(*) AS n FROM leads WHERE id >= ? AND id < ? AND edited = 1 AND status = 'ready'").get(
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
