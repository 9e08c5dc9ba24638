/**
 * The durable job store: one node:sqlite database (WAL) in the data folder, composed of one module per
 * part, all sharing one database handle (database.ts, where the commit rules are explained):
 *
 * - jobs-table.ts: jobs (create, update, list, delete with everything of theirs);
 * - leads-table.ts: a file's leads, new verdicts and cells, pages, filters, counts and reason groups;
 * - attempts.ts: sending (next leads, attempts, settlement, recovery after a crash);
 * - ledger.ts: what was delivered to a campaign.
 *
 * Every state change is one transaction; an attempt is recorded before its batch is sent and settled after
 * the reply, so a crash at any instant leaves leads either settled or "sending" (retried on restart as
 * uncertain).
 */
import { createAttempts } from './attempts.ts';
import { openStoreDatabase } from './database.ts';
import { createJobsTable } from './jobs-table.ts';
import { reasonGroupOf } from './lead-batch.ts';
import { createLeadsTable } from './leads-table.ts';
import { createLedger } from './ledger.ts';

export { base, SPAN } from './database.ts';
export { FILTERS } from './leads-table.ts';
export {
  type DerivePayload,
  emptyCounts,
  type JobRecord,
  type LeadRow,
  type LeadWrite,
  type SendableLead,
  type Settlement,
  type SourceMeta,
  type StoredTarget,
} from './records.ts';
export { reasonGroupOf };

export type JobStore = ReturnType<typeof openJobStore>;

export function openJobStore(dataDir: string, fileName = 'jobs.sqlite') {
  const database = openStoreDatabase(dataDir, fileName);
  const { db, file, transaction, unsynced, checkpoints } = database;
  return {
    /** The shared handle, for the store's other parts (edit history, safety state) and jobs/selection.ts. */
    db,
    /** The database file, for a worker thread's own read connection (jobs/remap-worker.ts). */
    file,
    transaction,
    unsynced,
    close: database.close,
    /**
     * For a bulk write (reading a file): automatic checkpoints wait until the returned function is
     * called, then run on a thread of their own (see checkpoint.ts).
     */
    deferCheckpoints: () => checkpoints.defer(),
    /** Resolves when no checkpoint runs in the background (tests, and an orderly shutdown). */
    checkpointsSettled: () => checkpoints.settled(),
    ...createJobsTable(database),
    ...createLeadsTable(database),
    ...createAttempts(database),
    ...createLedger(database),
  };
}
