/**
 * One process at a time writes a data folder: two senders on one job store would reset each other's
 * leads in flight and send them twice. The lock is an exclusive lock on a small SQLite file, held by the
 * operating system for as long as the process lives: a process killed with kill -9 leaves no stale lock
 * behind, on any platform, without guessing from pids. The holder's pid is written beside it so that the
 * next process can say who holds the folder.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { UserError } from '../errors.ts';
import { dataFolderProblem } from './data-folder.ts';

export const LOCK_FILE = 'lock.sqlite';
export const LOCK_PID_FILE = 'lock.pid';

export class DataFolderBusyError extends UserError {
  readonly pid: number | undefined;
  constructor(pid: number | undefined) {
    super('data-folder-busy', `another upload is using this data folder${pid ? ` (pid ${pid})` : ''}`);
    this.name = 'DataFolderBusyError';
    this.pid = pid;
  }
}

export interface DataFolderLock {
  readonly dataDir: string;
  release(): void;
}

const isBusy = (error: unknown) => {
  const code = (error as { errcode?: number }).errcode;
  return code !== undefined && ((code & 0xff) === 5 || (code & 0xff) === 6);
};

function holderPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dataDir, LOCK_PID_FILE), 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the data folder's lock now, or throws DataFolderBusyError naming the holder. */
export function takeDataFolderLock(dataDir: string): DataFolderLock {
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(join(dataDir, LOCK_FILE));
    // EXCLUSIVE locking mode keeps the lock from the first write until the connection closes; the
    // operating system drops it when the process ends, however it ends.
    db.exec('PRAGMA busy_timeout = 0; PRAGMA locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER, since TEXT); DELETE FROM holder');
    db.prepare('INSERT INTO holder VALUES (?, ?)').run(process.pid, new Date().toISOString());
    db.exec('COMMIT');
  } catch (error) {
    try {
      db?.close();
    } catch {
      // The connection never opened: nothing to close.
    }
    if (isBusy(error)) throw new DataFolderBusyError(holderPid(dataDir));
    throw dataFolderProblem(dataDir, error) ?? error;
  }
  writeFileSync(join(dataDir, LOCK_PID_FILE), `${process.pid}\n`);
  const held = db;
  let released = false;
  return {
    dataDir,
    release() {
      if (released) return;
      released = true;
      held.close();
    },
  };
}

/**
 * Takes the lock, waiting for the holder to finish when asked (the CLI's --wait-for-lock). `onWaiting`
 * is told once, with the holder's pid, when the wait begins.
 */
export async function lockDataFolder(
  dataDir: string,
  options: { wait?: boolean; onWaiting?: (pid: number | undefined) => void; pollMs?: number } = {},
): Promise<DataFolderLock> {
  let told = false;
  while (true) {
    try {
      return takeDataFolderLock(dataDir);
    } catch (error) {
      if (!(error instanceof DataFolderBusyError) || !options.wait) throw error;
      if (!told) options.onWaiting?.(error.pid);
      told = true;
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 250));
    }
  }
}
