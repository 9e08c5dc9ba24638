/**
 * The shared strings' storage: their UTF-8 bytes in slabs of 16 MB and three offsets each, outside the
 * JavaScript heap. A million-row workbook's 2.5 million strings take about 70 MB this way, against 108 MB of
 * heap as JavaScript strings plus the slack a collector keeps above a large heap; a string is made when a
 * cell asks for it, and the last 65,536 asked for are kept, so repeated values (a state, a suburb) cost
 * nothing more.
 */
const SLAB_BYTES = 16 << 20;
const NONE = 0xffffffff;
const CACHE_SLOTS = 1 << 16;

function doubled(array: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> {
  const bigger = new Uint32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

export class StringTable {
  #slabs: Buffer[] = [];
  #used = 0;
  #slabOf = new Uint32Array(1024);
  #startOf = new Uint32Array(1024);
  #endOf = new Uint32Array(1024);
  #count = 0;
  #bytes = 0;
  #cacheKey = new Int32Array(CACHE_SLOTS).fill(-1);
  #cache: (string | undefined)[] = new Array(CACHE_SLOTS);

  get count(): number {
    return this.#count;
  }

  /** UTF-8 bytes held. */
  get bytes(): number {
    return this.#bytes;
  }

  /** A string from bytes[start, end), copied in. */
  addBytes(bytes: Buffer, start: number, end: number): void {
    const length = end - start;
    const [slab, at] = this.#room(length);
    bytes.copy(slab, at, start, end);
    this.#record(at, length);
  }

  addString(text: string | undefined): void {
    if (text === undefined) {
      this.#next();
      this.#slabOf[this.#count - 1] = NONE;
      return;
    }
    const length = Buffer.byteLength(text, 'utf8');
    const [slab, at] = this.#room(length);
    slab.write(text, at, 'utf8');
    this.#record(at, length);
  }

  get(index: number): string | undefined {
    if (!(index >= 0 && index < this.#count)) return undefined;
    const slot = index & (CACHE_SLOTS - 1);
    if (this.#cacheKey[slot] === index) return this.#cache[slot];
    const slab = this.#slabOf[index];
    const text = slab === NONE ? undefined : this.#slabs[slab].toString('utf8', this.#startOf[index], this.#endOf[index]);
    this.#cacheKey[slot] = index;
    this.#cache[slot] = text;
    return text;
  }

  #room(length: number): [Buffer, number] {
    let slab = this.#slabs.at(-1);
    if (!slab || this.#used + length > slab.length) {
      slab = Buffer.allocUnsafe(Math.max(SLAB_BYTES, length));
      this.#slabs.push(slab);
      this.#used = 0;
    }
    return [slab, this.#used];
  }

  #record(at: number, length: number): void {
    const i = this.#next();
    this.#slabOf[i] = this.#slabs.length - 1;
    this.#startOf[i] = at;
    this.#endOf[i] = at + length;
    this.#used = at + length;
    this.#bytes += length;
  }

  #next(): number {
    if (this.#count === this.#slabOf.length) {
      this.#slabOf = doubled(this.#slabOf);
      this.#startOf = doubled(this.#startOf);
      this.#endOf = doubled(this.#endOf);
    }
    return this.#count++;
  }
}
