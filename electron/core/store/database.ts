/**
 * The job store's one database handle: a node:sqlite connection (WAL) to `jobs.sqlite` in the data folder,
 * its cached statements, and the two ways of committing. Every table module of the store (jobs.ts,
 * leads.ts, attempts.ts, ledger.ts) works through the same handle, so a transaction may span them.
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
import { type CheckpointControl, createCheckpointControl } from './checkpoint.ts';
import { migrate } from './schema.ts';

/** Leads are keyed by job id × 2^32 + position, so a job's leads are one contiguous range of rowids. */
export const SPAN = 2 ** 32;
/** The first lead id of a job: a job's leads are one contiguous range of ids (docs/engine.md). */
export const base = (jobId: string | number) => Number(jobId) * SPAN;

export const now = () => new Date().toISOString();

/** A JSON column's value, or undefined for NULL and the empty string. */
export const parseJson = <T>(text: unknown): T | undefined =>
  typeof text === 'string' && text ? (JSON.parse(text) as T) : undefined;

export interface StoreDatabase {
  db: DatabaseSync;
  /** The database file, for a worker thread's own connection (jobs/remap-worker.ts, the checkpoint). */
  file: string;
  dataDir: string;
  /** A statement prepared once per connection and text. */
  sql(text: string): StatementSync;
  /** Runs `work` in one write transaction (BEGIN IMMEDIATE … COMMIT), rolled back if it throws. */
  transaction<T>(work: () => T): T;
  /** Runs `work`, whose commits then do not wait for the disk (see the top of this file for when that is safe). */
  unsynced<T>(work: () => T): T;
  checkpoints: CheckpointControl;
  close(): void;
}

export function openStoreDatabase(dataDir: string, fileName = 'jobs.sqlite'): StoreDatabase {
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

  return {
    db,
    file,
    dataDir,
    checkpoints,

    sql(text) {
      let statement = cache.get(text);
      if (!statement) {
        statement = db.prepare(text);
        cache.set(text, statement);
      }
      return statement;
    },

    transaction(work) {
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
    },

    unsynced(work) {
      db.exec('PRAGMA synchronous = NORMAL');
      try {
        return work();
      } finally {
        db.exec('PRAGMA synchronous = FULL');
      }
    },

    close() {
      checkpoints.close();
      db.close();
    },
  };
}
