/**
 * Re-mapping a stored job (a new mapping, options or target) without holding the main thread: the rows'
 * own rules run in a worker thread (remap-worker.ts), a chunk at a time, while this thread reads the next
 * chunk from the store; the checks across the file and against the ledger (cheap, and needing every row in
 * order) and the writes stay here. Between chunks the event loop is free, so the window, the sends of
 * other jobs and progress events carry on. Without a worker entry (a bundle that did not emit one) the
 * rules run here, a chunk per turn of the event loop.
 *
 * Cancelling stops between chunks. The rows re-checked so far carry the new mapping's verdict and the rest
 * the old one's, so the job is left without a mapping: it cannot be submitted until a mapping is applied
 * whole (job-service.ts says so to the person).
 */
import { Worker } from 'node:worker_threads';
import { checkedValuesOf, newCheckedValues } from '../../../shared/leads/file-checks.ts';
import { hasErrors } from '../../../shared/leads/normalise.ts';
import { UserError } from '../errors.ts';
import type { JobStore, LeadRow, LeadWrite } from '../store/job-store.ts';
import { findWorkerEntry } from '../worker-entry.ts';
import { type BuiltRow, createCrossChecks, createRowRules, type Ledger, type RowInput } from './build.ts';
import type { BuildRules } from './lead-reader-protocol.ts';
import type { RemapReply, RemapRequest } from './remap-protocol.ts';

export const REMAP_CHUNK = 5_000;

export interface RemapProgress {
  rowsDone: number;
  total: number;
}

export interface RemapInput {
  store: Pick<JobStore, 'leadsFrom' | 'rewriteLeads'>;
  jobId: string;
  /** Rows in the job, for progress. */
  total: number;
  rules: BuildRules;
  ledger?: Ledger;
  signal?: AbortSignal;
  onProgress?: (progress: RemapProgress) => void;
  /** Where the rules run: a worker by default. */
  thread?: 'worker' | 'here';
}

/** Judges rows by their own rules somewhere: in a worker, or here. */
interface Judge {
  judge(chunk: number, rows: (RowInput & { seq: number })[]): Promise<BuiltRow[]>;
  close(): void;
}

function judgeHere(rules: BuildRules): Judge {
  const rowRules = createRowRules(rules);
  return {
    // One chunk per turn of the event loop.
    judge: (_chunk, rows) => new Promise((resolve) => setImmediate(() => resolve(rows.map((r) => rowRules.build(r, r.seq))))),
    close() {},
  };
}

function judgeInWorker(entry: URL, rules: BuildRules): Judge {
  const worker = new Worker(entry);
  const waiting = new Map<number, { resolve(rows: BuiltRow[]): void; reject(error: Error): void }>();
  const failAll = (error: Error) => {
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  worker.on('message', (reply: RemapReply) => {
    if (reply.type === 'error') return failAll(new UserError('remap-failed', `Checking the rows failed: ${reply.message}`));
    waiting.get(reply.chunk)?.resolve(reply.judged);
    waiting.delete(reply.chunk);
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) => failAll(new Error(`the re-mapping worker stopped (exit ${code})`)));
  worker.postMessage({ type: 'rules', rules } satisfies RemapRequest);
  return {
    judge: (chunk, rows) =>
      new Promise((resolve, reject) => {
        waiting.set(chunk, { resolve, reject });
        worker.postMessage({ type: 'rows', chunk, rows } satisfies RemapRequest);
      }),
    close: () => void worker.terminate(),
  };
}

const asInput = (lead: LeadRow): RowInput & { seq: number } => ({
  seq: lead.seq,
  rowNumber: lead.rowNumber,
  cells: lead.cells,
  raw: lead.raw ?? undefined,
});

/** Re-checks every row not yet sent; returns false when cancelled part-way. */
export async function remapLeads(input: RemapInput): Promise<boolean> {
  const { store, jobId, rules } = input;
  const entry = input.thread === 'here' ? undefined : findWorkerEntry('remap-worker', import.meta.url);
  const judge = entry ? judgeInWorker(entry, rules) : judgeHere(rules);
  const cross = createCrossChecks({ ...rules, ledger: input.ledger, expectedRows: input.total });
  const fields = createRowRules(rules).checkFields;
  const values = newCheckedValues(1, fields.length);
  let rowsDone = 0;
  try {
    // The first chunk's rows; afterwards each chunk is read while the worker judges the one before.
    let after = -1;
    let leads = store.leadsFrom(jobId, after, REMAP_CHUNK);
    let chunk = 0;
    while (leads.length > 0) {
      if (input.signal?.aborted) return false;
      after = leads[leads.length - 1].seq;
      const pending = judge.judge(chunk++, leads.filter((l) => l.status === 'ready' || l.status === 'invalid').map(asInput));
      const seen = leads.length;
      const following = store.leadsFrom(jobId, after, REMAP_CHUNK);
      const judged = await pending;
      const writes: LeadWrite[] = judged.map(({ write, checked }) => {
        if (write.status !== 'ready') return write;
        const more = cross.check(write.rowNumber, checkedValuesOf(fields, checked, values), 0);
        if (more.length === 0) return write;
        const issues = [...(write.issues ?? []), ...more];
        const error = hasErrors(issues) ? issues.find((i) => i.severity === 'error') : undefined;
        // Same verdict as createRowBuilder: the first error is the reason.
        return { ...write, issues, status: error ? 'invalid' : 'ready', reason: error?.message };
      });
      store.rewriteLeads(jobId, writes);
      rowsDone += seen;
      input.onProgress?.({ rowsDone, total: input.total });
      leads = following;
      // Lets timers and I/O run between chunks even when the worker answered at once.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return true;
  } finally {
    judge.close();
  }
}
