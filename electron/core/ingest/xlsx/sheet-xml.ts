/**
 * What the tokenizer's events mean in a worksheet (`<sheetData>` of rows of cells) and in the strings of a
 * workbook (a shared string `<si>`, an inline `<is>`): raw cells, as written, for cell-values.ts to turn
 * into what a person sees. Sparse rows and cells keep their places (`r="C7"`); cells without a reference
 * follow the one before, as SheetJS reads them.
 */
import { MAX_COLUMNS, skimCells } from './cell-skim.ts';
import { attribute, parseAttributes, type XmlSink } from './xml-tokenizer.ts';

/** Where a sheet's cells go, as they are read. */
export interface CellTarget {
  startRow(index: number): void;
  /**
   * One cell: its 0-based column, `t` attribute ('' when absent), `s` attribute (-1 when absent), `<v>`
   * text (undefined when absent or empty) and inline string text (undefined when it has none).
   */
  /** `plain`: the value has no OOXML escapes to undo. */
  cell(col: number, type: string, style: number, value: string | undefined, inline: string | undefined, plain: boolean): void;
  /** A shared string cell (`t="s"`) whose index was read as a number. */
  sharedString(col: number, style: number, index: number): void;
  endRow(): void;
}

/** `C7` → 2; a reference without letters → -1. Letters are A–Z, as Excel writes them. */
export function columnOf(ref: string): number {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i) - 64;
    if (c < 1 || c > 26) break;
    col = col * 26 + c;
  }
  return i === 0 ? -1 : col - 1;
}

/**
 * The text of a string item (`<si>` or `<is>`), as SheetJS reads it: an item that starts with `<t>` is
 * that text; one made of rich text runs is its runs' texts joined, without phonetic guides (`<rPh>`).
 */
export class RichText {
  #depth = 0;
  #firstChild: string | undefined;
  #hasRun = false;
  #inPhonetic = 0;
  #inText = false;
  #current = '';
  #first: string | undefined;
  #all = '';

  get wantText(): boolean {
    return this.#inText;
  }

