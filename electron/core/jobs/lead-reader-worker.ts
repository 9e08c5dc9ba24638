/**
 * The lead reader's worker thread: reads, decodes and parses a text file or an .xlsx/.xlsm workbook, applies each row's own rules
 * and encodes batches for the store, while the thread that started it checks the batches before across
 * the file and writes them. On two cores the two halves overlap.
 */
import { parentPort } from 'node:worker_threads';
import { isUserError } from '../errors.ts';
import { readSource } from '../ingest/index.ts';
import type { ReadProgress } from '../ingest/types.ts';
import { watchText } from '../store/cells.ts';
import { ruleBatch, unruledBatch } from './batch-transport.ts';
import { READ_AHEAD, type ReadMessage, type ReadRequest } from './lead-reader-protocol.ts';
import { createRowRules } from './row-rules.ts';

const port = parentPort;
if (!port) throw new Error('lead-reader-worker.ts runs as a worker thread only');
const send = (message: ReadMessage) => port.postMessage(message);

/** Batches sent; the storing thread counts those it has stored in shared memory (`taken`). */
let sent = 0;

/** Until fewer than READ_AHEAD batches wait to be stored. */
async function waitForRoom(taken: Int32Array): Promise<void> {
  while (true) {
    const stored = Atomics.load(taken, 0);
    if (sent - stored < READ_AHEAD) return;
    // Wakes when the count moves on from the value just read, however soon that happens.
    const result = Atomics.waitAsync(taken, 0, stored);
    if (!result.async) continue;
    // A pending waitAsync does not keep a thread alive by itself.
    const keepAlive = setInterval(() => {}, 60_000);
    await result.value;
    clearInterval(keepAlive);
  }
}

async function read({ path, options, rules, taken, shareRules = 'when-idle' }: ReadRequest): Promise<void> {
  const rowRules = rules ? createRowRules(rules) : undefined;
  let progress: ReadProgress | undefined;
  let seq = 0;
  const text = watchText();
  for await (const rows of readSource(path, options, {
    onProgress: (p) => (progress = p),
    onText: text.onText,
    onCellsPlain: text.onCellsPlain,
  })) {
    // The rules are most of this thread's work. When the storing thread has at most the batch in hand
    // left to store, it would soon wait for this one: it applies the rules itself instead, and the two
    // threads share them. A queue forming there sends them back here.
    const share = shareRules === 'always' || (shareRules === 'when-idle' && sent - Atomics.load(taken, 0) <= 1);
    const unruled = rowRules && share ? unruledBatch(rows, rowRules, seq, text.cellsArePlain()) : undefined;
    const message: ReadMessage = unruled
      ? { type: 'unruled', unruled, progress }
      : { type: 'batch', ruled: ruleBatch(rows, rowRules, seq, text.cellsArePlain()), progress };
    seq += rows.length;
    await waitForRoom(taken);
    sent++;
    send(message);
  }
  send({ type: 'done', progress });
}

// The thread may start before its read is known (see prepareReader): the read comes as the first message.
port.once('message', (request: ReadRequest) => {
  read(request).catch((error: unknown) => {
    // A person's mistake (a bad file) keeps its code and message; anything else is a bug, reported as such.
    if (isUserError(error)) send({ type: 'error', code: error.code, message: error.message });
    else send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  });
});
