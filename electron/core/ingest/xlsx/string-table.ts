/**
 * The shared strings' storage: their UTF-8 bytes in slabs of 4 MB outside the JavaScript heap, and one
 * number per string, where it ends (a string starts where the one before it ends, or at the start of its
 * slab when it did not fit in the one before). A million-row workbook's 2.5 million strings take their
 * 40 MB of text and 10 MB of ends this way (three offsets per string and 16 MB slabs took about 97 MB of
 * buffers); as JavaScript strings the same table took 108 MB of heap plus the slack a collector keeps
 * above a large heap. A string is made when a cell asks for it, and the last 65,536 asked for are kept, so
 * repeated values (a state, a suburb) cost nothing more.
 */
import { holdsSeparator } from '../../store/cells.ts';

/** 4 MB: a slab's end is at most this much unused. */
const SLAB_SHIFT = 22;
const SLAB_BYTES = 1 << SLAB_SHIFT;
/** Longer strings (a whole document pasted into a cell) are kept as JavaScript strings. */
const LONG_BYTES = SLAB_BYTES >> 2;
const CACHE_SLOTS = 1 << 16;

export class StringTable {
  #slabs: Buffer[] = [];
  /** Where the next string's bytes go: slab * SLAB_BYTES + offset. */
  #next = 0;
  /** Where each string ends, in the same addresses. */
  #ends = new Uint32Array(1024);
  /** Strings not in the slabs: long ones, and items without text (undefined). */
  #apart = new Map<number, string | undefined>();
  #count = 0;
  #bytes = 0;
  #separators = false;
  #cacheKey = new Int32Array(CACHE_SLOTS).fill(-1);
  #cache: (string | undefined)[] = new Array(CACHE_SLOTS);

  get count(): number {
    return this.#count;
  }

  /** UTF-8 bytes held. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Whether any string held has U+001F or U+001E in it (see holdsSeparator). */
  get holdsSeparators(): boolean {
    return this.#separators;
  }

  /** A string from bytes[start, end), copied in. */
  addBytes(bytes: Buffer, start: number, end: number): void {
    const length = end - start;
    if (!this.#separators) {
      // Both are single bytes in UTF-8, never part of a longer character.
      for (let k = start; k < end; k++) {
        const c = bytes[k];
        if (c === 0x1f || c === 0x1e) {
          this.#separators = true;
          break;
        }
      }
    }
    if (length > LONG_BYTES) this.#keepApart(bytes.toString('utf8', start, end), length);
    else {
      if (length > 0) {
        const [slab, at] = this.#room(length);
        bytes.copy(slab, at, start, end);
      }
      this.#end(length);
    }
  }

  addString(text: string | undefined): void {
    if (text === undefined) {
      this.#keepApart(undefined, 0);
      return;
    }
    if (!this.#separators && holdsSeparator(text)) this.#separators = true;
    const length = Buffer.byteLength(text, 'utf8');
    if (length > LONG_BYTES) this.#keepApart(text, length);
    else {
      if (length > 0) {
        const [slab, at] = this.#room(length);
        slab.write(text, at, 'utf8');
      }
      this.#end(length);
    }
  }

  get(index: number): string | undefined {
    if (!(index >= 0 && index < this.#count)) return undefined;
    const slot = index & (CACHE_SLOTS - 1);
    if (this.#cacheKey[slot] === index) return this.#cache[slot];
    const end = this.#ends[index];
    const before = index === 0 ? 0 : this.#ends[index - 1];
    let text: string | undefined;
    if (end === before) text = this.#apart.size > 0 && this.#apart.has(index) ? this.#apart.get(index) : '';
    else {
      const slab = (end - 1) >>> SLAB_SHIFT;
      const base = slab * SLAB_BYTES;
      text = this.#slabs[slab].toString('utf8', Math.max(before, base) - base, end - base);
    }
    this.#cacheKey[slot] = index;
    this.#cache[slot] = text;
    return text;
  }

  /** The slab the next `length` (> 0) bytes go in, and where in it; a string that does not fit starts a new slab. */
  #room(length: number): [Buffer, number] {
    let slab = this.#next >>> SLAB_SHIFT;
    let at = this.#next - slab * SLAB_BYTES;
    if (slab === this.#slabs.length || at + length > SLAB_BYTES) {
      if (slab < this.#slabs.length) slab++;
      at = 0;
      this.#next = slab * SLAB_BYTES;
      // Not from Node's shared pool, and never filled: pages a slab does not use yet take no memory.
      this.#slabs.push(Buffer.allocUnsafeSlow(SLAB_BYTES));
    }
    return [this.#slabs[slab], at];
  }

  #end(length: number): void {
    this.#next += length;
    this.#bytes += length;
    this.#push(this.#next);
  }

  #keepApart(text: string | undefined, length: number): void {
    this.#apart.set(this.#count, text);
    this.#bytes += length;
    this.#push(this.#next);
  }

  #push(end: number): void {
    if (this.#count === this.#ends.length) {
      // By half again: the last growth of a large table copies less than doubling would leave unused.
      const bigger = new Uint32Array(this.#count + (this.#count >> 1));
      bigger.set(this.#ends);
      this.#ends = bigger;
    }
    this.#ends[this.#count++] = end;
  }
}
