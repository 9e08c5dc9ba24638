/**
 * The workbook worker: SheetJS parses a whole workbook synchronously (30 s and more for a sheet at
 * Excel's row limit), so it runs here, off the app's event loop; the Load step's sample of a streamed
 * .xlsx/.xlsm runs here too, so that the app's thread only waits for it. The host (workbook.ts) sends
 * `inspect` and `read` requests; a read hands out one batch per `next`, so rows are made only as fast
 * as they are taken.
 */
import { stat } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { isUserError } from '../errors.ts';
import type { SourceOptions } from './types.ts';
import type { WorkbookBatch } from './workbook-book.ts';
import type { WorkerReply, WorkerRequest } from './workbook-protocol.ts';

/**
 * SheetJS (workbook-book.ts) and the streaming reader are loaded when a request needs them: a thread that
 * samples an .xlsx starts without SheetJS's large module, and its first sample comes sooner.
 */
const sheetJs = () => import('./workbook-book.ts');
const streaming = () => import('./xlsx/reader.ts');

const port = parentPort;
if (!port) throw new Error('workbook-worker.ts runs as a worker thread only');

const reads = new Map<number, Generator<WorkbookBatch>>();
const reply = (message: WorkerReply) => port.postMessage(message);

function failure(id: number, error: unknown): WorkerReply {
  if (isUserError(error)) return { id, type: 'error', code: error.code, message: error.message };
  const errno = (error as NodeJS.ErrnoException).code;
  if (typeof errno === 'string') return { id, type: 'error', code: errno, message: String(error), errno: true };
  return { id, type: 'error', code: 'workbook-failed', message: error instanceof Error ? error.message : String(error) };
}

async function startRead(id: number, path: string, options: SourceOptions): Promise<void> {
  const { inspectBook, loadWorkbook, workbookBatches } = await sheetJs();
  const info = await inspectBook(path, options);
  const book = await loadWorkbook(path);
  const { size } = await stat(path);
  reads.set(id, workbookBatches(path, book, info, size));
  await nextBatch(id);
}

async function nextBatch(id: number): Promise<void> {
  const batches = reads.get(id);
  if (!batches) return;
  const next = batches.next();
  if (next.done) {
    reads.delete(id);
    (await sheetJs()).forgetWorkbook();
    reply({ id, type: 'done' });
  } else {
    reply({ id, type: 'batch', rows: next.value.rows, progress: next.value.progress });
  }
}

port.on('message', async (request: WorkerRequest) => {
  try {
    if (request.type === 'inspect') {
      const info = request.streamed
        ? await (await streaming()).inspectXlsx(request.path, request.options)
        : await (await sheetJs()).inspectBook(request.path, request.options);
      reply({ id: request.id, type: 'info', info });
    } else if (request.type === 'read') await startRead(request.id, request.path, request.options);
    else if (request.type === 'next') await nextBatch(request.id);
    else if (request.type === 'warm') {
      await streaming();
      reply({ id: request.id, type: 'done' });
    }
  } catch (error) {
    reads.delete(request.id);
    reply(failure(request.id, error));
  }
});
