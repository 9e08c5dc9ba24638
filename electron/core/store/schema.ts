/**
 * The job store's schema, versioned with `PRAGMA user_version`. Each migration moves the database one
 * version up inside a transaction; a database newer than this code is refused rather than damaged.
 */
import type { DatabaseSync } from 'node:sqlite';

export const MIGRATIONS: readonly string[] = [
  // v1: jobs, their leads, the batch attempts that carried them, and the ledger of what was sent.
  `
  CREATE TABLE jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    state TEXT NOT NULL,
    message TEXT,
    file_name TEXT NOT NULL,
    file_path TEXT NOT NULL,
    source_json TEXT NOT NULL,
    mapping_json TEXT,
    options_json TEXT,
    target_json TEXT,
    settings_json TEXT,
    counts_json TEXT NOT NULL
  );
  CREATE TABLE leads (
    -- job id × 2^32 + the lead's position in its file: one B-tree, appended in order while a file is read.
    id INTEGER PRIMARY KEY,
    row_number INTEGER NOT NULL,
    cells TEXT NOT NULL,
    raw TEXT,
    payload TEXT,
    status TEXT NOT NULL,
    issues TEXT,
    has_warning INTEGER NOT NULL DEFAULT 0,
    reason TEXT,
    reason_group TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    attempt_id INTEGER,
    uncertain INTEGER NOT NULL DEFAULT 0,
    edited INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    lead_seqs TEXT NOT NULL,
    outcome TEXT,
    reply TEXT
  );
  CREATE INDEX attempts_open ON attempts(job_id) WHERE finished_at IS NULL;
  CREATE TABLE ledger (
    server TEXT NOT NULL,
    campaign INTEGER NOT NULL,
    hash TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (server, campaign, hash)
  ) WITHOUT ROWID;
  `,
  // v2: the fingerprint of the source file, to warn when the same file is uploaded twice.
  `
  ALTER TABLE jobs ADD COLUMN fingerprint TEXT;
  CREATE INDEX jobs_fingerprint ON jobs(fingerprint);
  `,
  // v3: the canary's and the refusal guard's durable state: where they count from, and a pause they made.
  `
  ALTER TABLE jobs ADD COLUMN safety_json TEXT;
  `,
  // v4: corrections. A lead is "fixed" when a person changed it after it was refused or found invalid
  // (resubmitting sends those only); `original` keeps its cells as read before the first change;
  // `skipped_from` the status a skipped lead had. A job can be sent for its fixed leads only
  // (`send_only`). Every edit and bulk action is kept with each lead's state before and after it, so
  // that it can be undone and redone after a restart (see edit-history.ts).
  `
  ALTER TABLE leads ADD COLUMN fixed INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE leads ADD COLUMN original TEXT;
  ALTER TABLE leads ADD COLUMN skipped_from TEXT;
  ALTER TABLE jobs ADD COLUMN send_only TEXT;
  CREATE TABLE edits (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id INTEGER NOT NULL,
    at TEXT NOT NULL,
    label TEXT NOT NULL,
    rows INTEGER NOT NULL DEFAULT 0,
    undone INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX edits_job ON edits(job_id, id);
  CREATE TABLE edit_rows (
    edit_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    before TEXT NOT NULL,
    after TEXT NOT NULL,
    PRIMARY KEY (edit_id, seq)
  ) WITHOUT ROWID;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function migrate(db: DatabaseSync, upTo = SCHEMA_VERSION): number {
  const current = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
  if (current > SCHEMA_VERSION) {
    throw new Error(
      `The job store was written by a newer version of this app (schema ${current}, this app knows ${SCHEMA_VERSION}).`,
    );
  }
  for (let version = current; version < upTo; version++) {
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(MIGRATIONS[version]);
      db.exec(`PRAGMA user_version = ${version + 1}`);
      db.exec('COMMIT');
    } catch (error) {
      // A full disk may have rolled the transaction back already; a second rollback would hide the cause.
      if (db.isTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }
  return upTo;
}
