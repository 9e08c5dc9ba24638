/**
 * Copies the job store's write-ahead log into the database on a thread of its own, with its own
 * connection, after a bulk write (see checkpoint.ts). A passive checkpoint never blocks the app's
 * connection, which goes on reading and writing meanwhile.
 */
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';

const port = parentPort;
if (!port) throw new Error('checkpoint-worker.ts runs as a worker thread only');
const { file } = workerData as { file: string };

try {
  const db = new DatabaseSync(file);
  try {
    db.exec('PRAGMA busy_timeout = 5000');
    const result = db.prepare('PRAGMA wal_checkpoint(PASSIVE)').get() as { busy: number; log: number; checkpointed: number };
    port.postMessage({ ok: true, ...result });
  } finally {
    db.close();
  }
} catch (error) {
  port.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
}
