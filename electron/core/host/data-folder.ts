/**
 * The data folder holds leads, so only its owner may read it: the folder is made 0700 and everything the
 * process creates afterwards 0600 (the umask below). A path that cannot be a data folder (a file, a
 * symlink loop, a read-only place) is bad usage, told in plain words, not an unexpected error.
 */
import { accessSync, chmodSync, constants, mkdirSync, statSync } from 'node:fs';
import { UserError } from '../errors.ts';

export class DataFolderError extends UserError {
  constructor(message: string) {
    super('data-folder', message);
    this.name = 'DataFolderError';
  }
}

const WHY: Record<string, string> = {
  EEXIST: 'it is a file, not a folder',
  ENOTDIR: 'a part of its path is a file, not a folder',
  ELOOP: 'its path is a loop of symbolic links',
  EACCES: 'this user may not write there',
  EPERM: 'this user may not write there',
  EROFS: 'it is on a read-only disk',
  ENOSPC: 'the disk is full',
  ENAMETOOLONG: 'its path is too long',
};

/** Plain words for why `dir` cannot serve as the data folder; undefined for an error that is not about the path. */
export function dataFolderProblem(dir: string, error: unknown): DataFolderError | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const why = code ? WHY[code] : undefined;
  return why ? new DataFolderError(`the data folder ${dir} cannot be used: ${why}`) : undefined;
}

/** Creates the data folder (0700) or checks an existing one, and makes the process's new files private. */
export function prepareDataFolder(dir: string): void {
  // Worker threads may not change the umask; the hosts call this from their main thread.
  process.umask(0o077);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'EEXIST' });
    accessSync(dir, constants.W_OK);
    // A folder made by an earlier version was 0755: other local users could read its leads.
    if (process.platform !== 'win32' && (statSync(dir).mode & 0o077) !== 0) chmodSync(dir, 0o700);
  } catch (error) {
    throw dataFolderProblem(dir, error) ?? error;
  }
}
