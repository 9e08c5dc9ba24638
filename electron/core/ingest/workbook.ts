/**
 * Workbooks (XLSX, XLS, ODS) are parsed by SheetJS in a worker thread: a parse is synchronous and takes
 * tens of seconds at Excel's row limit, which on the app's own event loop would freeze the window. The
 * worker that inspected a file keeps the parsed workbook for a while, so that the import which usually
 * follows does not parse it again; a read owns its worker and ends it when done or cancelled, which
 * frees the workbook's memory at once and stops even a parse that is still running.
 *
 * The Load step's sample of an .xlsx/.xlsm runs in the same worker, with the streaming reader. The app
 * starts that worker with the core (prepareWorkbookSample), so that the first sample does not wait for a
 * thread and its modules (which took seconds on a loaded machine): an idle worker that has loaded the
 * streaming reader, but not SheetJS, waits for it.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { UserError } from '../errors.ts';
import { findWorkerEntry } from '../worker-entry.ts';
import type { ReadControl, SourceInfo, SourceOptions, SourceRow } from './types.ts';
import type { WorkerReply, WorkerRequest } from './workbook-protocol.ts';

/** SheetJS, here only when there is no worker (a bundle that did not emit one): loaded when needed. */
let sheetJsHere: Promise<typeof import('./workbook-book.ts')> | undefined;
const sheetJs = () => {
  sheetJsHere ??= import('./workbook-book.ts');
  return sheetJsHere;
};

/** How long an inspected workbook stays parsed, waiting for its import. */
const KEEP_PARSED_MS = 60_000;

/** The worker's code beside this module: .ts from source; a bundle must emit workbook-worker.js beside itself. */
const workerEntry = () => findWorkerEntry('workbook-worker', import.meta.url);

interface Connection {
  ask(request: WorkerRequest): Promise<WorkerReply>;
  newId(): number;
  end(): void;
}

function connect(entry: URL): Connection {
  const worker = new Worker(entry);
  const waiting = new Map<number, (reply: WorkerReply) => void>();
  let broken: string | undefined;
  let lastId = 0;
  // Only a question in flight keeps the process alive; an idle worker must not hold up exit.
  const settle = () => (waiting.size > 0 ? worker.ref() : worker.unref());
  const failAll = (reason: string) => {
    broken ??= reason;
    for (const [id, resolve] of waiting) resolve({ id, type: 'error', code: 'workbook-failed', message: reason });
    waiting.clear();
    settle();
  };
  worker.on('message', (reply: WorkerReply) => {
    const resolve = waiting.get(reply.id);
    waiting.delete(reply.id);
    settle();
    resolve?.(reply);
  });
  worker.on('error', (error) => failAll(error.message));
  worker.on('exit', (code) => failAll(`the workbook reader stopped (exit code ${code})`));
  settle();
  return {
    newId: () => ++lastId,
    ask(request) {
      if (broken) return Promise.resolve({ id: request.id, type: 'error', code: 'workbook-failed', message: broken });
      return new Promise((resolve) => {
        waiting.set(request.id, resolve);
        settle();
        worker.postMessage(request);
      });
    },
    end() {
      void worker.terminate();
    },
  };
}

let kept: { connection: Connection; timer: NodeJS.Timeout | undefined } | undefined;
/** Whether a worker is kept ready for the next sample (the app; see prepareWorkbookSample). */
let prepared = false;
/** Settles when the worker kept ready has loaded the streaming reader (or failed to). */
let ready: Promise<unknown> = Promise.resolve();

function takeKept(): Connection | undefined {
  if (!kept) return undefined;
  clearTimeout(kept.timer);
  const { connection } = kept;
  kept = undefined;
  return connection;
}

/**
 * Keeps a worker for the next request: for a minute when it may hold a parsed workbook (or when no worker
 * is kept ready), else until it is used.
 */
function keep(connection: Connection, holdsWorkbook: boolean): void {
  const timer =
    holdsWorkbook || !prepared
      ? setTimeout(() => {
          if (kept?.connection === connection) kept = undefined;
          connection.end();
          if (prepared) prepareWorkbookSample();
        }, KEEP_PARSED_MS)
      : undefined;
  timer?.unref();
  kept = { connection, timer };
}

/**
 * Starts a workbook worker, loading the streaming reader, for the Load step's next sample; from then on a
 * worker is kept ready (one whose parsed workbook was dropped, or that an import took, is replaced).
 */
