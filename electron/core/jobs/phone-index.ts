/**
 * Which row holds which phone number, across a whole job: the check "phone already in row N" after a
 * correction, without reading a million rows again for each edit. Built once per job in slices that
 * give the event loop back between them (the app's main thread must not stall), then kept up to date
 * by every correction, undo and redo. Rows that are invalid or skipped are not in it: they will not be
 * sent, so they cannot be what another row repeats (as at import).
 */
import { decodeCells } from '../store/cells.ts';
import type { DerivePayload, JobStore } from '../store/job-store.ts';

const SPAN = 2 ** 32;
const SLICE = 1000;
/** The event loop gets its turn at least this often (ms) while the index is built. */
const TURN_MS = 15;

export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface PhoneIndex {
  /** The first row other than `exceptRow` that holds `phone`. */
  holder(phone: string, exceptRow: number): number | undefined;
  add(rowNumber: number, phones: Iterable<string>): void;
  remove(rowNumber: number, phones: Iterable<string>): void;
}

export function createPhoneIndex(): PhoneIndex {
  // One row is the usual case; a list only where a phone repeats (as in rows kept with duplicates allowed).
  const rows = new Map<string, number | number[]>();
  return {
    holder(phone, exceptRow) {
      const at = rows.get(phone);
      if (at === undefined) return undefined;
      if (typeof at === 'number') return at === exceptRow ? undefined : at;
      let first: number | undefined;
      for (const row of at) if (row !== exceptRow && (first === undefined || row < first)) first = row;
      return first;
    },
    add(rowNumber, phones) {
      for (const phone of phones) {
        const at = rows.get(phone);
        if (at === undefined) rows.set(phone, rowNumber);
        else if (typeof at === 'number') {
          if (at !== rowNumber) rows.set(phone, [at, rowNumber]);
        } else if (!at.includes(rowNumber)) at.push(rowNumber);
      }
    },
    remove(rowNumber, phones) {
      for (const phone of phones) {
        const at = rows.get(phone);
        if (at === rowNumber) rows.delete(phone);
        else if (Array.isArray(at)) {
          const left = at.filter((row) => row !== rowNumber);
          rows.set(phone, left.length === 1 ? left[0] : left);
        }
      }
    },
  };
}

/** The phone values a lead sends, from its stored cells. */
export function phonesOf(derivePhones: DerivePayload, cells: string, raw: string | null): string[] {
  return Object.values(derivePhones(decodeCells(cells), raw ? JSON.parse(raw) : undefined));
}

/** Reads the job's sendable rows into an index, a slice per turn of the event loop. */
export async function buildPhoneIndex(store: JobStore, jobId: string, derivePhones: DerivePayload): Promise<PhoneIndex> {
  const index = createPhoneIndex();
  const first = Number(jobId) * SPAN;
  const slice = store.db.prepare(
    "SELECT id, row_number, cells, raw FROM leads WHERE id > ? AND id < ? AND status NOT IN ('invalid','skipped') ORDER BY id LIMIT ?",
  );
  let after = first - 1;
  let turn = performance.now();
  while (true) {
    const rows = slice.all(after, first + SPAN, SLICE) as { id: number; row_number: number; cells: string; raw: string | null }[];
    if (rows.length === 0) return index;
    for (const r of rows) index.add(r.row_number, phonesOf(derivePhones, r.cells, r.raw));
    after = rows[rows.length - 1].id;
    if (performance.now() - turn > TURN_MS) {
      await nextTurn();
      turn = performance.now();
    }
  }
}
