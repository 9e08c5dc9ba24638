/**
 * Re-mapping a stored job (a new mapping, options or target) without holding the main thread. A worker
 * thread (remap-worker.ts) reads the job's leads with its own database connection and applies the rows'
 * own rules, a chunk at a time; this thread runs the checks across the file and against the ledger
 * (cheap, and needing every row in file order) and writes the verdicts. Between chunks the event loop is
 * free, so the window, the sends of other jobs and progress events carry on. Without a worker entry (a
 * bundle that did not emit one) the same happens here, a chunk per turn of the event loop.
 *
 * Cancelling stops between chunks. The rows re-checked so far then carry the new mapping's verdict and the
 * rest the old one's, so the job is left without a mapping (job-service.ts): it cannot be submitted until
 * a mapping is applied whole.
 */
import { Worker } from 'node:worker_threads';
import { checkedValuesOf, newCheckedValues } from '../../../shared/leads/file-checks.ts';
import { UserError } from '../errors.ts';
import type { JobStore } from '../store/job-store.ts';
import { findWorkerEntry } from '../worker-entry.ts';
import { createCrossChecks, createRowRules, type Ledger } from './build.ts';
import type { BuildRules } from './lead-reader-protocol.ts';
import { type RemapReply, type RemapRequest, type RemapSummary, rejudged, type Verdict, verdictOf } from './remap-protocol.ts';

/**
 * Rows per chunk. This thread's share of a chunk (the checks across the file and writing the verdicts) is
 * what holds its event loop, so chunks are kept moderate.
 */
export const REMAP_CHUNK = 2_000;

export interface RemapProgress {
  rowsDone: number;
  total: number;
}

export interface RemapInput {
  store: Pick<JobStore, 'file' | 'leadsFrom' | 'rejudgeLeads' | 'unsynced' | 'countByStatus' | 'reasonGroups'>;
  jobId: string;
  /** Rows in the job, for progress. */
  total: number;
  rules: BuildRules;
  ledger?: Ledger;
  signal?: AbortSignal;
  onProgress?: (progress: RemapProgress) => void;
  /** Where the leads are read and judged: a worker by default. */
  thread?: 'worker' | 'here';
}

/** One chunk of verdicts after another, from wherever they are made. */
interface Verdicts {
  next(): Promise<{ seen: number; judged: Verdict[]; last: boolean }>;
  /** Once every verdict is stored. */
  summary(): Promise<RemapSummary>;
  close(): void;
}

function verdictsHere(input: RemapInput): Verdicts {
  const rules = createRowRules(input.rules);
  let after = -1;
  return {
    // One chunk per turn of the event loop.
    next: () =>
      new Promise((resolve) =>
        setImmediate(() => {
          const leads = input.store.leadsFrom(input.jobId, after, REMAP_CHUNK);
          if (leads.length > 0) after = leads[leads.length - 1].seq;
          const judged = leads
            .filter((l) => rejudged(l.status, l.reason))
            .map((l) => verdictOf(rules.build({ rowNumber: l.rowNumber, cells: l.cells, raw: l.raw ?? undefined }, l.seq)));
          resolve({ seen: leads.length, judged, last: leads.length < REMAP_CHUNK });
        }),
      ),
    summary: async () => ({
      counts: input.store.countByStatus(input.jobId),
      groups: input.store.reasonGroups(input.jobId),
    }),
    close() {},
  };
}

function verdictsFromWorker(entry: URL, input: RemapInput): Verdicts {
  const worker = new Worker(entry);
  // biome-ignore lint/suspicious/noExplicitAny: one reply at a time; each request's caller knows its kind
  let waiting: { resolve(reply: any): void; reject(error: Error): void } | undefined;
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
    waiting?.reject(failure);
    waiting = undefined;
  };
  worker.on('message', (reply: RemapReply) => {
    if (reply.type === 'error') return fail(new UserError('remap-failed', `Checking the rows failed: ${reply.message}`));
    waiting?.resolve(reply);
    waiting = undefined;
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the re-mapping worker stopped (exit ${code})`)));
  let started = false;
  const ask = <T>(request: RemapRequest) =>
    new Promise<T>((resolve, reject) => {
      if (failure) return reject(failure);
      waiting = { resolve, reject };
      worker.postMessage(request);
    });
  return {
    next: () => {
      const request: RemapRequest = started
        ? { type: 'next' }
        : { type: 'start', file: input.store.file, jobId: input.jobId, rules: input.rules, chunk: REMAP_CHUNK };
      started = true;
      return ask(request);
    },
    summary: () => ask<RemapSummary>({ type: 'summary' }),
    close: () => void worker.terminate(),
  };
}

/** Re-checks every lead not yet sent; returns the job's new counts and reasons, or undefined when cancelled part-way. */
export async function remapLeads(input: RemapInput): Promise<RemapSummary | undefined> {
  const { store, jobId, rules } = input;
  const entry = input.thread === 'here' ? undefined : findWorkerEntry('remap-worker', import.meta.url);
  const verdicts = entry ? verdictsFromWorker(entry, input) : verdictsHere(input);
  const cross = createCrossChecks({ ...rules, ledger: input.ledger, expectedRows: input.total });
  const fields = createRowRules(rules).checkFields;
  const values = newCheckedValues(1, fields.length);
  let rowsDone = 0;
  try {
    while (true) {
      if (input.signal?.aborted) return undefined;
      const chunk = await verdicts.next();
      const checked = chunk.judged.map((verdict): Verdict => {
        if (verdict.status !== 'ready') return verdict;
        const more = cross.check(verdict.rowNumber, checkedValuesOf(fields, verdict.checked, values), 0);
        if (more.length === 0) return verdict;
        const issues = [...(verdict.issues ?? []), ...more];
        // Same verdict as createRowBuilder: the first error is the reason.
        const error = issues.find((i) => i.severity === 'error');
        return { ...verdict, issues, status: error ? 'invalid' : 'ready', reason: error?.message };
      });
      // Not waiting for the disk: the job was marked unmapped (synced) before the first chunk, and only the
      // final record of its new mapping, synced, makes these verdicts count (job-service.ts).
      store.unsynced(() => store.rejudgeLeads(jobId, checked));
      rowsDone += chunk.seen;
      if (chunk.seen > 0) input.onProgress?.({ rowsDone, total: input.total });
      if (chunk.last) return await verdicts.summary();
    }
  } finally {
    verdicts.close();
  }
}
