/**
 * .xlsx and .xlsm files, streamed (book.ts): the same SourceInfo and rows as the SheetJS reader
 * (workbook-book.ts) gives, the header found and a title row skipped the same way, without holding the
 * workbook. An inspection reads the workbook's map and a sheet's first rows only.
 */
import { stat } from 'node:fs/promises';
import { detectHeaderRow, uniqueHeaders } from '../../../../shared/ingest/headers.ts';
import { UserError } from '../../errors.ts';
import { fingerprintFile } from '../fingerprint.ts';
import { isBlankRow, looksLikeTable, padCells, raggedProblem } from '../rows.ts';
import {
  BATCH_ROWS,
  PREVIEW_ROWS,
  type ReadControl,
  type SourceInfo,
  type SourceOptions,
  type SourceRow,
  TOP_ROWS,
} from '../types.ts';
import { openStreamBook, type SheetRow, type StreamBook, sheetRows } from './book.ts';
import type { SheetEntry } from './parts.ts';

/** The Load step's sample inflates the sheet in pieces of this size. */
const SAMPLE_CHUNK = 32 * 1024;

/** Rows looked at to find the header (as the SheetJS reader does). */
const HEAD_ROWS = 40;

function trimTrailingEmpty(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === '') end--;
  return end === cells.length ? cells : cells.slice(0, end);
}

/** A row's texts padded to `width` (extra cells kept). */
function rowTexts(row: SheetRow | undefined, width: number): string[] {
  const texts = row ? row.texts.slice() : [];
  while (texts.length < width) texts.push('');
  return texts;
}

function chosenSheet(book: StreamBook, wanted: string | undefined): SheetEntry | undefined {
  const { sheets } = book.layout;
  if (wanted === undefined) return undefined;
  const sheet = sheets.find((s) => s.name === wanted);
  if (!sheet) {
    throw new UserError(
      'no-sheet',
      `${book.fileName}: there is no sheet "${wanted}" (sheets: ${sheets.map((s) => s.name).join(', ')})`,
    );
  }
  return sheet;
}

interface OpenedSheet {
  sheet: SheetEntry;
  /** Its rows from the start, those read to find it first. */
  rows: AsyncGenerator<SheetRow[]>;
}

/**
 * The sheet asked for, or else the first that holds a table (looksLikeTable), or else the first with any
 * text: each sheet is read only as far as its first 40 rows, and the one chosen goes on from there (the
 * rows read so far come first).
 */
async function openSheet(
  book: StreamBook,
  wanted: string | undefined,
  onPacked?: (bytes: number) => void,
  chunkBytes?: number,
): Promise<OpenedSheet> {
  const chosen = chosenSheet(book, wanted);
  if (chosen) return { sheet: chosen, rows: sheetRows(book, chosen, onPacked, chunkBytes) };
  let withText: SheetEntry | undefined;
  for (const sheet of book.layout.sheets) {
    const rows = sheetRows(book, sheet, onPacked, chunkBytes);
    const seen: SheetRow[][] = [];
    const top: string[][] = [];
    let text = false;
    // Its first 40 rows, and on to its first text if they have none.
    for (let next = await rows.next(); !next.done; next = await rows.next()) {
      seen.push(next.value);
      for (const row of next.value) {
        if (row.index < HEAD_ROWS) top[row.index] = row.texts;
        text ||= row.texts.some((t) => t !== '');
      }
      if (text && (next.value.at(-1)?.index ?? 0) >= HEAD_ROWS - 1) break;
    }
    if (looksLikeTable(Array.from(top, (row) => row ?? []))) return { sheet, rows: withFirst(seen, rows) };
    await rows.return(undefined);
    if (text) withText ??= sheet;
  }
  if (withText) return { sheet: withText, rows: sheetRows(book, withText, onPacked, chunkBytes) };
  throw new UserError('empty-file', `${book.fileName}: every sheet of the workbook is empty`);
}

interface SheetHead {
  sheet: SheetEntry;
  headerRow: number;
  rawHeaders: string[];
  top: string[][];
  /** Rows read past the header so far, in order. */
  after: SheetRow[];
  /** The rest of the sheet. */
  more: AsyncGenerator<SheetRow[]>;
}

/** Finds the header like the SheetJS reader: the rows up to the 40th (or the given header row) are read first. */
async function readHeadOf(
  book: StreamBook,
  options: SourceOptions,
  onPacked?: (bytes: number) => void,
  chunkBytes?: number,
): Promise<SheetHead> {
  const { sheet, rows: more } = await openSheet(book, options.sheet, onPacked, chunkBytes);
  const limit = Math.max(HEAD_ROWS, options.headerRow ?? 0);
  const early: SheetRow[] = [];
  const after: SheetRow[] = [];
  let ended = true;
  // Pulled by hand: leaving a for-await loop early would end the generator, and the read goes on from here.
  for (let next = await more.next(); !next.done; next = await more.next()) {
    for (const row of next.value) (row.index < limit && after.length === 0 ? early : after).push(row);
    if (after.length > 0) {
      ended = false;
      break;
    }
  }
  const byIndex = new Map(early.map((r) => [r.index, r]));
  // As many rows as the sheet has, up to 40: SheetJS's rows run to the last one with a cell.
  const length = ended ? (early.at(-1)?.index ?? -1) + 1 : Number.POSITIVE_INFINITY;
  const top = Array.from({ length: Math.min(length, HEAD_ROWS) }, (_, i) => rowTexts(byIndex.get(i), 0));
  const headerRow = options.headerRow ?? detectHeaderRow(top.slice(0, 20));
  if (headerRow > length) {
    await more.return(undefined);
    throw new UserError('bad-header-row', `${book.fileName}: sheet "${sheet.name}" has no row ${headerRow}`);
  }
  const rawHeaders = trimTrailingEmpty(rowTexts(byIndex.get(headerRow - 1), 0));
  const rest = early.filter((r) => r.index >= headerRow).concat(after);
  return { sheet, headerRow, rawHeaders, top: top.slice(0, TOP_ROWS).map(trimTrailingEmpty), after: rest, more };
}

