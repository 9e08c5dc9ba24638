import type { FileFingerprint } from '../../../shared/contract.ts';

export interface SourceOptions {
  sheet?: string;
  headerRow?: number;
  encoding?: string;
  delimiter?: string;
}

export interface SourceInfo {
  fileName: string;
  kind: 'csv' | 'workbook';
  sheets: string[];
  sheet?: string;
  encoding?: string;
  delimiter?: string;
  /** 1-based, detected unless given. */
  headerRow: number;
  /** Unique and visible: "Phone", "Phone (2)", an empty header → "Column 5". */
  headers: string[];
  /** As in the file. */
  rawHeaders: string[];
  /** The first rows of the sheet, raw, for a header-row picker. */
  topRows: string[][];
  /** The first data rows after the header. */
  previewRows: string[][];
  fingerprint: FileFingerprint;
  /**
   * About how many rows the sheet holds, when the file says so itself (a workbook sheet's `<dimension>`):
   * a hint to size the checks across the file, never a count.
   */
  rowsHint?: number;
}

export interface RowProblem {
  severity: 'error' | 'warning';
  message: string;
}

export interface SourceRow {
  /** 1-based row number in the file or sheet, header row counted, as a spreadsheet shows it. */
  rowNumber: number;
  /** As the user sees them; at least as many as there are headers (extra cells are kept). */
  cells: string[];
  /** Workbooks only: a cell's underlying number or date, else undefined. */
  raw?: (number | Date | undefined)[];
  problem?: RowProblem;
}

export interface ReadProgress {
  rowsRead: number;
  bytesRead: number;
  totalBytes: number;
}

export interface ReadControl {
  signal?: AbortSignal;
  onProgress?: (progress: ReadProgress) => void;
  /** Text files: each piece of decoded text, before any row parsed from it is yielded. */
  onText?: (text: string) => void;
  /**
   * Streamed workbooks: before each batch, whether every cell read so far is known to hold neither U+001E
   * nor U+001F (see watchText in store/cells.ts); false once one may.
   */
  onCellsPlain?: (plain: boolean) => void;
  /** Text without a single complete row before reading gives up; defaults to MAX_RECORD_CHARS. */
  maxRecordChars?: number;
}

export const BATCH_ROWS = 5000;
export const TOP_ROWS = 12;
export const PREVIEW_ROWS = 50;
/** A field longer than this means the file is not a lead list (or a quote swallowed everything). */
export const MAX_FIELD_CHARS = 1 << 20;
/** Excel's own column limit: a row wider than this is not a list of leads (and a very wide one fills memory). */
export const MAX_COLUMNS = 16_384;
/**
 * A row (record) still unfinished after this much text stops the read at once, before papaparse has
 * gathered the rest of a large file into one string. Well above what the decoder can run ahead of the
 * parser (about 18 MiB of buffered chunks), so only a runaway record reaches it.
 */
export const MAX_RECORD_CHARS = 64 << 20;
