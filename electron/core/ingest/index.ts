/**
 * Reading any file a campaign manager has: CSV/TSV/TXT and XLSX/XLSM streamed, XLS/ODS (and an
 * encrypted workbook, which is not a zip) through SheetJS.
 * `inspectSource` looks at the start (headers, preview, detection); `readSource` yields every row in batches.
 */
import { basename, extname } from 'node:path';
import { UserError } from '../errors.ts';
import { inspectCsv, readCsv } from './csv.ts';
import type { ReadControl, SourceInfo, SourceOptions, SourceRow } from './types.ts';

export type { ReadControl, ReadProgress, RowProblem, SourceInfo, SourceOptions, SourceRow } from './types.ts';

export const TEXT_EXTENSIONS = ['.csv', '.tsv', '.txt'];
export const WORKBOOK_EXTENSIONS = ['.xlsx', '.xlsm', '.xls', '.ods'];
/** Workbooks read as a stream (xlsx/reader.ts); the others are parsed whole by SheetJS. */
export const STREAMED_WORKBOOK_EXTENSIONS = ['.xlsx', '.xlsm'];

/** Whether the file is read as text (by its extension). */
export const isTextFile = (path: string) => TEXT_EXTENSIONS.includes(extname(path).toLowerCase());

/** Whether the file's rows are read as a stream, so that the lead reader's worker thread can read them. */
export const isStreamedFile = (path: string) =>
  isTextFile(path) || STREAMED_WORKBOOK_EXTENSIONS.includes(extname(path).toLowerCase());

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
 * The workbook readers, loaded when first needed: the lead reader's worker thread, which reads a text
 * file, starts faster without them (SheetJS itself is loaded only by the thread that parses with it).
 */
const workbooks = () => import('./workbook.ts');
const streamedBooks = () => import('./xlsx/reader.ts');

/**
 * An .xlsx or .xlsm file is streamed unless it is an OLE compound file: a password-protected workbook
 * (Excel encrypts the zip inside one) or an old .xls renamed, which SheetJS recognises and explains.
 */
async function streams(path: string): Promise<boolean> {
  if (!STREAMED_WORKBOOK_EXTENSIONS.includes(extname(path).toLowerCase())) return false;
  const { containerOf } = await import('./xlsx/book.ts');
  return (await containerOf(path)) !== 'compound';
}

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
  return guard(path, async () => {
    if (kindOf(path) === 'csv') return inspectCsv(path, options);
    // Both in the workbook worker: a sample's unzipping and parsing stay off the app's thread.
    return (await workbooks()).inspectWorkbook(path, options, await streams(path));
  });
}

export async function* readSource(
  path: string,
  options: SourceOptions = {},
  control: ReadControl = {},
): AsyncGenerator<SourceRow[]> {
  const rows =
    kindOf(path) === 'csv'
      ? readCsv(path, options, control)
      : await guard(path, async () =>
          (await streams(path))
            ? (await streamedBooks()).readXlsx(path, options, control)
            : (await workbooks()).readWorkbook(path, options, control),
        );
  while (true) {
    const next = await guard(path, () => rows.next());
    if (next.done) return;
    yield next.value;
  }
}

/** Frees a workbook kept parsed after inspectSource, when no import of it is coming. */
export async function forgetWorkbook(): Promise<void> {
  await (await workbooks()).forgetWorkbook();
}

/** Keeps a worker ready for the Load step's sample of a workbook (the app calls this as it starts). */
export { prepareWorkbookSample, workbookSampleReady } from './workbook.ts';
