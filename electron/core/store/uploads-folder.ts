/**
 * Files copied in by browser mode live in `<data folder>/uploads/<id>/<name>`. A copy is only needed
 * while its job exists: it goes when the job is deleted or its read fails, and copies no job refers to
 * (a file chosen and then abandoned, a process that died mid-copy) go when a host starts.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

export const uploadsFolder = (dataDir: string) => resolve(dataDir, 'uploads');

/** The upload folder (`uploads/<id>`) a file path lies in, if it lies in one. */
function uploadFolderOf(dataDir: string, filePath: string): string | undefined {
  const root = uploadsFolder(dataDir);
  const rel = relative(root, resolve(filePath));
  if (!rel || rel.startsWith('..') || rel.startsWith(sep)) return undefined;
  const [id, ...rest] = rel.split(sep);
  return rest.length ? join(root, id) : undefined;
}

/** Removes the uploaded copy behind a job's file; a file elsewhere (the app, the CLI) is never touched. */
export function removeUpload(dataDir: string, filePath: string): boolean {
  const folder = uploadFolderOf(dataDir, filePath);
  if (!folder) return false;
  rmSync(folder, { recursive: true, force: true });
  return true;
}

/** Removes every upload folder that none of `keep` (the jobs' file paths) lies in. Returns how many. */
export function removeOrphanUploads(dataDir: string, keep: Iterable<string>): number {
  const wanted = new Set<string>();
  for (const path of keep) {
    const folder = uploadFolderOf(dataDir, path);
    if (folder) wanted.add(folder);
  }
  let entries: string[];
  try {
    entries = readdirSync(uploadsFolder(dataDir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  let removed = 0;
  for (const entry of entries) {
    const folder = join(uploadsFolder(dataDir), entry);
    if (wanted.has(folder)) continue;
    rmSync(folder, { recursive: true, force: true });
    removed++;
  }
  return removed;
}
