/**
 * A worksheet read from its inflated bytes. Most of a large sheet is rows of cells of one common shape
 * (see cell-skim.ts); those are read straight from the bytes, so the sheet is never decoded into one
 * long text (decoding was a quarter of the read). Everything else goes through the XML tokenizer: the
 * part before `<sheetData>` and after `</sheetData>`, and any row holding a cell of another shape (an
 * inline string, an entity, a prefixed tag), which is decoded and tokenized alone. xml-tokenizer.test.ts
 * checks that this reads every sheet as the tokenizer alone does.
 */
import { MAX_COLUMNS } from './cell-skim.ts';
import { ItemByteReader } from './item-bytes.ts';
import type { CellTarget, SheetSink } from './sheet-xml.ts';
import { XmlError, XmlTokenizer } from './xml-tokenizer.ts';

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const QUOTE = 0x22;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

const ONE_LETTER_TYPES: Record<number, string> = { 115: 's', 110: 'n', 98: 'b', 101: 'e', 100: 'd' };

/** A row's cells, parsed before any is handed on (a row with one unusual cell goes to the tokenizer whole). */
interface Scratch {
  count: number;
  col: number[];
  type: string[];
  style: number[];
  /** Shared string index, or -1. */
  shared: number[];
  start: number[];
  end: number[];
}

export class SheetByteReader extends ItemByteReader {
  #sink: SheetSink;
  #target: CellTarget;
  #lastRow = -1;
  #scratch: Scratch = { count: 0, col: [], type: [], style: [], shared: [], start: [], end: [] };

  constructor(sink: SheetSink, target: CellTarget) {
    super(new XmlTokenizer(sink), '</row>', 'a row');
    this.#sink = sink;
    this.#target = target;
  }

  get finished(): boolean {
    return this.#sink.finished;
  }

  protected itemsStart(b: Buffer): number {
    return headEnd(b);
  }

  protected hasItems(): boolean {
    return this.#sink.inData;
  }

  protected readItems(b: Buffer): Buffer | undefined {
    return this.#rows(b);
  }

  /** Reads whole rows; returns the bytes not read (an incomplete row, or what follows the rows). */
  #rows(b: Buffer): Buffer | undefined {
    let p = 0;
    const n = b.length;
    while (p < n) {
      while (p < n && isSpace(b[p])) p++;
      if (p >= n) return undefined;
      if (b[p] !== LT) break;
      if (p + 6 >= n) return b.subarray(p);
      if (
        b[p + 1] === 0x72 &&
        b[p + 2] === 0x6f &&
        b[p + 3] === 0x77 &&
        (isSpace(b[p + 4]) || b[p + 4] === GT || b[p + 4] === SLASH)
      ) {
        const close = b.indexOf('</row>', p);
        const gt = b.indexOf(GT, p);
        if (gt < 0) return b.subarray(p);
        if (b[gt - 1] === SLASH) {
          // An empty row: nothing in it to keep, but it counts for rows without a number.
          this.#lastRow = this.#rowNumber(b, p + 4, gt - 1);
          this.#target.startRow(this.#lastRow);
          this.#target.endRow();
          p = gt + 1;
          continue;
        }
        if (close < 0) return b.subarray(p);
        const index = this.#rowNumber(b, p + 4, gt);
        if (this.#cells(b, gt + 1, close)) this.#emit(b, index);
        else this.#fragment(b.subarray(p, close + 6));
        this.#lastRow = index;
        p = close + 6;
        continue;
      }
      break;
    }
    if (p >= n) return undefined;
    // Not a row (the end of the rows, or something unusual): the tokenizer reads on from here.
    this.leaveItems();
    this.#sink.lastRow = this.#lastRow;
    return b.subarray(p);
  }

