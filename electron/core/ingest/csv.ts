/**
 * CSV, TSV and TXT files, streamed: bytes → TextDecoder (streaming, so a character split across chunks
 * survives) → papaparse → batches of rows. Never holds the whole file.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Transform } from 'node:stream';
import Papa from 'papaparse';
import { detectDelimiter, detectHeaderRow, uniqueHeaders } from '../../../shared/ingest/headers.ts';
import { UserError } from '../errors.ts';
import { fingerprintFile, readHead } from './fingerprint.ts';
import { isBlankRow, padCells, raggedProblem } from './rows.ts';
import { detectEncoding, sniffBinary, type TextSniff } from './sniff.ts';
import {
  BATCH_ROWS,
  MAX_COLUMNS,
  MAX_FIELD_CHARS,
  MAX_RECORD_CHARS,
  PREVIEW_ROWS,
  type ReadControl,
  type SourceInfo,
  type SourceOptions,
  type SourceRow,
  TOP_ROWS,
} from './types.ts';

const SAMPLE_BYTES = 512 * 1024;

interface CsvLayout {
  sniff: TextSniff;
  delimiter: string;
}

const ENCODING_ALIASES: Record<string, string> = {
  latin1: 'windows-1252',
  cp1252: 'windows-1252',
  ansi: 'windows-1252',
  utf8: 'utf-8',
};

async function layoutOf(path: string, options: SourceOptions): Promise<{ layout: CsvLayout; sample: string; size: number }> {
  const name = basename(path);
  const { size } = await stat(path);
  if (size === 0) throw new UserError('empty-file', `${name}: the file is empty`);
  const head = await readHead(path, Math.min(size, SAMPLE_BYTES));
  let sniff = detectEncoding(head);
  if (options.encoding) {
    const wanted = ENCODING_ALIASES[options.encoding.toLowerCase()] ?? options.encoding.toLowerCase();
    try {
      new TextDecoder(wanted);
    } catch {
      throw new UserError(
        'bad-encoding',
        `${name}: unknown encoding "${options.encoding}" (try utf-8, utf-16le or windows-1252)`,
      );
    }
    sniff = { encoding: wanted, bomLength: sniff.bomLength };
  }
  const binary = sniffBinary(head, sniff.encoding);
  if (binary.binary) throw new UserError('not-text', `${name}: this is ${binary.what}, not a CSV or text file`);
  let sample = new TextDecoder(sniff.encoding).decode(head.subarray(sniff.bomLength));
  if (size > head.length) {
    const lastBreak = Math.max(sample.lastIndexOf('\n'), sample.lastIndexOf('\r'));
    if (lastBreak < 0) {
      throw new UserError(
        'line-too-long',
        `${name}: the first line is longer than ${SAMPLE_BYTES / 1024} KB: this is not a list of leads (one value per column, one lead per line)`,
      );
    }
    sample = sample.slice(0, lastBreak);
  }
  if (sample.trim() === '') throw new UserError('empty-file', `${name}: the file has no text in it`);
  const delimiter = options.delimiter ?? detectDelimiter(sample);
  return { layout: { sniff, delimiter }, sample, size };
}

/** The layout and the first rows: what both an inspection and a read need (a read not the fingerprint). */
async function headOf(path: string, options: SourceOptions) {
  const name = basename(path);
  const { layout, sample, size } = await layoutOf(path, options);
  const parsed = Papa.parse<string[]>(sample, { delimiter: layout.delimiter, preview: 200 });
  const rows = parsed.data.filter((r) => !isBlankRow(r));
  const headerRow = options.headerRow ?? detectHeaderRow(parsed.data.slice(0, 20));
  const rawHeaders = parsed.data[headerRow - 1] ?? [];
  if (rows.length === 0) throw new UserError('empty-file', `${name}: the file has no rows`);
  const wide = parsed.data.findIndex((r) => r.length > MAX_COLUMNS);
  if (wide >= 0) throw tooManyColumns(name, wide + 1, parsed.data[wide].length);
  if (headerRow > parsed.data.length) throw new UserError('bad-header-row', `${name}: there is no row ${headerRow}`);
  return { name, layout, size, sampleRows: parsed.data, headerRow, rawHeaders };
}

export async function inspectCsv(path: string, options: SourceOptions): Promise<SourceInfo> {
  const { name, layout, sampleRows, headerRow, rawHeaders } = await headOf(path, options);
  return {
    fileName: name,
    kind: 'csv',
    sheets: [],
    encoding: layout.sniff.encoding,
    delimiter: layout.delimiter,
    headerRow,
    headers: uniqueHeaders(rawHeaders),
    rawHeaders,
    topRows: sampleRows.slice(0, TOP_ROWS),
    previewRows: sampleRows
      .slice(headerRow)
      .filter((r) => !isBlankRow(r))
      .slice(0, PREVIEW_ROWS)
      .map((r) => padCells(r, rawHeaders.length)),
    fingerprint: await fingerprintFile(path),
  };
}

