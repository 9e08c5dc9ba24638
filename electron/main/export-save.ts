/**
 * The `app:saveExport` channel: the renderer asks to keep an exported report; main shows a save dialog and
 * copies it. Only files the core wrote into the exports folder may be copied, so a compromised page cannot
 * use it to carry other files (keys.json, the job store) out through the dialog.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { z } from 'zod';

export const SAVE_EXPORT_REQUEST = z.object({
  path: z.string().min(1),
  fileName: z.string().min(1).max(255),
});
export type SaveExportRequest = z.infer<typeof SAVE_EXPORT_REQUEST>;

export function isInsideExports(path: string, exportsDir: string): boolean {
  const rel = relative(resolve(exportsDir), resolve(path));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** A file name fit for a save dialog's default: no folders, no characters Windows refuses. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[<>:"|?*\u0000-\u001f]/g, '_').trim();
  return cleaned && cleaned !== '.' && cleaned !== '..' ? cleaned : 'export.csv';
}