  /** The row's number from `r="…"` in its tag's attributes, or the one after the last. */
  #rowNumber(b: Buffer, from: number, to: number): number {
    const at = b.indexOf(' r="', from);
    if (at < 0 || at >= to) return this.#lastRow + 1;
    let r = 0;
    let k = at + 4;
    while (k < to && isDigit(b[k])) r = r * 10 + b[k++] - 48;
    if (b[k] !== QUOTE || k === at + 4 || r < 1) throw new XmlError('a row with a bad number');
    return r - 1;
  }

  /** Parses the cells of a row body into the scratch; false when any is not of the common shape. */
  #cells(b: Buffer, from: number, to: number): boolean {
    const s = this.#scratch;
    s.count = 0;
    let p = from;
    while (p < to) {
      while (p < to && isSpace(b[p])) p++;
      if (p >= to) break;
      // <c r="
      if (b[p] !== LT || b[p + 1] !== 0x63 || b[p + 2] !== 32 || b[p + 3] !== 0x72 || b[p + 4] !== 0x3d || b[p + 5] !== QUOTE)
        return false;
      let q = p + 6;
      let col = 0;
      const letters = q;
      while (b[q] >= 65 && b[q] <= 90) col = col * 26 + b[q++] - 64;
      if (q === letters || q - letters > 3 || !isDigit(b[q])) return false;
      while (isDigit(b[q])) q++;
      if (b[q] !== QUOTE) return false;
      q++;
      let style = -1;
      let type = '';
      for (let attr = 0; attr < 2; attr++) {
        if (b[q] !== 32 || b[q + 2] !== 0x3d || b[q + 3] !== QUOTE) break;
        const name = b[q + 1];
        if (name === 0x73 /* s */ && style < 0) {
          q += 4;
          style = 0;
          if (!isDigit(b[q])) return false;
          while (isDigit(b[q])) style = style * 10 + b[q++] - 48;
        } else if (name === 0x74 /* t */ && type === '') {
          q += 4;
          let close = q;
          while (close < to && close - q < 4 && b[close] !== QUOTE) close++;
          if (close - q === 1) type = ONE_LETTER_TYPES[b[q]] ?? '';
          else if (close - q === 3 && b[q] === 0x73 && b[q + 1] === 0x74 && b[q + 2] === 0x72) type = 'str';
          if (type === '') return false;
          q = close;
        } else break;
        if (b[q] !== QUOTE) return false;
        q++;
      }
      let shared = -1;
      let start = -1;
      let end = -1;
      if (b[q] === SLASH && b[q + 1] === GT) q += 2;
      else if (b[q] === GT) {
        q++;
        if (b[q] === LT && b[q + 1] === 0x66 /* f */) {
          // The formula is skipped whole: only its cached value counts.
          const gt = b.indexOf(GT, q);
          if (gt < 0 || gt > to) return false;
          if (b[gt - 1] === SLASH) q = gt + 1;
          else {
            const close = b.indexOf('</f>', gt);
            if (close < 0 || close > to || b.indexOf(LT, gt + 1) !== close) return false;
            q = close + 4;
          }
        }
        if (b[q] === LT && b[q + 1] === 0x76 && b[q + 2] === GT) {
          // The value's end, and no entity in it (short: a loop costs less than a call into Buffer).
          let lt = q + 3;
          while (lt < to && b[lt] !== LT) {
            if (b[lt] === 0x26 /* & */) return false;
            lt++;
          }
          if (lt >= to || b[lt + 1] !== SLASH || b[lt + 2] !== 0x76 || b[lt + 3] !== GT) return false;
          if (lt > q + 3) {
            if (type === 's') {
              shared = 0;
              for (let k = q + 3; k < lt; k++) {
                if (!isDigit(b[k])) return false;
                shared = shared * 10 + b[k] - 48;
              }
            } else {
              start = q + 3;
              end = lt;
            }
          }
          q = lt + 4;
        }
        if (b[q] !== LT || b[q + 1] !== SLASH || b[q + 2] !== 0x63 || b[q + 3] !== GT) return false;
        q += 4;
      } else return false;
      col--;
      if (col >= MAX_COLUMNS)
        throw new XmlError(`a cell beyond Excel's last column (column ${(col + 1).toLocaleString('en-AU')})`);
      const i = s.count++;
      s.col[i] = col;
      s.type[i] = type;
      s.style[i] = style;
      s.shared[i] = shared;
      s.start[i] = start;
      s.end[i] = end;
      p = q;
    }
    return true;
  }

  #emit(b: Buffer, index: number): void {
    const s = this.#scratch;
    const target = this.#target;
    target.startRow(index);
    for (let i = 0; i < s.count; i++) {
      if (s.shared[i] >= 0) {
        target.sharedString(s.col[i], s.style[i], s.shared[i]);
        continue;
      }
      const type = s.type[i];
      let value: string | undefined;
      let plain = true;
      if (s.start[i] >= 0) {
        value =
          type === 'str' || type === 'd' ? b.toString('utf8', s.start[i], s.end[i]) : b.toString('latin1', s.start[i], s.end[i]);
        if (type === 'str' || type === 'd') plain = value.indexOf('_x') < 0 && value.indexOf('\r') < 0;
      }
      target.cell(s.col[i], type, s.style[i], value, undefined, plain);
    }
    target.endRow();
  }

  /** A row the fast path does not take, read by a tokenizer of its own into the same sink. */
  #fragment(bytes: Buffer): void {
    this.#sink.lastRow = this.#lastRow;
    const tokenizer = new XmlTokenizer(this.#sink);
    tokenizer.write(new TextDecoder('utf-8', { fatal: false }).decode(bytes));
    tokenizer.end();
  }
}

/** The index just after the `<sheetData …>` start tag (any prefix), or -1 when the bytes do not hold it yet. */
function headEnd(b: Buffer): number {
  let from = 0;
  while (true) {
    const at = b.indexOf('sheetData', from);
    if (at < 0) return -1;
    const before = b[at - 1];
    if (before === LT || before === 0x3a /* : */) {
      const gt = b.indexOf(GT, at);
      return gt < 0 ? -1 : gt + 1;
    }
    from = at + 9;
  }
}
