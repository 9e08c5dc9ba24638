/**
 * Checkpoints of the job store's write-ahead log, kept out of the way of a bulk write.
 *
 * SQLite copies the log into the database every 1,000 pages, inside whichever commit crosses the mark.
 * Reading a million-row file, that is a third of the time spent storing it, on the thread that stores.
 * While a file is read the automatic checkpoints are off (the log only grows, every commit still on disk);
 * afterwards one passive checkpoint runs in a worker thread with its own connection, and the automatic
 * ones resume when it is done. Without a worker (a bundle that did not emit one) nothing is deferred.
 */

import type { DatabaseSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';
import { findWorkerEntry } from '../worker-entry.ts';

const AUTO_CHECKPOINT_PAGES = 1000;

export interface CheckpointControl {
  /** Turns automatic checkpoints off until the returned function is called. */
  defer(): () => void;
  /** Resolves when no background checkpoint is running. */
  settled(): Promise<void>;
  /** The database is closing: a running checkpoint finishes on its own connection and touches this one no more. */
  close(): void;
}

export function createCheckpointControl(db: DatabaseSync, file: string, onError: (message: string) => void): CheckpointControl {
  const entry = findWorkerEntry('checkpoint-worker', import.meta.url);
  let deferred = 0;
  let running: { worker: Worker; done: Promise<void> } | undefined;
  let closed = false;
  const setAuto = (pages: number) => {
    if (!closed) db.exec(`PRAGMA wal_autocheckpoint = ${pages}`);
  };

  const checkpointInBackground = (worker: Worker): Promise<void> =>
    new Promise<void>((resolve) => {
      worker.once('message', (reply: { ok: boolean; message?: string }) => {
        if (!reply.ok) onError(`checkpoint of the job store failed: ${reply.message}`);
      });
      worker.once('error', (error) => onError(`checkpoint of the job store failed: ${error.message}`));
      worker.once('exit', () => resolve());
    }).finally(() => {
      running = undefined;
      if (deferred === 0) setAuto(AUTO_CHECKPOINT_PAGES);
    });

  return {
    defer() {
      if (!entry) return () => {};
      deferred++;
      setAuto(0);
      let resumed = false;
      return () => {
        if (resumed || closed) return;
        resumed = true;
        deferred--;
        if (deferred > 0 || running) return;
        const worker = new Worker(entry, { workerData: { file } });
        // The app may quit meanwhile: the next checkpoint (or closing the database) does the work then.
        worker.unref();
        running = { worker, done: checkpointInBackground(worker) };
      };
    },
    async settled() {
      if (!running) return;
      // Someone waits for it now: it must keep the process alive until it is done.
      running.worker.ref();
      await running.done;
    },
    close() {
      closed = true;
    },
  };
}
