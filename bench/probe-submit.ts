/**
 * The submit figure: a job of N leads sent to the simulator at the given URL with the app's engine
 * (batches, adaptive concurrency). The send phase alone is timed; RSS is sampled as leads settle.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createJobService } from '../electron/core/jobs/job-service.ts';
import type { RunResult } from '../electron/core/outbox/runner.ts';
import { openJobStore } from '../electron/core/store/job-store.ts';
import { defaultMapping } from '../shared/leads/mapping.ts';
import { peakRssMB, report } from './measure.ts';

const { values } = parseArgs({
  options: {
    file: { type: 'string' },
    url: { type: 'string' },
    key: { type: 'string' },
    'batch-size': { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '2' },
    // The canary and the refusal guard; unset, the app's defaults apply (as for a job submitted in the app).
    canary: { type: 'string' },
    'max-refusal-rate': { type: 'string' },
  },
});
const dataDir = mkdtempSync(join(tmpdir(), 'bench-submit-'));
const store = openJobStore(dataDir);
let result: RunResult | undefined;
const rss: { settled: number; rssMB: number }[] = [];
const service = createJobService({
  store,
  timings: { backoffBaseMs: 100 },
  resolveTarget: async (job) => ({
    base: String(values.url),
    apiKey: String(values.key),
    templateId: job.target?.templateId ?? 41,
    campaignId: job.target?.campaignId ?? 42,
    allocationId: job.target?.allocationId ?? 40,
    allowDuplicates: false,
  }),
  onProgress: (p) => {
    const settled = p.counts.imported + p.counts.updated + p.counts.rejected + p.counts.review;
    rss.push({ settled, rssMB: Math.round(process.memoryUsage().rss / 1048576) });
  },
  onFinished: (_id, r) => {
    result = r;
  },
});
const info = await service.inspect(String(values.file), {});
const mapping = defaultMapping(info.rawHeaders);
if (!mapping.ok) throw new Error(mapping.reason);
const options = { country: 'AU', dateOrder: 'dmy' as const, allowDuplicates: false, contactHoursNames: [] };
const { jobId, counts } = await service.importFile(String(values.file), {}, { mapping: mapping.mapping, options });
const started = performance.now();
service.submit(
  jobId,
  { serverUrl: String(values.url), templateId: 41, campaignId: 42, allocationId: 40 },
  {
    method: 'insertLeads',
    batchEndpoint: 'insertLeads',
    batchSize: Number(values['batch-size']),
    concurrency: Number(values.concurrency),
    allowDuplicates: false,
    canary: values.canary === undefined ? undefined : Number(values.canary),
    maxRefusalRate: values['max-refusal-rate'] === undefined ? undefined : Number(values['max-refusal-rate']),
  },
);
await service.idle();
const seconds = (performance.now() - started) / 1000;
store.close();
rmSync(dataDir, { recursive: true, force: true });
const at = (fraction: number) => rss.find((r) => r.settled >= counts.ready * fraction)?.rssMB ?? 0;
report({
  leads: counts.ready,
  state: result?.state,
  imported: result?.counts.imported,
  seconds,
  leadsPerSec: counts.ready / seconds,
  concurrencyHistory: result?.concurrencyHistory,
  rssAt10MB: at(0.1),
  rssAt90MB: at(0.9),
  peakRssMB: peakRssMB(),
});
