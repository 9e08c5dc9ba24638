/**
 * The re-mapping worker thread: applies each row's own rules (phones, dates, priority, required fields)
 * to the rows the main thread sends it, a chunk at a time, and answers with the judged rows. The checks
 * across the file and against the ledger stay with the main thread, which also owns the store (remap.ts).
 */
import { parentPort } from 'node:worker_threads';
import { createRowRules, type RowRules } from './build.ts';
import type { RemapReply, RemapRequest } from './remap-protocol.ts';

const port = parentPort;
if (!port) throw new Error('remap-worker.ts runs as a worker thread only');

let rules: RowRules | undefined;
port.on('message', (message: RemapRequest) => {
  try {
    if (message.type === 'rules') {
      rules = createRowRules(message.rules);
      return;
    }
    if (!rules) throw new Error('remap worker: rows before rules');
    const judged = message.rows.map((row) => rules?.build(row, row.seq) as ReturnType<RowRules['build']>);
    port.postMessage({ type: 'judged', chunk: message.chunk, judged } satisfies RemapReply);
  } catch (error) {
    port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies RemapReply);
  }
});
