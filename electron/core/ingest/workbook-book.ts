/**
 * XLSX, XLS and ODS through SheetJS. A workbook is read whole (the formats are zipped or compound
 * files, so they cannot be streamed); rows are then handed out in batches. Cells arrive as the user sees
 * them (formatted text), with numbers and dates kept raw. This module runs inside the workbook worker
 * (workbook-worker.ts) so that a long parse never holds up the app, and in-process when there is none.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { detectHeaderRow, uniqueHeaders } from '../../../shared/ingest/headers.ts';
import { UserError } from '../errors.ts';
import { fingerprintFile } from './fingerprint.ts';
import { isBlankRow, looksLikeTable, padCells, raggedProblem } from './rows.ts';
import {
  BATCH_ROWS,
  PREVIEW_ROWS,
  type ReadProgress,
  type SourceInfo,
  type SourceOptions,
  type SourceRow,
  TOP_ROWS,
} from './types.ts';

type Cell = XLSX.CellObject;
interface LoadedWorkbook {
  key: string;
  book: XLSX.WorkBook;
}

/** The last workbook read, so that inspecting then importing the same file parses it once. */
let lastLoaded: LoadedWorkbook | undefined;

export async function loadWorkbook(path: string): Promise<XLSX.WorkBook> {
  const name = basename(path);
  const info = await stat(path);
  const key = `${path}:${info.size}:${info.mtimeMs}`;
  if (lastLoaded?.key === key) return lastLoaded.book;
  if (info.size === 0) throw new UserError('empty-file', `${name}: the file is empty`);
  const bytes = await readFile(path);
  const ext = extname(path).toLowerCase();
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const compound = bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
  const markup = bytes.subarray(0, 512).toString('latin1').trimStart().startsWith('<');
  if (!zip && !compound && !(ext === '.xls' && markup)) {
    throw new UserError(
      'not-workbook',
      `${name}: this is not a ${ext.slice(1).toUpperCase()} workbook (its contents do not match the file type)`,
    );
  }
  let book: XLSX.WorkBook;
  try {
    book = XLSX.read(bytes, { dense: true, cellDates: true, cellNF: true, cellHTML: false, WTF: false });
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    if (/password|encrypt/i.test(message)) {
      throw new UserError(
        'password-protected',
        `${name}: the workbook is password-protected: open it in Excel, remove the password (File › Info › Protect Workbook) and save it again`,
      );
    }
    throw new UserError('corrupt-workbook', `${name}: the workbook could not be read, it may be damaged (${message})`);
  }
  if (compound && ext !== '.xls' && book.SheetNames.length === 0) {
    throw new UserError('password-protected', `${name}: the workbook is password-protected or damaged`);
  }
  lastLoaded = { key, book };
  return book;
}

function sheetRows(sheet: XLSX.WorkSheet): (Cell[] | undefined)[] {
  return (sheet['!data'] as (Cell[] | undefined)[] | undefined) ?? [];
}

export function cellText(cell: Cell | undefined): string {
  if (!cell || cell.v === undefined || cell.v === null) return '';
  if (cell.t === 'e') return '';
  if (cell.w !== undefined) return cell.w;
  if (cell.v instanceof Date) return cell.v.toISOString();
  return String(cell.v);
}

export function cellRaw(cell: Cell | undefined): number | Date | undefined {
  if (!cell) return undefined;
  if (cell.t === 'n' && typeof cell.v === 'number') return cell.v;
  if (cell.t === 'd' && cell.v instanceof Date) return new Date(Math.round(cell.v.getTime() / 60_000) * 60_000);
  return undefined;
}

function rowTexts(row: Cell[] | undefined, width: number): string[] {
  const out: string[] = new Array(Math.max(width, row?.length ?? 0));
  for (let c = 0; c < out.length; c++) out[c] = cellText(row?.[c]);
  return out;
}

