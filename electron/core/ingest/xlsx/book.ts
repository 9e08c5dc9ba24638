/**
 * An open .xlsx/.xlsm workbook and its sheets' rows as a stream: the sheet's XML is inflated and tokenized
 * a chunk at a time, each row's cells are turned into texts and values as SheetJS would show them, and the
 * shared strings are read only as far as the rows so far refer to. Memory stays flat whatever the sheet's
 * length: a chunk of XML, the rows of one chunk, and the shared strings.
 */
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { UserError } from '../../errors.ts';
import { holdsSeparator } from '../../store/cells.ts';
import { readHead } from '../fingerprint.ts';
import { createCellReader, FormatsNeeded, loadFormats, usesFormats } from './cell-values.ts';
import { type BookLayout, readLayout, type SheetEntry } from './parts.ts';
import { SharedStrings } from './shared-strings.ts';
import { SheetByteReader } from './sheet-bytes.ts';
import { type CellTarget, SheetSink } from './sheet-xml.ts';
import { type Archive, openArchive } from './zip.ts';

/** A row as a person sees it: texts by column ('' in gaps), and numbers and dates where the cells hold them. */
export interface SheetRow {
  /** 0-based. */
  index: number;
  texts: string[];
  /** Sparse; undefined when the row holds no number or date. */
  raw: (number | Date | undefined)[] | undefined;
}

export interface StreamBook {
  fileName: string;
  archive: Archive;
  layout: BookLayout;
  strings: SharedStrings;
  /** By sheet name, the rows each sheet read so far says it holds (its `<dimension>`), when it says. */
  declaredRows: Map<string, number>;
  /** Hears a cell text that is not a shared string as it stands nor a number's digits (createCellReader). */
  noteCellText(text: string): void;
  /** Whether every cell read so far is known to hold neither U+001F nor U+001E (see holdsSeparator). */
  cellsArePlain(): boolean;
  close(): void;
}

/** What the first bytes say the file is: a zip (read here), an OLE compound file (an encrypted or old workbook), or neither. */
export async function containerOf(path: string): Promise<'zip' | 'compound' | 'other'> {
  const head = await readHead(path, 8);
  if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5)) return 'zip';
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) return 'compound';
  return 'other';
}

export async function openStreamBook(path: string): Promise<StreamBook> {
  const name = basename(path);
  const { size } = await stat(path);
  if (size === 0) throw new UserError('empty-file', `${name}: the file is empty`);
  if ((await containerOf(path)) !== 'zip') {
    const head = await readHead(path, 512);
    const text = !head.some((b) => b === 0 || (b < 9 && b !== 0));
    throw new UserError(
      'not-workbook',
      `${name}: this is not a ${extname(path).slice(1).toUpperCase()} workbook (${text ? 'it is a text file' : 'its contents do not match the file type'}): save it from Excel as .xlsx, or as .csv`,
    );
  }
  const archive = await openArchive(path);
  try {
    const layout = await readLayout(archive);
    // A workbook with number formats (dates, currencies) needs SheetJS's; others load them only if a cell
    // needs them (a number with decimals), so that a sample of most lead lists does without the module.
    if (usesFormats(layout.formats)) await loadFormats();
    const strings = new SharedStrings(archive, layout.sharedStrings);
    let otherTextSeparators = false;
    return {
      fileName: name,
      archive,
      layout,
      strings,
      declaredRows: new Map(),
      noteCellText(text) {
        if (!otherTextSeparators && holdsSeparator(text)) otherTextSeparators = true;
      },
      cellsArePlain: () => !otherTextSeparators && !strings.holdsSeparators,
      close() {
        strings.close();
        archive.close();
      },
    };
  } catch (error) {
    archive.close();
    throw error;
  }
}

/** A shared string a row refers to before the table has been read that far. */
interface Deferred {
  row: SheetRow;
  col: number;
  style: number;
  index: number;
}

/** A cell read before SheetJS's number formats were loaded, which needs them (see loadFormats). */
interface Unformatted {
  row: SheetRow;
  col: number;
  type: string;
  style: number;
  value: string | undefined;
  inline: string | undefined;
  plain: boolean;
  sharedIndex: number;
}

/**
 * Builds SheetRows from a sheet's cells as the tokenizer finds them: a row with no kept cell is left out
 * (as SheetJS leaves it), and shared strings not read yet are filled in once the table has them.
 */
class RowBuilder implements CellTarget {
  rows: SheetRow[] = [];
  deferred: Deferred[] = [];
  highestDeferred = -1;
  #unformatted: Unformatted[] = [];
  #row: SheetRow = { index: 0, texts: [], raw: undefined };
  #readCell: ReturnType<typeof createCellReader>;
  #strings: SharedStrings;

  constructor(readCell: ReturnType<typeof createCellReader>, strings: SharedStrings) {
    this.#readCell = readCell;
    this.#strings = strings;
  }

