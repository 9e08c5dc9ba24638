/**
 * The ingest figure of docs/bench.md: a file read, decoded, mapped, validated and stored in the job
 * store, as the CLI does it. Prints rows/s and the process's peak RSS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { turnOnCompileCache } from '../electron/core/compile-cache.ts';
import { createJobService } from '../electron/core/jobs/job-service.ts';
import { openJobStore } from '../electron/core/store/job-store.ts';
import { defaultMapping } from '../shared/leads/mapping.ts';
import { peakRssMB, report } from './measure.ts';

// As the command line does: the reader's worker thread then loads its modules from the cache.
turnOnCompileCache();
const file = process.argv[2];
const sheet = process.argv[3];
const dataDir = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
const store = openJobStore(dataDir);
const service = createJobService({
  store,
  resolveTarget: async () => {
    throw new Error('the ingest benchmark sends nothing');
  },
});
const started = performance.now();
const cpuBefore = process.cpuUsage();
const info = await service.inspect(file, { sheet });
const mapping = defaultMapping(info.rawHeaders);
if (!mapping.ok) throw new Error(mapping.reason);
const { counts } = await service.importFile(
  file,
  { sheet },
  {
    mapping: mapping.mapping,
    options: { country: 'AU', dateOrder: 'dmy', allowDuplicates: false, contactHoursNames: [] },
  },
);
const seconds = (performance.now() - started) / 1000;
// Every thread of the process (the reader's worker included).
const cpu = process.cpuUsage(cpuBefore);
const peak = peakRssMB();
// The log is copied into the database in the background after an import: let it finish before deleting.
await store.checkpointsSettled();
store.close();
rmSync(dataDir, { recursive: true, force: true });
report({
  rows: counts.total,
  valid: counts.ready,
  invalid: counts.invalid,
  seconds,
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
  rowsPerSec: counts.total / seconds,
  peakRssMB: peak,
});