function chooseSheet(book: XLSX.WorkBook, name: string, wanted?: string): string {
  if (wanted !== undefined) {
    if (!book.SheetNames.includes(wanted)) {
      throw new UserError('no-sheet', `${name}: there is no sheet "${wanted}" (sheets: ${book.SheetNames.join(', ')})`);
    }
    return wanted;
  }
  // The first sheet that holds a table, else the first with any text (see looksLikeTable).
  const topOf = (s: string) => {
    const rows = sheetRows(book.Sheets[s]);
    return Array.from({ length: Math.min(rows.length, 40) }, (_, i) => rowTexts(rows[i], 0));
  };
  const table = book.SheetNames.find((s) => looksLikeTable(topOf(s)));
  if (table !== undefined) return table;
  const first = book.SheetNames.find((s) => sheetRows(book.Sheets[s]).some((r) => r?.some((c) => cellText(c) !== '')));
  if (!first) throw new UserError('empty-file', `${name}: every sheet of the workbook is empty`);
  return first;
}

export async function inspectBook(path: string, options: SourceOptions): Promise<SourceInfo> {
  const name = basename(path);
  const book = await loadWorkbook(path);
  const sheet = chooseSheet(book, name, options.sheet);
  const rows = sheetRows(book.Sheets[sheet]);
  const width = XLSX.utils.decode_range(book.Sheets[sheet]['!ref'] ?? 'A1').e.c + 1;
  // The sheet's row array has holes for empty rows: index it rather than map over it.
  const top = Array.from({ length: Math.min(rows.length, 40) }, (_, i) => rowTexts(rows[i], width));
  const headerRow = options.headerRow ?? detectHeaderRow(top.slice(0, 20));
  if (headerRow > rows.length) throw new UserError('bad-header-row', `${name}: sheet "${sheet}" has no row ${headerRow}`);
  const rawHeaders = trimTrailingEmpty(rowTexts(rows[headerRow - 1], width));
  const preview: string[][] = [];
  for (let r = headerRow; r < rows.length && preview.length < PREVIEW_ROWS; r++) {
    const cells = rowTexts(rows[r], rawHeaders.length);
    if (!isBlankRow(cells)) preview.push(cells);
  }
  return {
    fileName: name,
    kind: 'workbook',
    sheets: book.SheetNames,
    sheet,
    headerRow,
    headers: uniqueHeaders(rawHeaders),
    rawHeaders,
    topRows: top.slice(0, TOP_ROWS).map(trimTrailingEmpty),
    previewRows: preview,
    fingerprint: await fingerprintFile(path),
  };
}

function trimTrailingEmpty(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === '') end--;
  return cells.slice(0, end);
}

export interface WorkbookBatch {
  rows: SourceRow[];
  progress: ReadProgress;
}

/** The data rows of the chosen sheet below its header, in batches; progress counts rows. */
export function* workbookBatches(path: string, book: XLSX.WorkBook, info: SourceInfo, size: number): Generator<WorkbookBatch> {
  const name = basename(path);
  const rows = sheetRows(book.Sheets[info.sheet as string]);
  const width = info.rawHeaders.length;
  let batch: SourceRow[] = [];
  let dataRows = 0;
  for (let r = info.headerRow; r < rows.length; r++) {
    const row = rows[r];
    const cells = trimTrailingEmpty(rowTexts(row, width));
    if (isBlankRow(cells)) continue;
    let raw: (number | Date | undefined)[] | undefined;
    for (let c = 0; c < (row?.length ?? 0); c++) {
      const value = cellRaw(row?.[c]);
      if (value !== undefined) {
        raw ??= [];
        raw[c] = value;
      }
    }
    const problem = cells.length > width ? raggedProblem(cells.length, width) : undefined;
    const sourceRow: SourceRow = { rowNumber: r + 1, cells: padCells(cells, width) };
    if (raw) sourceRow.raw = raw;
    if (problem) sourceRow.problem = problem;
    batch.push(sourceRow);
    dataRows++;
    if (batch.length >= BATCH_ROWS) {
      yield { rows: batch, progress: { rowsRead: dataRows, bytesRead: Math.round((size * r) / rows.length), totalBytes: size } };
      batch = [];
    }
  }
  if (dataRows === 0)
    throw new UserError('no-data', `${name}: sheet "${info.sheet}" has no data rows below the header (row ${info.headerRow})`);
  yield { rows: batch, progress: { rowsRead: dataRows, bytesRead: size, totalBytes: size } };
}

/** Releases the cached workbook (its memory) once a read is finished. */
export function forgetWorkbook(): void {
  lastLoaded = undefined;
}
