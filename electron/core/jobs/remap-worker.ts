/**
 * The re-mapping worker thread: reads a stored job's leads with its own database connection (the store
 * is in WAL mode: readers never block the app's writer), applies each row's own rules (phones, dates,
 * priority, required fields) and sends the verdicts, a chunk at a time, to the main thread, which runs the
 * checks across the file and writes them (remap.ts). Reading and judging, the costly part, stay here.
 */
import { basename, dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parentPort } from 'node:worker_threads';
import { decodeCells } from '../store/cells.ts';
import { base, openJobStore, SPAN } from '../store/job-store.ts';
import { createRowRules, type RowRules } from './build.ts';
import { type RemapReply, type RemapRequest, rejudged, verdictOf } from './remap-protocol.ts';

const port = parentPort;
if (!port) throw new Error('remap-worker.ts runs as a worker thread only');

let next: (() => void) | undefined;
let job: { file: string; jobId: string } | undefined;
port.on('message', (message: RemapRequest) => {
  try {
    if (message.type === 'summary') return summary();
    if (message.type === 'start') {
      job = { file: message.file, jobId: message.jobId };
      next = start(message);
    }
    next?.();
  } catch (error) {
    port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies RemapReply);
  }
});

function start(request: Extract<RemapRequest, { type: 'start' }>): () => void {
  const db = new DatabaseSync(request.file, { readOnly: true });
  db.exec('PRAGMA busy_timeout = 5000');
  const rules: RowRules = createRowRules(request.rules);
  const select = db.prepare(
    'SELECT id, row_number, cells, raw, status, reason FROM leads WHERE id > ? AND id < ? ORDER BY id LIMIT ?',
  );
  const first = base(request.jobId);
  let after = first - 1;
  return () => {
    const rows = select.all(after, first + SPAN, request.chunk) as {
      id: number;
      row_number: number;
      cells: string;
      raw: string | null;
      status: string;
      reason: string | null;
    }[];
    if (rows.length > 0) after = rows[rows.length - 1].id;
    const judged = rows
      .filter((r) => rejudged(r.status, r.reason))
      .map((r) =>
        verdictOf(
          rules.build(
            { rowNumber: r.row_number, cells: decodeCells(r.cells), raw: r.raw ? JSON.parse(r.raw) : undefined },
            r.id - first,
          ),
        ),
      );
    const last = rows.length < request.chunk;
    port?.postMessage({ type: 'judged', seen: rows.length, judged, last } satisfies RemapReply);
    if (last) db.close();
  };
}

/** The job's counts and reason groups, read here so that their scans of every lead do not hold the main thread. */
function summary(): void {
  if (!job) throw new Error('remap worker: summary before start');
  const store = openJobStore(dirname(job.file), basename(job.file));
  try {
    const reply: RemapReply = { type: 'summary', counts: store.countByStatus(job.jobId), groups: store.reasonGroups(job.jobId) };
    port?.postMessage(reply);
  } finally {
    store.close();
  }
}