  startRow(index: number): void {
    this.#row = { index, texts: [], raw: undefined };
  }

  cell(col: number, type: string, style: number, value: string | undefined, inline: string | undefined, plain: boolean): void {
    const row = this.#row;
    if (type === 's' && value !== undefined) {
      const index = Number.parseInt(value, 10);
      if (!(index >= 0)) throw new Error(`a shared string cell holding "${value}"`);
      this.sharedString(col, style, index);
      return;
    }
    this.#read(row, col, type, style, value, inline, plain);
  }

  /** Reads a cell into its row; one that needs the number formats before they are loaded waits for them. */
  #read(
    row: SheetRow,
    col: number,
    type: string,
    style: number,
    value: string | undefined,
    inline: string | undefined,
    plain: boolean,
    sharedIndex = -1,
  ): void {
    let read: ReturnType<ReturnType<typeof createCellReader>>;
    try {
      read = this.#readCell(type, style, value, inline, plain, sharedIndex);
    } catch (error) {
      if (!(error instanceof FormatsNeeded)) throw error;
      this.#place(row, col, '');
      this.#unformatted.push({ row, col, type, style, value, inline, plain, sharedIndex });
      return;
    }
    if (!read) return;
    this.#place(row, col, read.text);
    if (read.raw !== undefined) {
      row.raw ??= [];
      row.raw[col] = read.raw;
    }
  }

  sharedString(col: number, style: number, index: number): void {
    if (index < this.#strings.count) {
      this.#read(this.#row, col, 's', style, undefined, undefined, true, index);
      return;
    }
    this.#place(this.#row, col, '');
    this.deferred.push({ row: this.#row, col, style, index });
    if (index > this.highestDeferred) this.highestDeferred = index;
  }

  #place(row: SheetRow, col: number, text: string): void {
    const texts = row.texts;
    while (texts.length < col) texts.push('');
    texts[col] = text;
  }

  endRow(): void {
    if (this.#row.texts.length > 0) this.rows.push(this.#row);
  }

  /**
   * Fills in the deferred shared strings, and the cells that wait for the number formats; throws for an
   * index past the table's end.
   */
  async resolve(fileName: string, sheetName: string): Promise<void> {
    await this.#resolveStrings(fileName, sheetName);
    if (this.#unformatted.length === 0) return;
    await loadFormats();
    const waiting = this.#unformatted;
    this.#unformatted = [];
    for (const c of waiting) this.#read(c.row, c.col, c.type, c.style, c.value, c.inline, c.plain, c.sharedIndex);
  }

  async #resolveStrings(fileName: string, sheetName: string): Promise<void> {
    if (this.deferred.length === 0) return;
    const strings = this.#strings;
    await strings.ensure(this.highestDeferred);
    if (this.highestDeferred >= strings.count) {
      throw new UserError(
        'corrupt-workbook',
        `${fileName}: the workbook is damaged: sheet "${sheetName}" refers to shared string ${this.highestDeferred.toLocaleString('en-AU')} of ${strings.count.toLocaleString('en-AU')}`,
      );
    }
    for (const { row, col, style, index } of this.deferred) this.#read(row, col, 's', style, undefined, undefined, true, index);
    this.deferred = [];
    this.highestDeferred = -1;
  }
}

/**
 * The sheet's rows with at least one cell, a batch per inflated chunk, in the order of the file.
 * `onPacked` hears the compressed bytes consumed (for progress). Leaving the loop stops the inflating.
 */
export async function* sheetRows(
  book: StreamBook,
  sheet: SheetEntry,
  onPacked?: (bytes: number) => void,
  chunkBytes?: number,
): AsyncGenerator<SheetRow[]> {
  if (!sheet.part) return;
  const { archive, strings } = book;
  const builder = new RowBuilder(
    createCellReader(book.layout.formats, (i) => strings.get(i), book.noteCellText),
    strings,
  );
  const sink = new SheetSink(builder);
  const reader = new SheetByteReader(sink, builder);
  const chunks = await archive.open(sheet.part, onPacked, chunkBytes);
  try {
    while (true) {
      let done: boolean | undefined;
      try {
        const next = await chunks.next();
        done = next.done;
        if (next.done) {
          if (!reader.finished) reader.end();
        } else reader.write(next.value);
      } catch (error) {
        if (error instanceof UserError) throw error;
        throw new UserError(
          'corrupt-workbook',
          `${book.fileName}: the workbook is damaged: sheet "${sheet.name}" is not well-formed XML (${(error as Error).message})`,
        );
      }
      if (sink.declaredRows !== undefined) book.declaredRows.set(sheet.name, sink.declaredRows);
      if (builder.rows.length > 0) {
        await builder.resolve(book.fileName, sheet.name);
        const rows = builder.rows;
        builder.rows = [];
        yield rows;
      }
      if (done || reader.finished) return;
    }
  } finally {
    await chunks.return(undefined);
  }
}
