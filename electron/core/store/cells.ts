/**
 * How a row's cells are kept in the job store: joined by the unit separator (U+001F) behind a leading
 * one, instead of JSON. Joining and splitting cost a fraction of JSON.stringify/parse, and a million rows
 * store about a tenth fewer bytes. A row whose cells hold the separator themselves, or the record
 * separator (U+001E) that strings rows together on their way to the store (never seen in a real lead
 * list, but possible), falls back to JSON, which never starts with U+001F and escapes both; so does a
 * row without cells, which joining could not tell from one empty cell. Stores written before this format
 * hold JSON and read back the same way.
 */
const SEPARATOR = '\x1f';
const RECORD = '\x1e';

export function encodeCells(cells: readonly string[]): string {
  if (cells.length === 0) return '[]';
  const joined = cells.join(SEPARATOR);
  // n cells joined have exactly n - 1 separators unless a cell brought its own.
  if (occurrences(joined, SEPARATOR) > cells.length - 1 || joined.includes(RECORD)) return JSON.stringify(cells);
  return SEPARATOR + joined;
}

export function decodeCells(text: string): string[] {
  return text.charCodeAt(0) === 0x1f ? text.slice(1).split(SEPARATOR) : (JSON.parse(text) as string[]);
}

/**
 * Many rows' cells, each as encodeCells gives it, strung together by U+001E: one string crosses from
 * the reading thread to the storing one in a fraction of the time thousands take. The rows are put
 * together piece by piece, cheaper than joining each row and then the rows. Whether a cell brought a
 * separator of its own is known for free when the text the rows were parsed from held none
 * (`cellsArePlain`, see watchText); otherwise one count of each separator afterwards tells, and only
 * then is each row encoded on its own.
 */
export function encodeCellRows(rows: readonly (readonly string[])[], cellsArePlain = false): string {
  let text = '';
  let cellCount = 0;
  for (let r = 0; r < rows.length; r++) {
    const cells = rows[r];
    if (cells.length === 0) return rows.map(encodeCells).join(RECORD);
    text += r === 0 ? SEPARATOR : RECORD + SEPARATOR;
    text += cells[0];
    for (let c = 1; c < cells.length; c++) text += SEPARATOR + cells[c];
    cellCount += cells.length;
  }
  if (cellsArePlain) return text;
  // Each row put one separator before each of its cells, and a record separator stands between rows.
  if (occurrences(text, SEPARATOR) === cellCount && occurrences(text, RECORD) === rows.length - 1) return text;
  return rows.map(encodeCells).join(RECORD);
}

/** encodeCellRows' string → each row's stored text; `count` is the number of rows it holds. */
export function splitCellRows(text: string, count: number): string[] {
  if (count === 0) return [];
  const rows = text.split(RECORD);
  if (rows.length !== count) throw new Error(`a batch of ${count} rows came with the cells of ${rows.length}`);
  return rows;
}

/**
 * Whether the text holds either of the separators. A reader that knows its cells hold neither saves the
 * store a search of every row (ReadControl.onCellsPlain; the workbook reader's string table and cells).
 */
export const holdsSeparator = (text: string): boolean => text.includes(SEPARATOR) || text.includes(RECORD);

/**
 * Watches the text that rows are parsed from: while none of it holds either separator, no cell parsed
 * from it can. One search of each piece of text (a fast scan of a megabyte) instead of one of every cell.
 * A workbook reader, whose cells come from a string table and numbers rather than one text, says itself
 * whether its cells so far are plain (`onCellsPlain`).
 */
export function watchText() {
  let seen = false;
  let separators = false;
  return {
    onText(text: string): void {
      seen = true;
      if (!separators && holdsSeparator(text)) separators = true;
    },
    onCellsPlain(plain: boolean): void {
      seen = true;
      if (!plain) separators = true;
    },
    /** Whether every cell parsed so far is known to hold neither separator. */
    cellsArePlain: (): boolean => seen && !separators,
  };
}

function occurrences(text: string, char: string): number {
  let found = 0;
  for (let at = text.indexOf(char); at !== -1; at = text.indexOf(char, at + 1)) found++;
  return found;
}
