/**
 * Which row holds which phone number, across a whole job: the check "phone already in row N" after a
 * correction, without reading a million rows again for each edit. Built once per job, then kept up to date
 * by every correction, undo and redo. Rows that are invalid or skipped are not in it: they will not be
 * sent, so they cannot be what another row repeats (as at import).
 *
 * Building it reads and derives every sendable row (seconds for a million), so a worker thread does it
 * with its own read-only connection (phone-index-worker.ts; the store is in WAL mode, readers never block
 * the app's writer) and hands the finished table over without a copy (phone-table.ts). Without a worker
 * entry (a bundle that did not emit one) it is built here, a slice per turn of the event loop.
 */
import { Worker } from 'node:worker_threads';
import type { MappingSpec, NormaliseOptions } from '../../../shared/contract.ts';
import { decodeCells } from '../store/cells.ts';
import { base, type DerivePayload, type JobStore, SPAN } from '../store/job-store.ts';
import { findWorkerEntry } from '../worker-entry.ts';
import { PhoneTable, type PhoneTableParts } from './phone-table.ts';

const SLICE = 1000;
/** The event loop gets its turn at least this often (ms) while the index is built here. */
const TURN_MS = 15;

export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface PhoneIndex {
  /** The first row other than `exceptRow` that holds `phone`. */
  holder(phone: string, exceptRow: number): number | undefined;
  add(rowNumber: number, phones: Iterable<string>): void;
  remove(rowNumber: number, phones: Iterable<string>): void;
}

/** main → worker: build the index of job `jobId` in the database `file`. */
export interface PhoneIndexRequest {
  file: string;
  jobId: string;
  headers: string[];
  mapping: MappingSpec;
  options: NormaliseOptions;
  /** Phones the job may hold (rows × phone fields): sizes the table. */
  expected: number;
}

/** worker → main. */
export type PhoneIndexReply = { type: 'index'; parts: PhoneTableParts } | { type: 'error'; message: string };

export function createPhoneIndex(table: PhoneTable = new PhoneTable({ expected: 0 })): PhoneIndex & { table: PhoneTable } {
  return {
    table,
    holder: (phone, exceptRow) => table.holder(phone, exceptRow),
    add(rowNumber, phones) {
      for (const phone of phones) table.add(rowNumber, phone);
    },
    remove(rowNumber, phones) {
      for (const phone of phones) table.remove(rowNumber, phone);
    },
  };
}

/** The phone values a lead sends, from its stored cells. */
export function phonesOf(derivePhones: DerivePayload, cells: string, raw: string | null): string[] {
  return Object.values(derivePhones(decodeCells(cells), raw ? JSON.parse(raw) : undefined));
}

/** The job's sendable rows, in position order, from any connection. */
export const SENDABLE_ROWS =
  "SELECT id, row_number, cells, raw FROM leads WHERE id > ? AND id < ? AND status NOT IN ('invalid','skipped') ORDER BY id LIMIT ?";
export type SendableRow = { id: number; row_number: number; cells: string; raw: string | null };

/** Builds the job's index in a worker thread when there is one, else here in slices. */
export function buildPhoneIndex(input: {
  store: Pick<JobStore, 'db' | 'file'>;
  request: Omit<PhoneIndexRequest, 'file'>;
  derivePhones: DerivePayload;
  thread?: 'worker' | 'here';
}): Promise<PhoneIndex> {
  const entry = input.thread === 'here' ? undefined : findWorkerEntry('phone-index-worker', import.meta.url);
  if (!entry) return buildHere(input.store, input.request, input.derivePhones);
  return new Promise((resolve, reject) => {
    // Its garbage is one slice of rows at a time: a small young generation keeps the thread's memory down.
    const worker = new Worker(entry, { resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    let settled = false;
    const settle = (error: Error | undefined, parts?: PhoneTableParts) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (error) reject(error);
      else resolve(createPhoneIndex(new PhoneTable(parts!)));
    };
    worker.on('message', (reply: PhoneIndexReply) =>
      reply.type === 'index'
        ? settle(undefined, reply.parts)
        : settle(new Error(`Indexing the job's phones failed: ${reply.message}`)),
    );
    worker.on('error', (error) => settle(error));
    worker.on('exit', (code) => settle(new Error(`the phone index worker stopped (exit ${code})`)));
    worker.postMessage({ ...input.request, file: input.store.file } satisfies PhoneIndexRequest);
  });
}

async function buildHere(
  store: Pick<JobStore, 'db'>,
  request: Omit<PhoneIndexRequest, 'file'>,
  derivePhones: DerivePayload,
): Promise<PhoneIndex> {
  const index = createPhoneIndex(new PhoneTable({ expected: request.expected }));
  const first = base(request.jobId);
  const slice = store.db.prepare(SENDABLE_ROWS);
  let after = first - 1;
  let turn = performance.now();
  while (true) {
    const rows = slice.all(after, first + SPAN, SLICE) as SendableRow[];
    if (rows.length === 0) return index;
    for (const r of rows) index.add(r.row_number, phonesOf(derivePhones, r.cells, r.raw));
    after = rows[rows.length - 1].id;
    if (performance.now() - turn > TURN_MS) {
      await nextTurn();
      turn = performance.now();
    }
  }
}