export function prepareWorkbookSample(): void {
  prepared = true;
  if (kept) return;
  const entry = workerEntry();
  if (!entry) return;
  const connection = connect(entry);
  // A worker that fails to start is not kept: the next sample starts its own, and says what failed.
  ready = connection.ask({ id: connection.newId(), type: 'warm' }).then((reply) => {
    if (reply.type === 'error' && kept?.connection === connection) takeKept()?.end();
  });
  keep(connection, false);
}

/** Settles once the worker kept ready for a sample has loaded its modules (for the benchmark and tests). */
export const workbookSampleReady = (): Promise<unknown> => ready;

function asError(path: string, reply: WorkerReply & { type: 'error' }): Error {
  if (reply.errno) return Object.assign(new Error(reply.message), { code: reply.code });
  // The worker's own refusals already name the file; a crash (out of memory, say) does not.
  if (reply.code !== 'workbook-failed') return new UserError(reply.code, reply.message);
  return new UserError('corrupt-workbook', `${basename(path)}: the workbook could not be read (${reply.message})`);
}

/** `streamed`: an .xlsx/.xlsm zip, sampled by the streaming reader (in the worker too, off the app's thread). */
export async function inspectWorkbook(path: string, options: SourceOptions, streamed = false): Promise<SourceInfo> {
  const entry = workerEntry();
  if (!entry) {
    return streamed
      ? (await import('./xlsx/reader.ts')).inspectXlsx(path, options)
      : (await sheetJs()).inspectBook(path, options);
  }
  const connection = takeKept() ?? connect(entry);
  const reply = await connection.ask({ id: connection.newId(), type: 'inspect', path, options, streamed });
  if (reply.type === 'error') {
    connection.end();
    if (prepared) prepareWorkbookSample();
    throw asError(path, reply);
  }
  keep(connection, !streamed);
  if (reply.type !== 'info') throw new Error(`workbook worker answered "${reply.type}" to inspect`);
  return reply.info;
}

export async function* readWorkbook(
  path: string,
  options: SourceOptions,
  control: ReadControl = {},
): AsyncGenerator<SourceRow[]> {
  const entry = workerEntry();
  if (!entry) {
    yield* readInProcess(path, options, control);
    return;
  }
  const cancelled = () => new UserError('cancelled', `${basename(path)}: reading was cancelled`);
  if (control.signal?.aborted) throw cancelled();
  const connection = takeKept() ?? connect(entry);
  const stop = () => connection.end();
  control.signal?.addEventListener('abort', stop, { once: true });
  try {
    const id = connection.newId();
    let reply = await connection.ask({ id, type: 'read', path, options });
    while (true) {
      if (control.signal?.aborted) throw cancelled();
      if (reply.type === 'error') throw asError(path, reply);
      if (reply.type === 'done') return;
      if (reply.type !== 'batch') throw new Error(`workbook worker answered "${reply.type}" to read`);
      control.onProgress?.(reply.progress);
      if (reply.rows.length > 0) yield reply.rows;
      reply = await connection.ask({ id, type: 'next' });
    }
  } finally {
    control.signal?.removeEventListener('abort', stop);
    connection.end();
    if (prepared) prepareWorkbookSample();
  }
}

/** Without a worker (a bundle that did not emit one): the same rows, with a turn of the event loop between batches. */
async function* readInProcess(path: string, options: SourceOptions, control: ReadControl): AsyncGenerator<SourceRow[]> {
  const { inspectBook, loadWorkbook, workbookBatches, forgetWorkbook: forgetLoaded } = await sheetJs();
  try {
    const info = await inspectBook(path, options);
    const book = await loadWorkbook(path);
    const { size } = await stat(path);
    for (const batch of workbookBatches(path, book, info, size)) {
      if (control.signal?.aborted) throw new UserError('cancelled', `${basename(path)}: reading was cancelled`);
      control.onProgress?.(batch.progress);
      if (batch.rows.length > 0) yield batch.rows;
      await yieldToEventLoop();
    }
  } finally {
    forgetLoaded();
  }
}

/** Drops any parsed workbook kept for a coming import (its memory). */
export async function forgetWorkbook(): Promise<void> {
  takeKept()?.end();
  if (prepared) prepareWorkbookSample();
  if (sheetJsHere) (await sheetJsHere).forgetWorkbook();
}
