/**
 * A file → batches of leads ready for the store. Streamed files (text, .xlsx, .xlsm) are read, mapped and
 * validated in a worker thread while this thread stores what came before (see lead-reader-worker.ts);
 * other workbooks are parsed in their own worker already (ingest/workbook.ts), so their rows are built here. Without a worker
 * (a bundle that did not emit one) everything happens here, a batch per turn of the event loop.
 */
import { basename } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { UserError } from '../errors.ts';
import { isStreamedFile, readSource } from '../ingest/index.ts';
import type { ReadControl, SourceOptions } from '../ingest/types.ts';
import { watchText } from '../store/cells.ts';
import type { LeadBatch } from '../store/lead-batch.ts';
import { findWorkerEntry } from '../worker-entry.ts';
import { crossCheckBatch, type RuledBatch, ruleBatch, ruleUnruledBatch } from './batch-transport.ts';
import { createCrossChecks, type Ledger } from './cross-checks.ts';
import type { BuildRules, ReadMessage, ReadRequest, ShareRules } from './lead-reader-protocol.ts';
import { createRowRules } from './row-rules.ts';

/**
 * V8 moves objects of an allocation site straight to the old generation once many of them survive a
 * collection. Reading a large file, the parser's rows live for about one batch: V8 takes them for long-lived,
 * and the old generation then collects them at many times the cost. Measured per million rows: the reader
 * thread's garbage collection 1.3 s with it, 0.5 s without; in alternating runs the whole ingest took 9–26 %
 * longer with it. V8's flags are the process's: set once, when the core is loaded, before any reader's
 * thread exists.
 */
setFlagsFromString('--no-allocation-site-pretenuring');

/**
 * The reader's thread makes each row's strings and drops them a batch later, so many outlive a young
 * collection: V8 then grows the thread's young generation to about 100 MB, and promotes what survives to
 * an old generation collected late. Capped (48 MB: semi-spaces of 16 MB), in runs on one loaded machine
 * the same rows as CSV peaked at 389–414 MB instead of 499–544 MB, and as a workbook 576 MB instead of
 * 680–718 MB (with its shared strings stored more tightly too), for the same CPU time within the noise
 * (docs/engine.md, "Reading an Excel workbook").
 */
const READER_THREAD = { resourceLimits: { maxYoungGenerationSizeMb: 48 } };

export interface ReadLeadsInput {
  path: string;
  kind: 'csv' | 'workbook';
  options: SourceOptions;
  /** Without rules (the app before a mapping is chosen) rows are kept as read. */
  rules?: BuildRules;
  /** What this app already sent to the campaign, for the checks across the file. */
  ledger?: Ledger;
  /** A guess at the number of rows, to size the checks across the file up front. */
  expectedRows?: number;
  control?: ReadControl;
  /**
   * Where the rows are read: by default a worker for streamed files (text, .xlsx, .xlsm) and this thread
   * for the others (SheetJS parses those in a worker of its own).
   */
  thread?: 'worker' | 'here';
  /** With a worker: when it leaves a batch's rules to this thread (see lead-reader-protocol.ts). */
  shareRules?: ShareRules;
}

export function readLeads(input: ReadLeadsInput): AsyncGenerator<LeadBatch> {
  const wanted = input.thread ?? (isStreamedFile(input.path) ? 'worker' : 'here');
  const entry = wanted === 'worker' ? findWorkerEntry('lead-reader-worker', import.meta.url) : undefined;
  return entry ? readInWorker(entry, input) : readHere(input);
}

/**
 * A reader's worker started ahead of its read: starting a thread and loading its modules takes a few
 * hundred milliseconds, spent while the file is inspected and its columns mapped instead of after the
 * person presses Import. One at a time; it gives up after WARM_FOR_MS unused, and never keeps the app
 * from quitting.
 */
let warm: { worker: Worker; timer: NodeJS.Timeout } | undefined;
const WARM_FOR_MS = 120_000;