  open(name: string): void {
    if (this.#depth === 0 && this.#firstChild === undefined) this.#firstChild = name;
    this.#depth++;
    if (name === 'r') this.#hasRun = true;
    else if (name === 'rPh') this.#inPhonetic++;
    else if (name === 't' && this.#inPhonetic === 0) {
      this.#inText = true;
      this.#current = '';
    }
  }

  text(text: string): void {
    this.#current += text;
  }

  close(name: string): void {
    this.#depth--;
    if (name === 'rPh') this.#inPhonetic--;
    else if (name === 't' && this.#inText) {
      this.#inText = false;
      this.#first ??= this.#current;
      this.#all += this.#current;
    }
  }

  result(): string | undefined {
    if (this.#firstChild === 't') return unescapeOoxml(this.#first ?? '');
    return this.#hasRun ? unescapeOoxml(this.#all) : undefined;
  }
}

/** OOXML's own escapes (`_x000D_` for a character XML cannot hold) and Windows line ends, as SheetJS reads them. */
export function unescapeOoxml(text: string): string {
  let out = text;
  if (out.indexOf('_x') >= 0)
    out = out.replace(/_x([\da-fA-F]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  if (out.indexOf('\r\n') >= 0) out = out.replace(/\r\n/g, '\n');
  return out;
}

interface ShortAttributes {
  r: string | undefined;
  s: string | undefined;
  t: string | undefined;
}

/**
 * The `r`, `s` and `t` attributes of a row or cell tag, found in one pass without building the whole
 * attribute list (the sheet's hottest path); anything unusual goes through the full parser.
 */
export function scanShortAttributes(attrs: string, start: number, n: number, out: ShortAttributes): ShortAttributes {
  out.r = out.s = out.t = undefined;
  let i = start;
  while (i < n) {
    const eq = attrs.indexOf('=', i);
    if (eq < 0) break;
    const quote = attrs.charCodeAt(eq + 1);
    const end = quote === 34 || quote === 39 ? attrs.indexOf(quote === 34 ? '"' : "'", eq + 2) : -1;
    const before = attrs.charCodeAt(i);
    const spaced = before === 32 || before === 9 || before === 10 || before === 13;
    if (end < 0 || !spaced || eq - i < 2 || attrs.charCodeAt(eq - 1) <= 32) return fullAttributes(attrs.slice(start, n), out);
    if (eq - i === 2) {
      const name = attrs.charCodeAt(i + 1);
      if (name === 114 || name === 115 || name === 116) {
        const value = attrs.slice(eq + 2, end);
        if (value.indexOf('&') >= 0 || value.indexOf('<') >= 0) return fullAttributes(attrs.slice(start, n), out);
        if (name === 114) out.r = value;
        else if (name === 115) out.s = value;
        else out.t = value;
      }
    } else if (attrs.charCodeAt(i + 1) <= 32) return fullAttributes(attrs.slice(start, n), out);
    i = end + 1;
  }
  if (i < n && attrs.slice(i, n).trim() !== '') return fullAttributes(attrs.slice(start, n), out);
  return out;
}

function fullAttributes(attrs: string, out: ShortAttributes): ShortAttributes {
  const parsed = parseAttributes(attrs);
  out.r = attribute(parsed, 'r');
  out.s = attribute(parsed, 's');
  out.t = attribute(parsed, 't');
  return out;
}

/** The last row a range such as "A1:L1000001" (or "B7") reaches; undefined for anything else. */
export function lastRowOf(ref: string): number | undefined {
  const m = /^\$?[A-Z]{1,3}\$?(\d+)(?::\$?[A-Z]{1,3}\$?(\d+))?$/.exec(ref.trim().toUpperCase());
  if (!m) return undefined;
  const row = Number(m[2] ?? m[1]);
  return row >= 1 && row <= 1_048_576 ? row : undefined;
}

/** The cells of a worksheet's `<sheetData>`, row by row, handed to a CellTarget. */
export class SheetSink implements XmlSink {
  wantText = false;
  /** `</sheetData>` was seen: nothing after it is needed. */
  finished = false;
  /** The last row of the sheet's `<dimension ref="A1:L1000001">`, when it has one: what the sheet says of itself. */
  declaredRows: number | undefined;
  #target: CellTarget;
  #inData = false;
  #inRow = false;
  #lastRow = -1;
  #lastCol = -1;
  #inCell = false;
  #col = 0;
  #type = '';
  #style = -1;
  #value: string | undefined;
  #inline: string | undefined;
  #inValue = false;
  #rich: RichText | undefined;
  #attrs: ShortAttributes = { r: undefined, s: undefined, t: undefined };

  constructor(target: CellTarget) {
    this.#target = target;
  }

  /** Inside `<sheetData>`. */
  get inData(): boolean {
    return this.#inData;
  }

  /** The last row's index, for a row without a number that follows rows read elsewhere (sheet-bytes.ts). */
  set lastRow(index: number) {
    this.#lastRow = index;
  }

  open(name: string, source: string, attrStart: number, attrEnd: number): void {
    if (!this.#inData) {
      if (name === 'sheetData') this.#inData = true;
      else if (name === 'dimension') {
        const ref = attribute(parseAttributes(source.slice(attrStart, attrEnd)), 'ref');
        this.declaredRows = lastRowOf(ref ?? '');
      }
      return;
    }
    if (this.#rich) {
      this.#rich.open(name);
      this.wantText = this.#rich.wantText;
      return;
    }
    if (name === 'c') this.#openCell(source, attrStart, attrEnd);
    else if (name === 'v' && this.#inCell) {
      this.#inValue = true;
      this.#value = '';
      this.wantText = true;
    } else if (name === 'is' && this.#inCell) this.#rich = new RichText();
    else if (name === 'row') {
      const r = scanShortAttributes(source, attrStart, attrEnd, this.#attrs).r;
      const index = r === undefined ? this.#lastRow + 1 : Number.parseInt(r, 10) - 1;
      if (!(index >= 0)) throw new Error(`a row numbered "${r}"`);
      this.#target.startRow(index);
      this.#inRow = true;
      this.#lastRow = index;
      this.#lastCol = -1;
    }
  }

  /** Runs of cells of the common shape, read by cell-skim.ts without tag events. */
  skim(s: string, at: number): number {
    if (!this.#inRow || this.#inCell) return -1;
    const skimmed = skimCells(s, at, this.#target);
    if (skimmed === undefined) return -1;
    this.#lastCol = skimmed.lastCol;
    return skimmed.end;
  }

  #openCell(source: string, attrStart: number, attrEnd: number): void {
    const found = scanShortAttributes(source, attrStart, attrEnd, this.#attrs);
    const ref = found.r;
    const col = ref === undefined ? this.#lastCol + 1 : columnOf(ref);
    const at = col < 0 ? this.#lastCol + 1 : col;
    if (at >= MAX_COLUMNS) throw new Error(`a cell beyond Excel's last column (column ${(at + 1).toLocaleString('en-AU')})`);
    this.#lastCol = at;
    this.#inCell = true;
    this.#col = at;
    this.#type = found.t ?? '';
    this.#style = found.s === undefined ? -1 : Number.parseInt(found.s, 10);
    this.#value = undefined;
    this.#inline = undefined;
  }

  text(text: string): void {
    if (this.#rich) this.#rich.text(text);
    else this.#value += text;
  }

  close(name: string): void {
    if (!this.#inData) return;
    if (this.#rich) {
      if (name === 'is') {
        this.#inline = this.#rich.result();
        this.#rich = undefined;
      } else this.#rich.close(name);
      this.wantText = this.#rich?.wantText ?? false;
      return;
    }
    if (name === 'v' && this.#inValue) {
      if (this.#value === '') this.#value = undefined;
      this.#inValue = false;
      this.wantText = false;
    } else if (name === 'c') {
      if (this.#inCell && this.#inRow) this.#target.cell(this.#col, this.#type, this.#style, this.#value, this.#inline, false);
      this.#inCell = false;
    } else if (name === 'row') {
      if (this.#inRow) this.#target.endRow();
      this.#inRow = false;
    } else if (name === 'sheetData') {
      this.#inData = false;
      this.finished = true;
    }
  }
}

/** A shared string item of plain text: no markup, entity, `_x` escape or carriage return in it. */
const PLAIN_ITEM = /<si><t(?: xml:space="preserve")?>([^<&_\r]*)<\/t><\/si>/y;

/** The items of a shared string table (`<sst>` of `<si>`), each handed to `onString` in order. */
export class SharedStringsSink implements XmlSink {
  wantText = false;
  #onString: (text: string | undefined) => void;
  #rich: RichText | undefined;

  constructor(onString: (text: string | undefined) => void) {
    this.#onString = onString;
  }

  /** Runs of plain items, `<si><t>text</t></si>`, without tag events: most of a table. */
  skim(s: string, at: number): number {
    if (this.#rich) return -1;
    let end = -1;
    PLAIN_ITEM.lastIndex = at;
    while (s.charCodeAt(PLAIN_ITEM.lastIndex + 1) === 115 /* s */) {
      const match = PLAIN_ITEM.exec(s);
      if (match === null) break;
      end = PLAIN_ITEM.lastIndex;
      this.#onString(match[1]);
    }
    return end;
  }

  open(name: string): void {
    if (this.#rich) {
      this.#rich.open(name);
      this.wantText = this.#rich.wantText;
    } else if (name === 'si') this.#rich = new RichText();
  }

  text(text: string): void {
    this.#rich?.text(text);
  }

  close(name: string): void {
    if (!this.#rich) return;
    if (name === 'si') {
      this.#onString(this.#rich.result());
      this.#rich = undefined;
      this.wantText = false;
    } else {
      this.#rich.close(name);
      this.wantText = this.#rich.wantText;
    }
  }
}
