/**
 * Which rows hold which phone number, for a job of a million rows, kept out of the JavaScript heap: an
 * open-addressing table of key and row side by side in one Float64Array (as shared/leads/number-index.ts),
 * where the key is the phone's digitKey. A Map of a million phone strings took about a hundred megabytes of
 * heap, and every collection had to walk it (a major one held the main thread 100 ms and more, and each
 * string added by an edit was an old-to-new pointer that made scavenges slow); a typed array holds no
 * pointers, can be built in a worker thread and handed over without a copy.
 *
 * Unlike the import's index, a phone may be held by several rows here (a correction, undo or redo can put a
 * row back whose phone another row took meanwhile), rows come and go (a tombstone marks a removed slot),
 * and a phone that is not 1 to 15 digits (an international number keeps its +) goes to a small Map.
 */
import { digitKey } from '../../../shared/leads/file-checks.ts';
import { slotOfKey } from '../../../shared/leads/number-index.ts';

const EMPTY = 0;
const REMOVED = -1;
const MAX_LOAD = 0.7;

/** What crosses from the worker that builds a table: the slots are transferred, not copied. */
export interface PhoneTableParts {
  slots: Float64Array<ArrayBuffer>;
  size: number;
  texts: [string, number[]][];
}

const capacityFor = (entries: number) => {
  let capacity = 1024;
  while (capacity * MAX_LOAD < entries + 1) capacity *= 2;
  return capacity;
};

export class PhoneTable {
  /** slot s: key at 2s (EMPTY, REMOVED or a digitKey), row at 2s + 1. */
  #slots: Float64Array<ArrayBuffer>;
  #mask: number;
  #size: number;
  /** Slots in use or REMOVED: what decides when the table is rebuilt. */
  #used: number;
  #texts: Map<string, number[]>;

  constructor(parts: PhoneTableParts | { expected: number }) {
    if ('slots' in parts) {
      this.#slots = parts.slots;
      this.#size = parts.size;
      this.#used = parts.size;
      this.#texts = new Map(parts.texts);
    } else {
      this.#slots = new Float64Array(capacityFor(parts.expected) * 2);
      this.#size = 0;
      this.#used = 0;
      this.#texts = new Map();
    }
    this.#mask = this.#slots.length / 2 - 1;
  }

  get size(): number {
    return this.#size;
  }

  /** The table as parts for another thread; this table must not be used after. */
  parts(): PhoneTableParts {
    return { slots: this.#slots, size: this.#size, texts: [...this.#texts] };
  }

  /** The lowest row other than `exceptRow` that holds `phone`. */
  holder(phone: string, exceptRow: number): number | undefined {
    const key = digitKey(phone);
    let first: number | undefined;
    if (key === undefined) {
      for (const row of this.#texts.get(phone) ?? []) if (row !== exceptRow && (first === undefined || row < first)) first = row;
      return first;
    }
    const slots = this.#slots;
    for (let slot = this.#slotOf(key); ; slot = (slot + 1) & this.#mask) {
      const k = slots[slot * 2];
      if (k === EMPTY) return first;
      const row = slots[slot * 2 + 1];
      if (k === key && row !== exceptRow && (first === undefined || row < first)) first = row;
    }
  }

  add(row: number, phone: string): void {
    const key = digitKey(phone);
    if (key === undefined) {
      const rows = this.#texts.get(phone);
      if (!rows) this.#texts.set(phone, [row]);
      else if (!rows.includes(row)) rows.push(row);
      return;
    }
    if ((this.#used + 1) / (this.#mask + 1) > MAX_LOAD) this.#rebuild();
    const slots = this.#slots;
    let free = -1;
    for (let slot = this.#slotOf(key); ; slot = (slot + 1) & this.#mask) {
      const k = slots[slot * 2];
      if (k === key && slots[slot * 2 + 1] === row) return;
      if (k === REMOVED && free < 0) free = slot;
      if (k === EMPTY) {
        if (free < 0) {
          free = slot;
          this.#used++;
        }
        slots[free * 2] = key;
        slots[free * 2 + 1] = row;
        this.#size++;
        return;
      }
    }
  }

  remove(row: number, phone: string): void {
    const key = digitKey(phone);
    if (key === undefined) {
      const rows = this.#texts.get(phone);
      const left = rows?.filter((r) => r !== row) ?? [];
      if (left.length > 0) this.#texts.set(phone, left);
      else this.#texts.delete(phone);
      return;
    }
    const slots = this.#slots;
    for (let slot = this.#slotOf(key); ; slot = (slot + 1) & this.#mask) {
      const k = slots[slot * 2];
      if (k === EMPTY) return;
      if (k === key && slots[slot * 2 + 1] === row) {
        slots[slot * 2] = REMOVED;
        this.#size--;
        return;
      }
    }
  }

  #slotOf(key: number): number {
    return slotOfKey(key, this.#mask);
  }

  /** A table as large as the entries need, without the removed slots (grows it when it fills). */
  #rebuild(): void {
    const old = this.#slots;
    this.#slots = new Float64Array(capacityFor(this.#size * 2) * 2);
    this.#mask = this.#slots.length / 2 - 1;
    this.#used = 0;
    for (let i = 0; i < old.length; i += 2) {
      const key = old[i];
      if (key === EMPTY || key === REMOVED) continue;
      for (let slot = this.#slotOf(key); ; slot = (slot + 1) & this.#mask) {
        if (this.#slots[slot * 2] !== EMPTY) continue;
        this.#slots[slot * 2] = key;
        this.#slots[slot * 2 + 1] = old[i + 1];
        this.#used++;
        break;
      }
    }
  }
}
