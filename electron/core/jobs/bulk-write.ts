/**
 * How a correction's parts reach the store. A change of one part (a cell edit) commits as every commit
 * does, on disk before it returns. A larger one commits without waiting for the disk and with automatic
 * checkpoints off, as a file's read does (see the top of job-store.ts): a wait for the disk, or a
 * checkpoint of a hundred thousand changed rows, would hold the app's main thread for seconds. The
 * checkpoint that follows, on a thread of its own (store/checkpoint.ts), syncs the log first; the next
 * commit that waits (a sending job's) carries it too. Until then a power cut, not a crash of the app, can
 * lose the end of the change: whole parts, each written with the job's counts, never half of one, so what
 * is left is still a consistent, smaller edit.
 */
import type { JobStore } from '../store/job-store.ts';

/** Rows read or written at a time; between them the event loop gets its turn. */
export const SLICE = 500;
/** Checking rows gives the event loop its turn at least this often (ms): the app's window must not stall. */
export const TURN_MS = 15;

export interface EditProgress {
  jobId: string;
  label: string;
  phase: 'checking' | 'saving' | 'undoing' | 'redoing';
  done: number;
  total?: number;
}

export function createPartWriter(store: Pick<JobStore, 'deferCheckpoints' | 'unsynced'>) {
  let resumeCheckpoints: (() => void) | undefined;
  return {
    /** Writes one part; `more` says that others follow (the change is large from then on). */
    write(part: () => void, more: boolean): void {
      if (more && !resumeCheckpoints) resumeCheckpoints = store.deferCheckpoints();
      if (resumeCheckpoints) store.unsynced(part);
      else part();
    },
    /** After the last part, or when the change stops part-way: checkpoints run again. */
    close(): void {
      resumeCheckpoints?.();
      resumeCheckpoints = undefined;
    },
  };
}
