/**
 * The lead reader's worker thread: reads, decodes and parses a text file, applies each row's own rules
 * and encodes batches for the store, while the thread that started it checks the batches before across
 * the file and writes them. On two cores the two halves overlap.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isUserError } from '../errors.ts';
import { readSource } from '../ingest/index.ts';
import type { ReadProgress } from '../ingest/types.ts';
import { createRowRules, ruleBatch } from './build.ts';
import { MORE, READ_AHEAD, type ReadMessage, type ReadRequest } from './lead-reader-protocol.ts';

const port = parentPort;
if (!port) throw new Error('lead-reader-worker.ts runs as a worker thread only');
const { path, options, rules } = workerData as ReadRequest;
const send = (message: ReadMessage) => port.postMessage(message);

let credits = READ_AHEAD;
let wake: (() => void) | undefined;
port.on('message', (message) => {
  if (message !== MORE) return;
  credits++;
  wake?.();
});

async function read(): Promise<void> {
  const rowRules = rules ? createRowRules(rules) : undefined;
  let progress: ReadProgress | undefined;
  let seq = 0;
  for await (const rows of readSource(path, options, { onProgress: (p) => (progress = p) })) {
    const ruled = ruleBatch(rows, rowRules, seq);
    seq += rows.length;
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    credits--;
    send({ type: 'batch', ruled, progress });
  }
  send({ type: 'done', progress });
}

read().catch((error: unknown) => {
  // A person's mistake (a bad file) keeps its code and message; anything else is a bug, reported as such.
  if (isUserError(error)) send({ type: 'error', code: error.code, message: error.message });
  else send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
});
