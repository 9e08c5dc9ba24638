/**
 * A map from whole numbers (up to 2^53) to row numbers, for the checks across a file of a million rows.
 * Open addressing over two typed arrays: about 12 bytes a slot, against ~50 bytes an entry for a Map
 * whose keys are numbers beyond 2^31 (each boxed on the heap).
 */
const EMPTY = 0;
const MAX_LOAD = 0.7;

export class NumberIndex {
  #keys: Float64Array;
  #rows: Int32Array;
  #mask: number;
  #size = 0;

  constructor(initialCapacity = 1024) {
    let capacity = 16;
    while (capacity < initialCapacity) capacity *= 2;
    this.#keys = new Float64Array(capacity);
    this.#rows = new Int32Array(capacity);
    this.#mask = capacity - 1;
  }

  get size(): number {
    return this.#size;
  }

  /** Keys must be positive whole numbers: 0 marks an empty slot. */
  get(key: number): number | undefined {
    let slot = this.#slotOf(key);
    while (true) {
      const k = this.#keys[slot];
      if (k === key) return this.#rows[slot];
      if (k === EMPTY) return undefined;
      slot = (slot + 1) & this.#mask;
    }
  }

  set(key: number, row: number): void {
    if (!(key > 0 && Number.isSafeInteger(key)))
      throw new RangeError(`NumberIndex key must be a positive safe integer, got ${key}`);
    if ((this.#size + 1) / this.#keys.length > MAX_LOAD) this.#grow();
    this.#put(key, row);
  }

  #put(key: number, row: number): void {
    let slot = this.#slotOf(key);
    while (true) {
      const k = this.#keys[slot];
      if (k === key) {
        this.#rows[slot] = row;
        return;
      }
      if (k === EMPTY) {
        this.#keys[slot] = key;
        this.#rows[slot] = row;
        this.#size++;
        return;
      }
      slot = (slot + 1) & this.#mask;
    }
  }

  #slotOf(key: number): number {
    const low = key >>> 0;
    const high = (key / 4294967296) >>> 0;
    let h = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h & this.#mask;
  }

  #grow(): void {
    const keys = this.#keys;
    const rows = this.#rows;
    this.#keys = new Float64Array(keys.length * 2);
    this.#rows = new Int32Array(keys.length * 2);
    this.#mask = keys.length * 2 - 1;
    this.#size = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== EMPTY) this.#put(keys[i], rows[i]);
  }
}
