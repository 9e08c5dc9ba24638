/**
 * The phone index's worker thread (phone-index.ts): reads a job's sendable rows with its own read-only
 * connection, derives each row's phones and builds the table, then hands its slots to the main thread
 * without a copy. The reading and deriving (seconds for a million rows) never touch the app's event loop.
 */
import { DatabaseSync } from 'node:sqlite';
import { parentPort } from 'node:worker_threads';
import { base, SPAN } from '../store/job-store.ts';
import { type PhoneIndexReply, type PhoneIndexRequest, phonesOf, SENDABLE_ROWS, type SendableRow } from './phone-index.ts';
import { PhoneTable } from './phone-table.ts';
import { createPayloadDeriver } from './row-rules.ts';

const port = parentPort;
if (!port) throw new Error('phone-index-worker.ts runs as a worker thread only');

const ROWS_A_READ = 5_000;

port.once('message', (request: PhoneIndexRequest) => {
  try {
    const table = build(request);
    const parts = table.parts();
    port.postMessage({ type: 'index', parts } satisfies PhoneIndexReply, [parts.slots.buffer]);
  } catch (error) {
    port.postMessage({
      type: 'error',
      message: error instanceof Error ? error.message : String(error),
    } satisfies PhoneIndexReply);
  }
});

function build(request: PhoneIndexRequest): PhoneTable {
  const db = new DatabaseSync(request.file, { readOnly: true });
  try {
    db.exec('PRAGMA busy_timeout = 5000');
    const derive = createPayloadDeriver({
      headers: request.headers,
      mapping: request.mapping,
      options: request.options,
      only: 'phones',
    });
    const table = new PhoneTable({ expected: request.expected });
    const select = db.prepare(SENDABLE_ROWS);
    const first = base(request.jobId);
    // One read transaction: the index is of one moment of the job, whatever the app writes meanwhile.
    db.exec('BEGIN');
    try {
      for (let after = first - 1; ; ) {
        const rows = select.all(after, first + SPAN, ROWS_A_READ) as SendableRow[];
        if (rows.length === 0) return table;
        for (const r of rows) for (const phone of phonesOf(derive, r.cells, r.raw)) table.add(r.row_number, phone);
        after = rows[rows.length - 1].id;
      }
    } finally {
      db.exec('COMMIT');
    }
  } finally {
    db.close();
  }
}
