/** The commands that send: upload a file (or check it with --dry-run), resume a job. */
import { NO_TIME_NOTE } from '../../shared/leads/date.ts';
import { writeRejectedReport } from '../core/jobs/report.ts';
import { type CliValues, positiveInt, UsageError } from './args.ts';
import { EXIT, emptyRowsNote, finish, summaryOf } from './outcome.ts';
import { fitToRecordedTemplate } from './recorded-template.ts';
import { buildSpec, sendSettings, serverBase } from './send-options.ts';
import { apiKeyFrom, type CliSession, type Output } from './session.ts';

export type Open = () => Promise<CliSession>;

export async function upload(
  values: CliValues,
  rest: string[],
  open: Open,
  run$: { stored: boolean },
  io: Output,
): Promise<number> {
  const file = rest[0];
  if (!file || rest.length > 1) throw new UsageError('upload takes one file: upload <file>');
  if (values['continue-anyway']) throw new UsageError('--continue-anyway is for resume: resume <jobId> --continue-anyway');
  const dryRun = values['dry-run'];
  const base = dryRun && !values.server ? undefined : serverBase(values);
  const ids =
    dryRun && !values.template
      ? undefined
      : {
          templateId: positiveInt('template', values.template),
          campaignId: positiveInt('campaign', values.campaign),
          allocationId: positiveInt('allocation', values.allocation),
        };
  const keyEnv = values['api-key-env'];
  if (!dryRun) apiKeyFrom(keyEnv);
  const settings = sendSettings(values);
  const ctx = await open();
  const sourceOptions = {
    sheet: values.sheet,
    headerRow: values['header-row'] ? positiveInt('header-row', values['header-row']) : undefined,
    encoding: values.encoding,
    delimiter: values.delimiter === '\\t' || values.delimiter === 'tab' ? '\t' : values.delimiter,
  };
  const info = await ctx.host.jobs.inspect(file, sourceOptions);
  const built = buildSpec(values, info.rawHeaders);
  const target = base && ids ? { serverUrl: base, keyEnv, ...ids } : undefined;
  const recorded = fitToRecordedTemplate(ctx.host.dataDir, target, built.mapping, io.err);
  const spec = {
    mapping: recorded.mapping,
    fields: recorded.fields,
    options: { ...built.options, contactHoursNames: recorded.contactHoursNames },
  };
  // Once for the file, not a warning per row: most dates without a time mean "that day" (shared/leads/date.ts).
  if (spec.mapping.fields.njCallBackDate !== undefined) io.err(`note: ${NO_TIME_NOTE.toLowerCase()}`);
  if (info.sameFileJobs.length) {
    const earlier = info.sameFileJobs[0];
    io.err(
      `note: this file was uploaded before (job ${earlier.id}, ${earlier.createdAt.slice(0, 16).replace('T', ' ')}, ${earlier.state})`,
    );
  }
  const { jobId, counts } = await ctx.host.jobs.importFile(file, sourceOptions, { ...spec, target }, (_id, p) =>
    io.progress(
      `reading: ${p.rowsRead.toLocaleString('en-AU')} rows (${Math.round((100 * p.bytesRead) / Math.max(1, p.totalBytes))}%)`,
    ),
  );
  run$.stored = !dryRun;
  io.progress('');
  if (dryRun) {
    const job = ctx.host.jobs.requireJob(jobId);
    if (values['rejected-out']) await writeRejectedReport(ctx.store, jobId, values['rejected-out']);
    const summary = { ...summaryOf(job, counts), state: 'incomplete', pending: counts.ready, dryRun: true };
    ctx.store.deleteJob(jobId);
    if (values.json) io.out(JSON.stringify(summary));
    else
      io.out(
        `dry run: ${counts.total} leads, ${counts.ready} valid, ${counts.invalid} invalid, ${counts.warnings} with warnings${emptyRowsNote(job)}; nothing sent`,
      );
    return counts.invalid > 0 ? EXIT.someRejected : EXIT.ok;
  }
  if (!target) throw new UsageError('--server, --template, --campaign and --allocation are required');
  ctx.host.jobs.submit(jobId, target, settings);
  return finish(ctx, jobId, values, io);
}

export async function resumeCommand(
  values: CliValues,
  rest: string[],
  open: Open,
  run$: { stored: boolean },
  io: Output,
): Promise<number> {
  const ctx = await open();
  run$.stored = true;
  let jobId = rest[0];
  if (!jobId) {
    const unfinished = ctx.store.listJobs().find((j) => j.target && !['done', 'cancelled', 'draft'].includes(j.state));
    if (!unfinished) {
      io.err('noojee-upload: there is no unfinished job to resume');
      return EXIT.usage;
    }
    jobId = unfinished.id;
  }
  const job = ctx.store.getJob(jobId);
  if (!job) throw new UsageError(`there is no job ${jobId}`);
  if (values['fixed-only']) {
    if (ctx.store.countFixed(jobId) === 0)
      throw new UsageError(`job ${jobId} has no fixed leads to send (fix some first: fix ${jobId} --rows … --set …)`);
    ctx.host.jobs.resume(jobId, { scope: 'fixed', continueAnyway: values['continue-anyway'] });
    return finish(ctx, jobId, values, io);
  }
  if (job.state === 'done' && job.counts.ready === 0) return finish(ctx, jobId, values, io);
  // A plain resume sends every unsent lead, the rest of a job sent for its fixed leads only included.
  ctx.host.jobs.resume(jobId, { scope: 'all', continueAnyway: values['continue-anyway'] });
  return finish(ctx, jobId, values, io);
}
