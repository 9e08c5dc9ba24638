/**
 * Reading any file a campaign manager has: CSV/TSV/TXT streamed, XLSX/XLS/ODS through SheetJS.
 * `inspectSource` looks at the start (headers, preview, detection); `readSource` yields every row in batches.
 */
import { basename, extname } from 'node:path';
import { UserError } from '../errors.ts';
import { inspectCsv, readCsv } from './csv.ts';
import type { ReadControl, SourceInfo, SourceOptions, SourceRow } from './types.ts';

export type { ReadControl, ReadProgress, RowProblem, SourceInfo, SourceOptions, SourceRow } from './types.ts';

export const TEXT_EXTENSIONS = ['.csv', '.tsv', '.txt'];
export const WORKBOOK_EXTENSIONS = ['.xlsx', '.xlsm', '.xls', '.ods'];

/** Whether the file is read as text (by its extension). */
export const isTextFile = (path: string) => TEXT_EXTENSIONS.includes(extname(path).toLowerCase());

function kindOf(path: string): 'csv' | 'workbook' {
  const ext = extname(path).toLowerCase();
  if (TEXT_EXTENSIONS.includes(ext)) return 'csv';
  if (WORKBOOK_EXTENSIONS.includes(ext)) return 'workbook';
  throw new UserError(
    'unsupported-file',
    `${basename(path)}: ${ext ? `"${ext}" files are` : 'a file without an extension is'} not supported (use ${[...TEXT_EXTENSIONS, ...WORKBOOK_EXTENSIONS].join(', ')})`,
  );
}

/**
 * The workbook reader, loaded when first needed: SheetJS is a large module, and the lead reader's worker
 * thread, which reads only text files, starts faster without it.
 */
const workbooks = () => import('./workbook.ts');

async function guard<T>(path: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError('no-file', `${basename(path)}: no such file (${path})`);
    if (code === 'EACCES' || code === 'EPERM') throw new UserError('no-access', `${basename(path)}: permission denied`);
    if (code === 'EISDIR') throw new UserError('is-folder', `${basename(path)}: is a folder, not a file`);
    throw error;
  }
}

export function inspectSource(path: string, options: SourceOptions = {}): Promise<SourceInfo> {
  return guard(path, async () =>
    kindOf(path) === 'csv' ? inspectCsv(path, options) : (await workbooks()).inspectWorkbook(path, options),
  );
}

export async function* readSource(
  path: string,
  options: SourceOptions = {},
  control: ReadControl = {},
): AsyncGenerator<SourceRow[]> {
  const rows =
    kindOf(path) === 'csv' ? readCsv(path, options, control) : (await workbooks()).readWorkbook(path, options, control);
  while (true) {
    const next = await guard(path, () => rows.next());
    if (next.done) return;
    yield next.value;
  }
}

/** Frees a workbook kept parsed after inspectSource, when no import of it is coming. */
export async function forgetWorkbook(): Promise<void> {
  (await workbooks()).forgetWorkbook();
}
