/**
 * What a failure of the disk or the job store means for a person: one line that says what happened and
 * what to do. Nothing already stored is lost by any of these: a job stays where it was and `resume`
 * continues it once the cause is gone (see docs/engine.md, "When the store cannot be written").
 */
import { UserError } from '../errors.ts';

export type StorageProblem = 'full' | 'read-only' | 'corrupt' | 'locked' | 'io';

export class StorageError extends UserError {
  readonly problem: StorageProblem;
  constructor(problem: StorageProblem, message: string, options?: { cause?: unknown }) {
    super(`storage-${problem}`, message);
    this.name = 'StorageError';
    this.problem = problem;
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

// SQLite's primary result codes (the low byte of an extended code): https://sqlite.org/rescode.html
const SQLITE: Record<number, StorageProblem> = {
  5: 'locked', // SQLITE_BUSY
  6: 'locked', // SQLITE_LOCKED
  8: 'read-only', // SQLITE_READONLY
  10: 'io', // SQLITE_IOERR
  11: 'corrupt', // SQLITE_CORRUPT
  13: 'full', // SQLITE_FULL
  14: 'io', // SQLITE_CANTOPEN
  26: 'corrupt', // SQLITE_NOTADB
};

const ERRNO: Record<string, StorageProblem> = {
  ENOSPC: 'full',
  EDQUOT: 'full',
  EFBIG: 'full',
  EROFS: 'read-only',
  EIO: 'io',
};

const MESSAGE: Record<StorageProblem, string> = {
  full: 'the disk that holds the data folder is full: free some space, then resume the job (nothing already stored is lost)',
  'read-only': 'the data folder cannot be written (read-only): make it writable, then resume the job',
  corrupt:
    'the job store in the data folder is damaged: move jobs.sqlite aside (keep it for support) and start again; nothing was sent twice',
  locked: 'the job store is locked by another program: close it, then resume the job',
  io: 'the disk that holds the data folder failed to read or write: check it, then resume the job',
};

/** The StorageError for a failure of the store or the disk; undefined for any other error. */
export function storageErrorOf(error: unknown): StorageError | undefined {
  if (error instanceof StorageError) return error;
  const e = error as { code?: unknown; errcode?: unknown } | undefined;
  let problem: StorageProblem | undefined;
  if (typeof e?.errcode === 'number' && e.code === 'ERR_SQLITE_ERROR') problem = SQLITE[e.errcode & 0xff];
  else if (typeof e?.code === 'string') problem = ERRNO[e.code];
  return problem ? new StorageError(problem, MESSAGE[problem], { cause: error }) : undefined;
}

/** Runs `work`, turning a storage failure into a StorageError (any other error passes through). */
export function withStorageErrors<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw storageErrorOf(error) ?? error;
  }
}
