/**
 * Re-mapping a stored job (a new mapping, options or target) without holding the main thread. The leads are
 * read and judged whole (own rules, across the file, the ledger) a chunk at a time in a worker thread with its
 * own database connection (remap-worker.ts, remap-judge.ts), up to two chunks ahead of the store; this thread
 * only writes the verdicts that change what is stored. Between chunks the event loop is free,
 * so the window, the sends of other jobs and progress events carry on. Without a worker entry (a bundle
 * that did not emit one) the same judging happens here, a chunk per turn of the event loop.
 *
 * A change of target alone (scope `ledger`) judges only the ledger's warnings of the leads ready to send.
 *
 * Cancelling stops between chunks. The rows re-checked so far then carry the new verdict and the rest the
 * old one, so the job is left without a mapping (job-service.ts): it cannot be submitted until a mapping is
 * applied whole.
 */
import { Worker } from 'node:worker_threads';
import { UserError } from '../errors.ts';
import type { JobStore } from '../store/job-store.ts';
import { findWorkerEntry } from '../worker-entry.ts';
import type { Ledger } from './cross-checks.ts';
import type { BuildRules } from './lead-reader-protocol.ts';
import { createRemapJudge } from './remap-judge.ts';
import type { RemapReply, RemapRequest, RemapScope, RemapStart, RemapSummary } from './remap-protocol.ts';

/**
 * Rows per chunk. This thread's share of a chunk (writing what changed, at worst every row) is what holds
 * its event loop, so chunks are kept moderate.
 */
export const REMAP_CHUNK = 4_000;

export interface RemapProgress {
  rowsDone: number;
  total: number;
}

export interface RemapInput {
  store: Pick<JobStore, 'file' | 'rejudgeLeads' | 'unsynced' | 'countByStatus' | 'reasonGroups'>;
  jobId: string;
  /** Rows in the job, for progress. */
  total: number;
  rules: BuildRules;
  /** `rows` unless told: every lead not yet sent by all its checks. */
  scope?: RemapScope;
  ledger?: Ledger;
  signal?: AbortSignal;
  onProgress?: (progress: RemapProgress) => void;
  /** Where the leads are read and judged: a worker by default. */
  thread?: 'worker' | 'here';
}

type Chunk = Extract<RemapReply, { type: 'chunk' }>;

/** One chunk of judged leads after another, from wherever they are judged. */
interface Chunks {
  next(): Promise<Chunk>;
  /** Once every verdict is stored. */
  summary(): Promise<RemapSummary>;
  close(): void;
}

function chunksHere(start: RemapStart, store: RemapInput['store']): Chunks {
  const judge = createRemapJudge(start);
  return {
    // One chunk per turn of the event loop.
    next: () =>
      new Promise((resolve, reject) =>
        setImmediate(() => {
          try {
            resolve(judge.next());
          } catch (error) {
            reject(error);
          }
        }),
      ),
    summary: async () => ({ counts: store.countByStatus(start.jobId), groups: store.reasonGroups(start.jobId) }),
    close: judge.close,
  };
}

function chunksFromWorker(entry: URL, start: RemapStart): Chunks {
  const worker = new Worker(entry);
  const arrived: Chunk[] = [];
  let waiting: { resolve(reply: Chunk | RemapSummary): void; reject(error: Error): void } | undefined;
  let summary: RemapSummary | undefined;
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
    waiting?.reject(failure);
    waiting = undefined;
  };
  worker.on('message', (reply: RemapReply) => {
    if (reply.type === 'error') return fail(new UserError('remap-failed', `Checking the rows failed: ${reply.message}`));
    const value = reply.type === 'summary' ? { counts: reply.counts, groups: reply.groups } : reply;
    if (waiting) {
      waiting.resolve(value);
      waiting = undefined;
    } else if (reply.type === 'summary') summary = value as RemapSummary;
    else arrived.push(reply);
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the re-mapping worker stopped (exit ${code})`)));
  const request = (message: RemapRequest) => worker.postMessage(message);
  const wait = <T extends Chunk | RemapSummary>(ready: () => T | undefined) =>
    new Promise<T>((resolve, reject) => {
      if (failure) return reject(failure);
      const now = ready();
      if (now) return resolve(now);
      waiting = { resolve: resolve as (reply: Chunk | RemapSummary) => void, reject };
    });
  request({ type: 'start', ...start });
  let taken = 0;
  return {
    next: () => {
      // Each chunk taken after the first frees a place ahead for the worker: the one before it is stored.
      if (taken++ > 0) request({ type: 'next' });
      return wait(() => arrived.shift());
    },
    summary: () => {
      request({ type: 'summary' });
      return wait(() => summary);
    },
    close: () => void worker.terminate(),
  };
}

/** Re-checks the job's leads; returns its new counts and reasons, or undefined when cancelled part-way. */
export async function remapLeads(input: RemapInput): Promise<RemapSummary | undefined> {
  const { store, jobId, rules } = input;
  const start: RemapStart = {
    file: store.file,
    jobId,
    rules,
    scope: input.scope ?? 'rows',
    ledger: input.ledger,
    chunk: REMAP_CHUNK,
    expectedRows: input.total,
  };
  const entry = input.thread === 'here' ? undefined : findWorkerEntry('remap-worker', import.meta.url);
  const chunks = entry ? chunksFromWorker(entry, start) : chunksHere(start, store);
  try {
    while (true) {
      if (input.signal?.aborted) return undefined;
      const chunk = await chunks.next();
      const { verdicts } = chunk;
      // Not waiting for the disk: the job was marked unmapped (synced) before the first chunk, and only the
      // final record of its new mapping, synced, makes these verdicts count (job-service.ts).
      if (verdicts.length > 0) store.unsynced(() => store.rejudgeLeads(jobId, verdicts));
      input.onProgress?.({ rowsDone: chunk.last ? input.total : Math.min(chunk.through, input.total), total: input.total });
      if (chunk.last) return chunk.summary ?? (await chunks.summary());
    }
  } finally {
    chunks.close();
  }
}