/** Sheet XML takes at least this many bytes a row (`<row r="1"><c r="A1"><v>1</v></c></row>` is 36). */
const MIN_ROW_BYTES = 32;

/**
 * The rows the sheet says it holds (its `<dimension>`), no more than its XML could hold: the hint sizes
 * the checks' tables up front, and a sheet that claims Excel's limit must not cost a small file 60 MB.
 */
function rowsHintOf(book: StreamBook, sheet: SheetEntry): number | undefined {
  const declared = book.declaredRows.get(sheet.name);
  const bytes = sheet.part ? (book.archive.parts.get(sheet.part)?.declaredBytes ?? 0) : 0;
  return declared === undefined ? undefined : Math.min(declared, Math.floor(bytes / MIN_ROW_BYTES));
}

export async function inspectXlsx(path: string, options: SourceOptions): Promise<SourceInfo> {
  const book = await openStreamBook(path);
  try {
    // The sample runs on the app's own thread: small pieces keep each step short, and it stops early.
    const head = await readHeadOf(book, options, undefined, SAMPLE_CHUNK);
    const preview: string[][] = [];
    const take = (rows: SheetRow[]) => {
      for (const row of rows) {
        if (preview.length >= PREVIEW_ROWS) return;
        const cells = rowTexts(row, head.rawHeaders.length);
        if (!isBlankRow(cells)) preview.push(cells);
      }
    };
    take(head.after);
    if (preview.length < PREVIEW_ROWS) {
      for await (const rows of head.more) {
        take(rows);
        if (preview.length >= PREVIEW_ROWS) break;
      }
    }
    await head.more.return(undefined);
    return {
      fileName: book.fileName,
      kind: 'workbook',
      sheets: book.layout.sheets.map((s) => s.name),
      sheet: head.sheet.name,
      headerRow: head.headerRow,
      headers: uniqueHeaders(head.rawHeaders),
      rawHeaders: head.rawHeaders,
      topRows: head.top,
      previewRows: preview,
      fingerprint: await fingerprintFile(path),
      rowsHint: rowsHintOf(book, head.sheet),
    };
  } finally {
    book.close();
  }
}

/** The data rows below the header, in batches of BATCH_ROWS, as the SheetJS reader gives them. */
export async function* readXlsx(path: string, options: SourceOptions, control: ReadControl = {}): AsyncGenerator<SourceRow[]> {
  const { size } = await stat(path);
  const book = await openStreamBook(path);
  let packed = 0;
  try {
    const head = await readHeadOf(book, options, (bytes) => {
      packed += bytes;
    });
    const sheetPacked = head.sheet.part ? (book.archive.parts.get(head.sheet.part)?.packedBytes ?? 0) : 0;
    const progress = (rowsRead: number, done = false) => ({
      rowsRead,
      bytesRead: done || sheetPacked === 0 ? size : Math.min(size, Math.round((size * packed) / sheetPacked)),
      totalBytes: size,
    });
    // The rest of the shared strings first: a sheet's rows refer to them all over, and reading them in
    // step with the rows would only interleave two inflations.
    await book.strings.loadAll();
    const width = head.rawHeaders.length;
    let batch: SourceRow[] = [];
    let dataRows = 0;
    const cancelled = () => new UserError('cancelled', `${book.fileName}: reading was cancelled`);
    for await (const rows of withFirst([head.after], head.more)) {
      if (control.signal?.aborted) throw cancelled();
      for (const row of rows) {
        // The row's texts are this read's own: trimmed and padded in place, not copied.
        const cells = row.texts;
        let last = cells.length;
        while (last > 0 && cells[last - 1] === '') last--;
        if (last === 0) continue;
        cells.length = last;
        // A row of only spaces is no lead, as in a text file.
        if (isBlankRow(cells)) continue;
        const problem = cells.length > width ? raggedProblem(cells.length, width) : undefined;
        const sourceRow: SourceRow = { rowNumber: row.index + 1, cells: padCells(cells, width) };
        if (row.raw) sourceRow.raw = row.raw;
        if (problem) sourceRow.problem = problem;
        batch.push(sourceRow);
        dataRows++;
        if (batch.length >= BATCH_ROWS) {
          control.onProgress?.(progress(dataRows));
          control.onCellsPlain?.(book.cellsArePlain());
          yield batch;
          batch = [];
        }
      }
    }
    if (dataRows === 0) {
      throw new UserError(
        'no-data',
        `${book.fileName}: sheet "${head.sheet.name}" has no data rows below the header (row ${head.headerRow})`,
      );
    }
    control.onProgress?.(progress(dataRows, true));
    control.onCellsPlain?.(book.cellsArePlain());
    if (batch.length > 0) yield batch;
  } finally {
    book.close();
  }
}

async function* withFirst<T>(first: T[], rest: AsyncGenerator<T>): AsyncGenerator<T> {
  try {
    yield* first;
    yield* rest;
  } finally {
    await rest.return(undefined);
  }
}
