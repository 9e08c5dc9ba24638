/**
 * The remap figure of docs/bench.md: a stored job of N rows (read without rules) checked again by a mapping,
 * as the app's "Apply mapping" does, while the main thread's event-loop delay is watched (perf_hooks, 1 ms
 * resolution). Then the same rules for another campaign (only the ledger is checked again), and, for
 * comparison in the same run, the same job checked by the synchronous applyMapping, whose delay is its
 * whole duration.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { turnOnCompileCache } from '../electron/core/compile-cache.ts';
import { createJobService } from '../electron/core/jobs/job-service.ts';
import { openJobStore } from '../electron/core/store/job-store.ts';
import { defaultMapping } from '../shared/leads/mapping.ts';
import { report } from './measure.ts';

turnOnCompileCache();
const file = process.argv[2];
const dataDir = mkdtempSync(join(tmpdir(), 'bench-remap-'));
const store = openJobStore(dataDir);
const service = createJobService({
  store,
  resolveTarget: async () => {
    throw new Error('the remap benchmark sends nothing');
  },
});
const info = await service.inspect(file, {});
const mapping = defaultMapping(info.rawHeaders);
if (!mapping.ok) throw new Error(mapping.reason);
const { jobId } = await service.importFile(file, {});
await store.checkpointsSettled();
const spec = {
  mapping: mapping.mapping,
  options: { country: 'AU', dateOrder: 'dmy' as const, allowDuplicates: false, contactHoursNames: [] },
};

const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
let started = performance.now();
const counts = (await service.remap(jobId, spec))?.counts;
const seconds = (performance.now() - started) / 1000;
delay.disable();
if (!counts) throw new Error('the remap was cancelled');

// Another campaign, the same rules: the ledger alone is checked again.
started = performance.now();
const retarget = await service.remap(jobId, {
  ...spec,
  target: { serverUrl: 'http://127.0.0.1:9', templateId: 41, campaignId: 42, allocationId: 40 },
});
const retargetSeconds = (performance.now() - started) / 1000;
if (retarget?.rechecked !== 'ledger') throw new Error(`a change of target re-checked ${retarget?.rechecked}`);

started = performance.now();
service.applyMapping(jobId, spec);
const syncSeconds = (performance.now() - started) / 1000;

await store.checkpointsSettled();
store.close();
rmSync(dataDir, { recursive: true, force: true });
report({
  rows: counts.total,
  seconds,
  maxEventLoopDelayMs: delay.max / 1e6,
  p99EventLoopDelayMs: delay.percentile(99) / 1e6,
  retargetSeconds,
  syncSeconds,
});