export async function* readCsv(path: string, options: SourceOptions, control: ReadControl = {}): AsyncGenerator<SourceRow[]> {
  const { name, layout, size, headerRow, rawHeaders } = await headOf(path, options);
  const width = rawHeaders.length;

  const pending: string[][][] = [];
  let finished = false;
  let failure: Error | undefined;
  let parserRef: Papa.Parser | undefined;
  let paused = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  let quoteError: number | undefined;
  let rowsSeen = 0;

  const file = createReadStream(path, { start: layout.sniff.bomLength, highWaterMark: 1 << 20 });
  let bytesRead = layout.sniff.bomLength;
  file.on('data', (chunk) => {
    bytesRead += chunk.length;
  });
  const decoder = new TextDecoder(layout.sniff.encoding);
  const maxRecordChars = control.maxRecordChars ?? MAX_RECORD_CHARS;
  // Text decoded since papaparse last completed a row: grows without bound only inside a runaway record.
  let charsSinceRow = 0;
  const text = new Transform({
    readableObjectMode: true,
    // A few decoded chunks at most wait for the parser while the consumer is busy.
    readableHighWaterMark: 4,
    transform(chunk: Buffer, _enc, done) {
      const s = decoder.decode(chunk, { stream: true });
      charsSinceRow += s.length;
      if (charsSinceRow > maxRecordChars) {
        const row = (rowsSeen + 1).toLocaleString('en-AU');
        failure = new UserError(
          'record-too-long',
          `${name}: row ${row} runs on for more than ${formatSize(maxRecordChars)} without ending: a quote opened there is probably never closed`,
        );
        file.destroy();
        notify();
        done();
        return;
      }
      if (s) control.onText?.(s);
      done(null, s || undefined);
    },
    flush(done) {
      const s = decoder.decode();
      if (s) control.onText?.(s);
      done(null, s || undefined);
    },
  });
  file.on('error', (e) => text.destroy(e));
  file.pipe(text);

  Papa.parse<string[]>(text as unknown as File, {
    delimiter: layout.delimiter,
    chunk(results, parser) {
      parserRef = parser;
      for (const e of results.errors) {
        if (e.code === 'MissingQuotes' && quoteError === undefined) quoteError = rowsSeen + (e.row ?? 0) + 1;
      }
      rowsSeen += results.data.length;
      if (results.data.length > 0) charsSinceRow = 0;
      pending.push(results.data);
      if (pending.length >= 2 && !paused) {
        // papaparse's pause stops its parsing but not its reading: it would go on queueing the rest of the
        // file. Pausing the text stream it reads from is what holds the file back.
        paused = true;
        text.pause();
        parser.pause();
      }
      notify();
    },
    complete() {
      finished = true;
      notify();
    },
    error(error: Error) {
      failure = error;
      notify();
    },
  });

  const abort = () => {
    failure = new UserError('cancelled', `${name}: reading was cancelled`);
    file.destroy();
    notify();
  };
  control.signal?.addEventListener('abort', abort, { once: true });

  let rowNumber = 0;
  let dataRows = 0;
  let batch: SourceRow[] = [];
  try {
    while (true) {
      if (failure) throw failure;
      const chunk = pending.shift();
      if (!chunk) {
        if (finished) break;
        if (paused) {
          paused = false;
          text.resume();
          parserRef?.resume();
          // Resuming can parse and deliver rows at once, before anything waits for them: look again.
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        continue;
      }
      for (const cells of chunk) {
        rowNumber++;
        if (rowNumber <= headerRow || isBlankRow(cells)) continue;
        if (cells.length > MAX_COLUMNS) throw tooManyColumns(name, rowNumber, cells.length);
        for (let c = 0; c < cells.length; c++) {
          if (cells[c].length > MAX_FIELD_CHARS) {
            if (/[\r\n]/.test(cells[c])) {
              throw new UserError(
                'unclosed-quote',
                `${name}: the quote opened in row ${rowNumber.toLocaleString('en-AU')}, column ${c + 1} is never closed and swallows the rest of the file`,
              );
            }
            throw new UserError(
              'field-too-long',
              `${name}: row ${rowNumber.toLocaleString('en-AU')}, column ${c + 1} holds a value over ${formatSize(MAX_FIELD_CHARS)}: this is not a list of leads`,
            );
          }
        }
        const problem = raggedProblem(cells.length, width);
        batch.push(problem ? { rowNumber, cells: padCells(cells, width), problem } : { rowNumber, cells });
        dataRows++;
        if (batch.length >= BATCH_ROWS) {
          if (quoteError !== undefined) break;
          control.onProgress?.({ rowsRead: dataRows, bytesRead, totalBytes: size });
          yield batch;
          batch = [];
        }
      }
      if (failure) throw failure;
    }
    if (quoteError !== undefined) {
      throw new UserError(
        'unclosed-quote',
        `${name}: the quote opened in row ${quoteError.toLocaleString('en-AU')} is never closed and swallows the rest of the file`,
      );
    }
    if (dataRows === 0) throw new UserError('no-data', `${name}: there are no data rows below the header (row ${headerRow})`);
    control.onProgress?.({ rowsRead: dataRows, bytesRead: size, totalBytes: size });
    if (batch.length) yield batch;
  } finally {
    control.signal?.removeEventListener('abort', abort);
    file.destroy();
  }
}

function tooManyColumns(name: string, rowNumber: number, columns: number): UserError {
  return new UserError(
    'too-many-columns',
    `${name}: row ${rowNumber.toLocaleString('en-AU')} has ${columns.toLocaleString('en-AU')} columns, more than the ${MAX_COLUMNS.toLocaleString('en-AU')} a spreadsheet can hold: this is not a list of leads (check the delimiter)`,
  );
}

function formatSize(chars: number): string {
  return chars >= 1 << 20 ? `${Math.round(chars / (1 << 20))} MB` : `${Math.round(chars / 1024)} KB`;
}
