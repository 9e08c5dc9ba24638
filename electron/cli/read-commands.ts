/** The commands that only read: jobs, report (no hold on the data folder), and the server's lists. */
import { lookup } from '../core/campaigner/lookups.ts';
import { writeRejectedReport } from '../core/jobs/report.ts';
import { type CliValues, positiveInt, UsageError } from './args.ts';
import { EXIT } from './outcome.ts';
import { serverBase } from './send-options.ts';
import { apiKeyFrom, type Output, openStoreForReading } from './session.ts';

export async function jobsCommand(values: CliValues, dataDir: string, io: Output): Promise<number> {
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

export async function reportCommand(values: CliValues, rest: string[], dataDir: string, io: Output): Promise<number> {
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

export async function listsCommand(values: CliValues, rest: string[], io: Output): Promise<number> {
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