export function prepareReader(): void {
  if (warm) return;
  const entry = findWorkerEntry('lead-reader-worker', import.meta.url);
  if (!entry) return;
  const worker = new Worker(entry, READER_THREAD);
  worker.unref();
  const forget = () => {
    if (warm?.worker !== worker) return;
    clearTimeout(warm.timer);
    warm = undefined;
  };
  // A worker that fails before it is used is simply not used; the read starts a new one.
  worker.once('error', forget);
  worker.once('exit', forget);
  const timer = setTimeout(() => {
    forget();
    void worker.terminate();
  }, WARM_FOR_MS);
  timer.unref();
  warm = { worker, timer };
}

/** Whether a worker is waiting for a read (for tests). */
export const readerIsWarm = () => warm !== undefined;

function takeWarmWorker(): Worker | undefined {
  if (!warm) return undefined;
  const { worker, timer } = warm;
  warm = undefined;
  clearTimeout(timer);
  worker.ref();
  return worker;
}

async function* readHere({ path, options, rules, ledger, expectedRows, control }: ReadLeadsInput): AsyncGenerator<LeadBatch> {
  const rowRules = rules ? createRowRules(rules) : undefined;
  const cross = rules ? createCrossChecks({ ...rules, ledger, expectedRows }) : undefined;
  let seq = 0;
  const text = watchText();
  for await (const rows of readSource(path, options, { ...control, onText: text.onText, onCellsPlain: text.onCellsPlain })) {
    yield crossCheckBatch(ruleBatch(rows, rowRules, seq, text.cellsArePlain()), cross);
    seq += rows.length;
  }
}

async function* readInWorker(
  entry: URL,
  { path, options, rules, ledger, expectedRows, control = {}, shareRules }: ReadLeadsInput,
): AsyncGenerator<LeadBatch> {
  const name = basename(path);
  const cross = rules ? createCrossChecks({ ...rules, ledger, expectedRows }) : undefined;
  if (control.signal?.aborted) throw new UserError('cancelled', `${name}: reading was cancelled`);
  const taken = new Int32Array(new SharedArrayBuffer(4));
  const request: ReadRequest = { path, options, rules, taken, shareRules };
  // The rules, for batches whose rules the worker leaves to this thread.
  const rowRules = rules ? createRowRules(rules) : undefined;
  const worker = takeWarmWorker() ?? new Worker(entry, READER_THREAD);
  worker.postMessage(request);
  const inbox: ReadMessage[] = [];
  let failure: Error | undefined;
  let exited = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  worker.on('message', (message: ReadMessage) => {
    inbox.push(message);
    notify();
  });
  worker.on('error', (error) => {
    failure ??= error;
    notify();
  });
  worker.on('exit', () => {
    exited = true;
    notify();
  });
  const stop = () => {
    failure ??= new UserError('cancelled', `${name}: reading was cancelled`);
    void worker.terminate();
    notify();
  };
  control.signal?.addEventListener('abort', stop, { once: true });
  try {
    while (true) {
      if (failure) throw failure;
      const message = inbox.shift();
      if (!message) {
        if (exited) throw new Error(`the reader of ${name} stopped before the end of the file`);
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (message.type === 'error') {
        throw message.code ? new UserError(message.code, message.message) : new Error(message.message);
      }
      if (message.progress) control.onProgress?.(message.progress);
      if (message.type === 'done') return;
      let ruled: RuledBatch;
      if (message.type === 'batch') ruled = message.ruled;
      else if (rowRules) ruled = ruleUnruledBatch(message.unruled, rowRules);
      else throw new Error(`the reader of ${name} left rules to apply where there are none`);
      yield crossCheckBatch(ruled, cross);
      Atomics.add(taken, 0, 1);
      Atomics.notify(taken, 0);
    }
  } finally {
    control.signal?.removeEventListener('abort', stop);
    void worker.terminate();
  }
}
