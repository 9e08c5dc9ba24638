/**
 * How a command's run ends: the exit codes of docs/cli.md, the summary line or JSON, and the progress line
 * while it sends.
 */
import type { Counts } from '../../shared/contract.ts';
import { writeRejectedReport } from '../core/jobs/report.ts';
import type { Progress } from '../core/outbox/runner.ts';
import type { JobRecord } from '../core/store/job-store.ts';
import type { CliValues } from './args.ts';
import { pausedSummary, pauseLine } from './safety-options.ts';
import type { CliSession, Output } from './session.ts';

export const EXIT = { ok: 0, someRejected: 1, usage: 2, unfinished: 3, refused: 4 } as const;

export function summaryOf(job: JobRecord, counts: Counts) {
  const state = job.state === 'done' ? 'done' : job.state === 'failed' ? 'failed' : 'incomplete';
  const pending = counts.ready + counts.sending + counts.review;
  return {
    jobId: job.id,
    state,
    total: counts.total,
    imported: counts.imported,
    updated: counts.updated,
    rejected: counts.rejected,
    invalid: counts.invalid,
    pending,
    review: counts.review,
    warnings: counts.warnings,
    message: job.message,
    // Rows of the file that were empty (or only spaces) between its leads: left out, and said so.
    ...(job.source.emptyRows ? { emptyRows: job.source.emptyRows } : {}),
  };
}

/** ", 2 empty rows left out" when the file had any between its leads, else nothing. */
export const emptyRowsNote = (job: JobRecord): string =>
  job.source.emptyRows ? `, ${job.source.emptyRows} empty row${job.source.emptyRows === 1 ? '' : 's'} left out` : '';

export function exitFor(job: JobRecord, counts: Counts): number {
  if (job.state === 'failed') return EXIT.refused;
  if (job.state !== 'done' || counts.ready + counts.sending > 0) return EXIT.unfinished;
  if (counts.rejected + counts.invalid + counts.review > 0) return EXIT.someRejected;
  return EXIT.ok;
}

export function progressLine(p: Progress): string {
  const c = p.counts;
  const sent = c.imported + c.updated + c.rejected + c.review;
  const eta = p.etaSeconds !== undefined ? `, about ${Math.ceil(p.etaSeconds)} s left` : '';
  const wait = p.message ? ` — ${p.message}` : '';
  return `${p.state}: ${sent}/${c.total - c.invalid} sent (${c.imported} imported, ${c.updated} updated, ${c.rejected} rejected), ${Math.round(p.rate)}/s, ${p.concurrency} in flight${eta}${wait}`;
}

/** Waits for the job to settle, tells the result (line or JSON, the rejected report if asked) and returns the exit code. */
export async function finish(ctx: CliSession, jobId: string, values: CliValues, io: Output): Promise<number> {
  await ctx.host.jobs.idle();
  io.progress('');
  if (process.stderr.isTTY) process.stderr.write('\n');
  const told = ctx.finished();
  const stored = ctx.host.jobs.requireJob(jobId);
  // A run stopped by the store keeps its message in memory only: the store could not record it.
  const job = told?.message && told.state === 'incomplete' ? { ...stored, state: told.state, message: told.message } : stored;
  const counts = ctx.store.countByStatus(jobId);
  const paused = ctx.host.jobs.summary(job).paused;
  if (paused) io.err(`noojee-upload: ${pauseLine(job.id, paused)}`);
  else if (job.message) io.err(job.message);
  if (values['rejected-out']) {
    const written = await writeRejectedReport(ctx.store, jobId, values['rejected-out']);
    io.err(`${written} lead${written === 1 ? '' : 's'} not accepted: written to ${values['rejected-out']}`);
  }
  const summary = { ...summaryOf(job, counts), ...(paused ? { paused: pausedSummary(paused) } : {}) };
  if (values.json) io.out(JSON.stringify(summary));
  else
    io.out(
      `job ${job.id}: ${summary.state}, ${counts.total} leads: ${counts.imported} imported, ${counts.updated} updated, ${counts.rejected} rejected, ${counts.invalid} invalid, ${summary.pending} pending${emptyRowsNote(job)}`,
    );
  return exitFor(job, counts);
}
