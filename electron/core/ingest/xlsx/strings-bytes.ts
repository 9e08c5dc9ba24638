/**
 * A shared string table read from its inflated bytes, as sheet-bytes.ts reads a sheet: a plain item,
 * `<si><t>text</t></si>`, becomes its string straight from the bytes (a string of its own, which keeps no
 * chunk of XML alive), and the table is never decoded whole. Any other item (rich text, an entity, an `_x`
 * escape) is decoded and tokenized alone; what precedes the items and follows them goes through the
 * tokenizer. xml-tokenizer.test.ts checks this reads every table as the tokenizer alone does.
 */
import { ItemByteReader } from './item-bytes.ts';
import { SharedStringsSink } from './sheet-xml.ts';
import { XmlTokenizer } from './xml-tokenizer.ts';

const LT = 0x3c;
const GT = 0x3e;
const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;
const PRESERVE = Buffer.from('<t xml:space="preserve">');

export class StringsByteReader extends ItemByteReader {
  #onString: (text: string | undefined) => void;
  #onBytes: (bytes: Buffer, start: number, end: number) => void;

  /** `onBytes`, when given, takes a plain item's UTF-8 bytes instead of a string made of them. */
  constructor(onString: (text: string | undefined) => void, onBytes?: (bytes: Buffer, start: number, end: number) => void) {
    super(new XmlTokenizer(new SharedStringsSink(onString)), '</si>', 'a shared string');
    this.#onString = onString;
    this.#onBytes = onBytes ?? ((bytes, start, end) => onString(bytes.toString('utf8', start, end)));
  }

  protected itemsStart(b: Buffer): number {
    return headEnd(b);
  }

  /** A self-closing <sst/> has no items. */
  protected hasItems(): boolean {
    return this.tokenizer.depth > 0;
  }

  protected readItems(b: Buffer): Buffer | undefined {
    return this.#items(b);
  }

  /** Reads whole items; returns the bytes not read (an incomplete item, or what follows the items). */
  #items(b: Buffer): Buffer | undefined {
    let p = 0;
    const n = b.length;
    while (p < n) {
      while (p < n && isSpace(b[p])) p++;
      if (p >= n) return undefined;
      if (p + 5 >= n) return b.subarray(p);
      // <si>
      if (b[p] !== LT || b[p + 1] !== 0x73 || b[p + 2] !== 0x69 || b[p + 3] !== GT) break;
      const close = b.indexOf('</si>', p + 4);
      if (close < 0) return b.subarray(p);
      const start = plainStart(b, p + 4, close);
      if (start >= 0) this.#onBytes(b, start, close - 4);
      else this.#fragment(b.subarray(p, close + 5));
      p = close + 5;
    }
    if (p >= n) return undefined;
    this.leaveItems();
    return b.subarray(p);
  }

  #fragment(bytes: Buffer): void {
    const tokenizer = new XmlTokenizer(new SharedStringsSink(this.#onString));
    tokenizer.write(new TextDecoder('utf-8').decode(bytes));
    tokenizer.end();
  }
}

/** Where the text of `<t>…</t>` or `<t xml:space="preserve">…</t>` filling b[from, to) starts when it needs no decoding (it ends at to - 4), else -1. */
function plainStart(b: Buffer, from: number, to: number): number {
  let start: number;
  if (b[from] === LT && b[from + 1] === 0x74 && b[from + 2] === GT) start = from + 3;
  else if (to - from >= PRESERVE.length + 4 && b.compare(PRESERVE, 0, PRESERVE.length, from, from + PRESERVE.length) === 0)
    start = from + PRESERVE.length;
  else return -1;
  const end = to - 4;
  if (end < start || b[end] !== LT || b[end + 1] !== 0x2f || b[end + 2] !== 0x74 || b[end + 3] !== GT) return -1;
  for (let k = start; k < end; k++) {
    const c = b[k];
    // Markup, an entity, an `_x` escape or a carriage return: the tokenizer decodes it.
    if (c === LT || c === 0x26 || c === 0x0d || (c === 0x5f && b[k + 1] === 0x78)) return -1;
  }
  return start;
}

/** The index just after the `<sst …>` start tag (any prefix), or -1 when the bytes do not hold it yet. */
function headEnd(b: Buffer): number {
  let from = 0;
  while (true) {
    const at = b.indexOf('sst', from);
    if (at < 0) return -1;
    const before = b[at - 1];
    const after = b[at + 3];
    if ((before === LT || before === 0x3a) && (isSpace(after) || after === GT || after === 0x2f)) {
      const gt = b.indexOf(GT, at);
      return gt < 0 ? -1 : gt + 1;
    }
    from = at + 3;
  }
}
