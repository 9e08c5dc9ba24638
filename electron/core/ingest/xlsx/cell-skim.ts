/**
 * The sheet's hot path: a run of cells written the common way, read straight from the text by character
 * codes, with no tag events, attribute lists or match arrays (a million-row sheet has tens of millions of
 * cells, and every object made per cell is work for the garbage collector). The shape:
 *
 *     <c r="B2" s="1" t="s"><v>7</v></c>     (s and t optional, in either order; a formula may come before
 *     <c r="B2" s="3"/>                       the value and is skipped: only its cached value is read)
 *
 * Anything else (an inline string, a value holding an entity, attributes in another form) ends the run,
 * and the tokenizer's general path reads that cell. xml-tokenizer.test.ts checks both paths agree.
 */
import type { CellTarget } from './sheet-xml.ts';

/** Excel's widest sheet: 16,384 columns (XFD). */
export const MAX_COLUMNS = 16_384;

const ONE_LETTER_TYPES: Record<number, string> = { 115: 's', 110: 'n', 98: 'b', 101: 'e', 100: 'd' };

const isDigit = (c: number) => c >= 48 && c <= 57;

/** Reads ` s="12"` at `q`: the index after it and the number, or -1. */
function styleAt(s: string, q: number, out: { style: number }): number {
  if (!s.startsWith(' s="', q)) return q;
  let p = q + 4;
  let style = 0;
  let c = s.charCodeAt(p);
  if (!isDigit(c)) return -1;
  while (isDigit(c)) {
    style = style * 10 + c - 48;
    c = s.charCodeAt(++p);
  }
  if (c !== 34) return -1;
  out.style = style;
  return p + 1;
}

const found = { style: -1 };

/**
 * Reads the cells that start at `at` (a `<`), handing each to `target`; returns the index after the last
 * one read and that cell's column, or undefined when the first is not of the common shape.
 */
export function skimCells(s: string, at: number, target: CellTarget): { end: number; lastCol: number } | undefined {
  let p = at;
  let end = -1;
  let lastCol = -1;
  while (s.charCodeAt(p + 1) === 99 && s.startsWith('<c r="', p)) {
    let q = p + 6;
    let col = 0;
    let c = s.charCodeAt(q);
    const letters = q;
    while (c >= 65 && c <= 90) {
      col = col * 26 + c - 64;
      c = s.charCodeAt(++q);
    }
    if (q === letters || q - letters > 3 || !isDigit(c)) break;
    while (isDigit(c)) c = s.charCodeAt(++q);
    if (c !== 34) break;
    q++;
    found.style = -1;
    q = styleAt(s, q, found);
    if (q < 0) break;
    let type = '';
    if (s.startsWith(' t="', q)) {
      const close = s.indexOf('"', q + 4);
      if (close < 0) break;
      const length = close - q - 4;
      if (length === 1) type = ONE_LETTER_TYPES[s.charCodeAt(q + 4)] ?? s.slice(q + 4, close);
      else if (length === 3 && s.startsWith('str', q + 4)) type = 'str';
      else break;
      q = close + 1;
    }
    if (found.style < 0) {
      q = styleAt(s, q, found);
      if (q < 0) break;
    }
    c = s.charCodeAt(q);
    let value: string | undefined;
    let shared = -1;
    let plain = true;
    if (c === 47 /* / */) {
      if (s.charCodeAt(q + 1) !== 62) break;
      q += 2;
    } else if (c === 62 /* > */) {
      q++;
      if (s.startsWith('<f', q)) {
        // The formula is skipped whole: only its cached value counts.
        const gt = s.indexOf('>', q);
        if (gt < 0) break;
        if (s.charCodeAt(gt - 1) === 47) q = gt + 1;
        else {
          const close = s.indexOf('</f>', gt);
          if (close < 0 || s.indexOf('<', gt + 1) !== close) break;
          q = close + 4;
        }
      }
      if (s.startsWith('<v>', q)) {
        const lt = s.indexOf('<', q + 3);
        if (lt < 0 || !s.startsWith('</v>', lt)) break;
        if (type === 's') {
          // A shared string's index, read as a number without cutting a string.
          let index = 0;
          let k = q + 3;
          for (; k < lt; k++) {
            const d = s.charCodeAt(k);
            if (!isDigit(d)) break;
            index = index * 10 + d - 48;
          }
          if (k !== lt || k === q + 3) break;
          shared = index;
        } else if (lt > q + 3) {
          value = s.slice(q + 3, lt);
          if (value.indexOf('&') >= 0) break;
          if (type === 'str' || type === 'd') plain = value.indexOf('_x') < 0 && value.indexOf('\r') < 0;
        }
        q = lt + 4;
      }
      if (!s.startsWith('</c>', q)) break;
      q += 4;
    } else break;
    // The cell is whole: hand it on.
    col--;
    if (col >= MAX_COLUMNS) throw new Error(`a cell beyond Excel's last column (column ${(col + 1).toLocaleString('en-AU')})`);
    if (shared >= 0) target.sharedString(col, found.style, shared);
    else target.cell(col, type, found.style, value, undefined, plain);
    lastCol = col;
    end = q;
    p = q;
  }
  return end < 0 ? undefined : { end, lastCol };
}
