/**
 * What the sheet reader (sheet-bytes.ts) and the shared strings reader (strings-bytes.ts) share: an XML part
 * read from its inflated bytes as a run of items (a sheet's rows, a table's strings) that the subclass
 * reads straight from the bytes, while the XML tokenizer reads what precedes the items and what follows
 * them. An item cut by a chunk's end waits for the next chunk; then only it and the start of the next
 * chunk up to the item's end tag are joined (a copy of a few hundred bytes, not of the whole chunk).
 */
import { MAX_PENDING_CHARS, XmlError, type XmlTokenizer } from './xml-tokenizer.ts';

export abstract class ItemByteReader {
  protected readonly tokenizer: XmlTokenizer;
  #decoder = new TextDecoder('utf-8');
  /** 'head' before the items; 'items' among them; 'general' when the tokenizer reads the rest. */
  #phase: 'head' | 'items' | 'general' = 'head';
  #pending: Buffer | undefined;
  #close: string;
  #item: string;

  /** `close`: an item's end tag; `item`: what an item is, for the message about one too long. */
  constructor(tokenizer: XmlTokenizer, close: string, item: string) {
    this.tokenizer = tokenizer;
    this.#close = close;
    this.#item = item;
  }

  /** The index just after the start tag the items follow (any prefix), or -1 when the bytes do not hold it yet. */
  protected abstract itemsStart(b: Buffer): number;

  /** Whether items may follow, once the tokenizer has read the start tag (false when it closed itself). */
  protected abstract hasItems(): boolean;

  /**
   * Reads whole items from b; returns the bytes not read: an incomplete item, or (after `leaveItems`)
   * what follows the items, or anything unusual, for the tokenizer.
   */
  protected abstract readItems(b: Buffer): Buffer | undefined;

  /** From here on the tokenizer reads the part. */
  protected leaveItems(): void {
    this.#phase = 'general';
  }

  write(chunk: Buffer): void {
    let b = chunk;
    if (this.#pending && this.#phase === 'items') {
      const end = chunk.indexOf(this.#close);
      const through = end < 0 ? chunk.length : end + this.#close.length;
      const joined = Buffer.concat([this.#pending, chunk.subarray(0, through)]);
      this.#pending = undefined;
      if (end < 0) b = joined;
      else {
        const rest = this.readItems(joined);
        b = chunk.subarray(through);
        if (rest !== undefined) {
          if (this.#phase === 'items') b = Buffer.concat([rest, b]);
          else this.#decode(rest);
        }
      }
    } else if (this.#pending) {
      b = Buffer.concat([this.#pending, chunk]);
      this.#pending = undefined;
    }
    if (this.#phase === 'head') {
      const open = this.itemsStart(b);
      if (open < 0) {
        // The start tag may be cut by the chunk's end: its first bytes wait for the next chunk.
        const keep = Math.max(0, b.length - 64);
        this.#decode(b.subarray(0, keep));
        this.#pending = Buffer.from(b.subarray(keep));
        return;
      }
      this.#decode(b.subarray(0, open));
      b = b.subarray(open);
      this.#phase = this.hasItems() ? 'items' : 'general';
    }
    if (this.#phase === 'general') {
      this.#decode(b);
      return;
    }
    const rest = this.readItems(b);
    if (rest === undefined) return;
    if (this.#phase === 'items') {
      if (rest.length > MAX_PENDING_CHARS) throw new XmlError(`${this.#item} of more than ${MAX_PENDING_CHARS >> 20} MB`);
      // An incomplete item waits for the next chunk (copied: the chunk's memory is reused).
      this.#pending = Buffer.from(rest);
    } else this.#decode(rest);
  }

  end(): void {
    if (this.#pending) this.#decode(this.#pending);
    this.tokenizer.write(this.#decoder.decode());
    this.tokenizer.end();
  }

  #decode(bytes: Buffer): void {
    this.tokenizer.write(this.#decoder.decode(bytes, { stream: true }));
  }
}
