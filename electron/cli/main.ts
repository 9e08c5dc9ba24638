/**
 * The headless command line (docs/cli.md) over the core: upload, resume, jobs, report, lists.
 * Errors a person can act on are one line on stderr; the key is read from an environment variable only.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Counts, MappingSpec, NormaliseOptions, SendSettings } from '../../shared/contract.ts';
import { NO_TIME_NOTE } from '../../shared/leads/date.ts';
import { defaultMapping } from '../../shared/leads/mapping.ts';
import { parseMappingFile } from '../../shared/leads/mapping-file.ts';
import { normaliseServerUrl } from '../../shared/server-url.ts';
import { lookup } from '../core/campaigner/lookups.ts';
import { defaultDataDir } from '../core/data-dir.ts';
import { isUserError } from '../core/errors.ts';
import { DataFolderBusyError } from '../core/host/data-folder-lock.ts';
import { writeRejectedReport } from '../core/jobs/report.ts';
import type { Progress } from '../core/outbox/runner.ts';
import { redact } from '../core/redact.ts';
import type { JobRecord } from '../core/store/job-store.ts';
import { storageErrorOf } from '../core/store/storage-error.ts';
import { type CliValues, pairs, parseCli, positiveInt, USAGE, UsageError } from './args.ts';
import { fixCommand } from './fix.ts';
import { fitToRecordedTemplate } from './recorded-template.ts';
import { pausedSummary, pauseLine, safetySettings } from './safety-options.ts';
import { apiKeyFrom, type CliSession, type Output, openSession, openStoreForReading } from './session.ts';

export const EXIT = { ok: 0, someRejected: 1, usage: 2, unfinished: 3, refused: 4 } as const;

const terminal: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  progress: (line) => {
    if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${line}`);
  },
};

function serverBase(values: CliValues): string {
  if (!values.server) throw new UsageError('--server is required');
  const url = normaliseServerUrl(values.server);
  if (!url.ok) throw new UsageError(url.reason);
  return url.base;
}

function summaryOf(job: JobRecord, counts: Counts) {
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
  };
}

function exitFor(job: JobRecord, counts: Counts): number {
  if (job.state === 'failed') return EXIT.refused;
  if (job.state !== 'done' || counts.ready + counts.sending > 0) return EXIT.unfinished;
  if (counts.rejected + counts.invalid + counts.review > 0) return EXIT.someRejected;
  return EXIT.ok;
}

function progressLine(p: Progress): string {
  const c = p.counts;
  const sent = c.imported + c.updated + c.rejected + c.review;
  const eta = p.etaSeconds !== undefined ? `, about ${Math.ceil(p.etaSeconds)} s left` : '';
  const wait = p.message ? ` — ${p.message}` : '';
  return `${p.state}: ${sent}/${c.total - c.invalid} sent (${c.imported} imported, ${c.updated} updated, ${c.rejected} rejected), ${Math.round(p.rate)}/s, ${p.concurrency} in flight${eta}${wait}`;
}

export async function main(argv: string[], io: Output = terminal): Promise<number> {
  let parsed: ReturnType<typeof parseCli>;
  try {
    parsed = parseCli(argv);
  } catch (error) {
    io.err(`noojee-upload: ${(error as Error).message} (see --help)`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === 'help') {
    io.out(USAGE);
    return EXIT.ok;
  }
  if (!command) {
    io.err('noojee-upload: no command given (upload, resume, jobs, report, fix, lists; see --help)');
    return EXIT.usage;
  }
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  // The command's hold on the data folder, released however the command ends; `stored` says whether a
  // job of this run is in the store (a storage failure then exits 3, resumable, rather than 2).
  const run$ = { session: undefined as CliSession | undefined, stored: false };
  const open = async () => {
    run$.session = await openSession(dataDir, values, io, progressLine);
    return run$.session;
  };
  const commands: Record<string, () => Promise<number>> = {
    upload: () => upload(values, rest, open, run$, io),
    resume: () => resumeCommand(values, rest, open, run$, io),
    jobs: () => jobsCommand(values, dataDir, io),
    report: () => reportCommand(values, rest, dataDir, io),
    lists: () => listsCommand(values, rest, io),
    // A correction writes the store, so it holds the data folder like an upload does.
    fix: async () => {
      const ctx = await open();
      await fixCommand({ service: ctx.host.jobs, store: ctx.store }, values, rest[0], io);
      return EXIT.ok;
    },
  };
  const run = commands[command];
  if (!run) {
    io.err(`noojee-upload: unknown command "${command}" (upload, resume, jobs, report, fix, lists; see --help)`);
    return EXIT.usage;
  }
  try {
    return await run();
  } catch (error) {
    const storage = storageErrorOf(error);
    if (storage) {
      io.err(`noojee-upload: ${redact(storage.message)}`);
      return run$.stored ? EXIT.unfinished : EXIT.usage;
    }
    if (error instanceof DataFolderBusyError) {
      io.err(`noojee-upload: ${error.message}: wait for it to finish, or add --wait-for-lock`);
      return EXIT.usage;
    }
    if (error instanceof UsageError) {
      io.err(`noojee-upload: ${redact(error.message)}`);
      return EXIT.usage;
    }
    if (isUserError(error)) {
      io.err(`noojee-upload: ${redact(error.message)}`);
      return error.code === 'refused' ? EXIT.refused : error.code === 'unreachable' ? EXIT.unfinished : EXIT.usage;
    }
    const detail = error instanceof Error ? error.message : String(error);
    io.err(`noojee-upload: unexpected error: ${redact(detail)}`);
    if (process.env.NOOJEE_DEBUG === '1' && error instanceof Error) io.err(redact(error.stack ?? ''));
    return EXIT.unfinished;
  } finally {
    await closeSession(run$.session, io);
  }
}

async function closeSession(session: CliSession | undefined, io: Output): Promise<void> {
  try {
    await session?.host.close();
  } catch (error) {
    // The result is already told; a store that cannot close (a full disk) loses nothing committed.
    io.err(`noojee-upload: note: the job store did not close cleanly: ${redact((error as Error).message)}`);
  }
}

function buildSpec(values: CliValues, headers: string[]): { mapping: MappingSpec; options: NormaliseOptions } {
  let mapping: MappingSpec;
  const explicit = pairs('map', values.map);
  const constants = pairs('set', values.set);
  if (values.mapping) {
    let text: string;
    try {
      text = readFileSync(values.mapping, 'utf8');
    } catch {
      throw new UsageError(`--mapping ${values.mapping}: the file cannot be read`);
    }
    const file = parseMappingFile(text, values.mapping);
    if (!file.ok) throw new UsageError(file.reason);
    mapping = file.mapping;
    Object.assign(mapping.fields, explicit);
  } else if (Object.keys(explicit).length) {
    mapping = { fields: explicit, constants: {}, phoneFields: [] };
  } else {
    const d = defaultMapping(headers);
    if (!d.ok) throw new UsageError(d.reason);
    mapping = d.mapping;
  }
  mapping.constants = { ...mapping.constants, ...constants };
  mapping.phoneFields = [...new Set([...mapping.phoneFields, ...values['phone-field']])];
  const dateOrder = values['date-order'];
  if (dateOrder !== 'dmy' && dateOrder !== 'mdy') throw new UsageError('--date-order must be dmy or mdy');
  if (!/^[A-Za-z]{2}$/.test(values.country))
    throw new UsageError(`--country must be a two-letter country code (got "${values.country}")`);
  return {
    mapping,
    options: {
      country: values.country.toUpperCase(),
      dateOrder,
      allowDuplicates: values['allow-duplicates'],
      contactHoursNames: [],
    },
  };
}

function sendSettings(values: CliValues): SendSettings {
  const method = values.method;
  if (method !== 'insertLeads' && method !== 'insertLeadFast')
    throw new UsageError('--method must be insertLeads or insertLeadFast');
  const endpoint = values['batch-endpoint'] ?? 'insertLeads';
  if (!/^[A-Za-z]+$/.test(endpoint)) throw new UsageError('--batch-endpoint must be a method name such as insertLeadsFast');
  return {
    method,
    batchEndpoint: endpoint,
    batchSize: positiveInt('batch-size', values['batch-size'], { max: 5000 }),
    concurrency: positiveInt('concurrency', values.concurrency, { max: 16 }),
    allowDuplicates: values['allow-duplicates'],
    ...safetySettings(values),
  };
}

async function finish(ctx: CliSession, jobId: string, values: CliValues, io: Output): Promise<number> {
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
      `job ${job.id}: ${summary.state}, ${counts.total} leads: ${counts.imported} imported, ${counts.updated} updated, ${counts.rejected} rejected, ${counts.invalid} invalid, ${summary.pending} pending`,
    );
  return exitFor(job, counts);
}

type Open = () => Promise<CliSession>;

async function upload(values: CliValues, rest: string[], open: Open, run$: { stored: boolean }, io: Output): Promise<number> {
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
        `dry run: ${counts.total} leads, ${counts.ready} valid, ${counts.invalid} invalid, ${counts.warnings} with warnings; nothing sent`,
      );
    return counts.invalid > 0 ? EXIT.someRejected : EXIT.ok;
  }
  if (!target) throw new UsageError('--server, --template, --campaign and --allocation are required');
  ctx.host.jobs.submit(jobId, target, settings);
  return finish(ctx, jobId, values, io);
}

async function resumeCommand(
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

async function jobsCommand(values: CliValues, dataDir: string, io: Output): Promise<number> {
  const store = openStoreForReading(dataDir);
  const jobs = store.listJobs();
  store.close();
  if (values.json) {
    io.out(
      JSON.stringify(jobs.map((j) => ({ jobId: j.id, file: j.fileName, createdAt: j.createdAt, state: j.state, ...j.counts }))),
    );
    return EXIT.ok;
  }
  if (jobs.length === 0) io.out('no jobs');
  for (const j of jobs) {
    const c = j.counts;
    io.out(
      `${j.id}\t${j.createdAt.slice(0, 16).replace('T', ' ')}\t${j.state}\t${j.fileName}\t${c.total} leads: ${c.imported} imported, ${c.updated} updated, ${c.rejected} rejected, ${c.invalid} invalid, ${c.ready + c.sending} pending`,
    );
  }
  return EXIT.ok;
}

async function reportCommand(values: CliValues, rest: string[], dataDir: string, io: Output): Promise<number> {
  const jobId = rest[0];
  if (!jobId) throw new UsageError('report needs a job id: report <jobId> --rejected-out FILE');
  if (!values['rejected-out']) throw new UsageError('report needs --rejected-out FILE (.csv or .xlsx)');
  const store = openStoreForReading(dataDir);
  try {
    if (!store.getJob(jobId)) throw new UsageError(`there is no job ${jobId}`);
    const written = await writeRejectedReport(store, jobId, values['rejected-out']);
    io.out(`${written} lead${written === 1 ? '' : 's'} not accepted: written to ${values['rejected-out']}`);
    return EXIT.ok;
  } finally {
    store.close();
  }
}

async function listsCommand(values: CliValues, rest: string[], io: Output): Promise<number> {
  const what = rest[0];
  const base = serverBase(values);
  const apiKey = apiKeyFrom(values['api-key-env']);
  const target = { base, apiKey };
  let entities: { id: number; name: string }[];
  if (what === 'templates') entities = await lookup(target, 'getCampaignTemplateList');
  else if (what === 'campaigns')
    entities = await lookup(target, 'getCampaignList', { fTemplateId: positiveInt('template', values.template) });
  else if (what === 'allocations')
    entities = await lookup(target, 'getAllocationList', { fCampaignId: positiveInt('campaign', values.campaign) });
  else throw new UsageError('lists needs one of: templates, campaigns --template ID, allocations --campaign ID');
  if (values.json) io.out(JSON.stringify(entities));
  else for (const e of entities) io.out(`${e.id}\t${e.name}`);
  return EXIT.ok;
}

if (import.meta.main) {
  const code = await main(process.argv.slice(2));
  process.exitCode = code;
}
