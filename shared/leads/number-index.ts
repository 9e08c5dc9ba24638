/**
 * A map from whole numbers (up to 2^53) to row numbers, for the checks across a file of a million rows.
 * Open addressing over one typed array of key and row side by side: 16 bytes a slot, against ~50 bytes
 * an entry for a Map whose keys are numbers beyond 2^31 (each boxed on the heap). With millions of
 * numbers every lookup lands somewhere new in memory; key and row side by side make that one cache miss.
 */
const EMPTY = 0;
const MAX_LOAD = 0.7;

export class NumberIndex {
  /** slot s: key at 2s, row at 2s + 1. */
  #slots: Float64Array;
  #mask: number;
  #size = 0;

  constructor(initialCapacity = 1024) {
    let capacity = 16;
    while (capacity < initialCapacity) capacity *= 2;
    this.#slots = new Float64Array(capacity * 2);
    this.#mask = capacity - 1;
  }

  get size(): number {
    return this.#size;
  }

  /** Keys must be positive whole numbers: 0 marks an empty slot. */
  get(key: number): number | undefined {
    const slots = this.#slots;
    for (let slot = this.#slotOf(key); ; slot = (slot + 1) & this.#mask) {
      const k = slots[slot * 2];
      if (k === key) return slots[slot * 2 + 1];
      if (k === EMPTY) return undefined;
    }
  }

  set(key: number, row: number): void {
    this.#check(key);
    this.#put(key, row, true);
  }

  /** The row already kept for `key`; else `row`, which is then kept for it. One search for both. */
  getOrSet(key: number, row: number): number {
    this.#check(key);
    return this.#put(key, row, false);
  }

  #check(key: number): void {
    if (!(key > 0 && Number.isSafeInteger(key)))
      throw new RangeError(`NumberIndex key must be a positive safe integer, got ${key}`);
    if ((this.#size + 1) / (this.#slots.length / 2) > MAX_LOAD) this.#grow();
  }

  /** The row kept for `key` after this; `replace` overwrites one already kept. */
  #put(key: number, row: number, replace: boolean): number {
    const slots = this.#slots;
    for (let slot = this.#slotOf(key); ; slot = (slot + 1) & this.#mask) {
      const k = slots[slot * 2];
      if (k === key) {
        if (replace) slots[slot * 2 + 1] = row;
        return slots[slot * 2 + 1];
      }
      if (k === EMPTY) {
        slots[slot * 2] = key;
        slots[slot * 2 + 1] = row;
        this.#size++;
        return row;
      }
    }
  }

  #slotOf(key: number): number {
    return slotOfKey(key, this.#mask);
  }

  #grow(): void {
    const old = this.#slots;
    this.#slots = new Float64Array(old.length * 2);
    this.#mask = old.length - 1;
    this.#size = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i] !== EMPTY) this.#put(old[i], old[i + 1], true);
  }
}

/**
 * The slot of a whole-number key (up to 2^53) in an open-addressing table of `mask + 1` slots: both halves
 * of the key mixed (a murmur-style finaliser), so that phone numbers, which differ in their last digits, spread.
 */
export function slotOfKey(key: number, mask: number): number {
  const low = key >>> 0;
  const high = (key / 4294967296) >>> 0;
  let h = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h & mask;
}
