/**
 * The edit figure of docs/bench.md: corrections of a large stored job. After the file is read into a
 * job, it times the first correction (which builds the job's phone index), a single cell edit with the
 * file-wide duplicate check, one action over `bulkRows` rows, and undoing it, while it watches how long
 * the event loop is ever held (the app's main thread runs these).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { turnOnCompileCache } from '../electron/core/compile-cache.ts';
import { createJobService } from '../electron/core/jobs/job-service.ts';
import { openJobStore } from '../electron/core/store/job-store.ts';
import { defaultMapping } from '../shared/leads/mapping.ts';
import { peakRssMB, report } from './measure.ts';

turnOnCompileCache();
const file = process.argv[2];
const bulkRows = Number(process.argv[3] ?? 100_000);
const dataDir = mkdtempSync(join(tmpdir(), 'bench-edit-'));
const store = openJobStore(dataDir);
const service = createJobService({
  store,
  resolveTarget: async () => {
    throw new Error('the edit benchmark sends nothing');
  },
});
const info = await service.inspect(file, {});
const mapping = defaultMapping(info.rawHeaders);
if (!mapping.ok) throw new Error(mapping.reason);
const { jobId, counts } = await service.importFile(
  file,
  {},
  {
    mapping: mapping.mapping,
    options: { country: 'AU', dateOrder: 'dmy', allowDuplicates: false, contactHoursNames: [] },
  },
);
await store.checkpointsSettled();
const phoneColumn = info.rawHeaders.indexOf('FirstPhone');
const ms = (from: number) => Math.round((performance.now() - from) * 10) / 10;
// CPU time of this process beside the wall time: on a shared machine the two part ways.
const cpuMs = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from);
  return Math.round((used.user + used.system) / 1000);
};

// From here on the event loop is watched: nothing below may hold it long. Each phase has its own
// histogram too, so a figure over the target says which part held the loop.
const delay = monitorEventLoopDelay({ resolution: 5 });
delay.enable();
const phaseDelay: Record<string, number> = {};
let phase = monitorEventLoopDelay({ resolution: 5 });
phase.enable();
// The longest holds, each with the CPU time this thread spent in it: on a loaded machine a hold can be
// mostly waiting for a core (a small share of CPU), which the histogram alone cannot tell from work.
const holds: { phase: string; wallMs: number; threadCpuMs: number; atMs: number }[] = [];
let phaseName = 'firstEdit';
let lastTick = performance.now();
let lastCpu = process.threadCpuUsage();
const ticker = setInterval(() => {
  const now = performance.now();
  const cpu = process.threadCpuUsage();
  const wallMs = now - lastTick;
  if (wallMs > 50) {
    const threadCpuMs = (cpu.user + cpu.system - lastCpu.user - lastCpu.system) / 1000;
    holds.push({ phase: phaseName, wallMs: Math.round(wallMs), threadCpuMs: Math.round(threadCpuMs), atMs: Math.round(now) });
  }
  lastTick = now;
  lastCpu = cpu;
}, 2);
const endPhase = (name: string) => {
  phaseName = { firstEdit: 'cellEdits', cellEdits: 'bulk', bulk: 'undo', undo: 'end' }[name] ?? name;
  phase.disable();
  phaseDelay[name] = Math.round(phase.max / 1e5) / 10;
  phase = monitorEventLoopDelay({ resolution: 5 });
  phase.enable();
};

let t = performance.now();
await service.editor.apply(jobId, { rows: [2] }, { kind: 'cells', cells: { [phoneColumn]: '0390000001' } });
const firstEditMs = ms(t);
endPhase('firstEdit');

// A cell edit as the grid makes it, the file-wide duplicate check included: the median of five rows across the file.
// Each edit is a request of its own in the app: the event loop turns between them, as it does here.
const nextRequest = () => new Promise<void>((resolve) => setImmediate(resolve));
const cellTimes: number[] = [];
for (let k = 0; k < 5; k++) {
  await nextRequest();
  const row = 2 + Math.floor(((k + 1) * counts.total) / 6);
  t = performance.now();
  const view = await service.editRow(jobId, row, { [phoneColumn]: `039100000${k}` });
  cellTimes.push(ms(t));
  if (view.status !== 'ready') throw new Error(`row ${row}: ${view.reason}`);
}
// And one that repeats another row's phone, found across the whole file.
await nextRequest();
t = performance.now();
const repeat = await service.editRow(jobId, counts.total, { [phoneColumn]: '0390000001' });
cellTimes.push(ms(t));
if (repeat.status !== 'invalid') throw new Error('the repeated phone was not found');
endPhase('cellEdits');
const sorted = [...cellTimes].sort((a, b) => a - b);

await nextRequest();
let progressEvents = 0;
let cpu = process.cpuUsage();
t = performance.now();
const bulk = await service.editor.apply(
  jobId,
  { rows: [[1_000, 1_000 + bulkRows - 1]] },
  { kind: 'tidy', field: 'Name', letterCase: 'upper' },
  { onProgress: () => progressEvents++ },
);
const bulkEditMs = ms(t);
const bulkCpuMs = cpuMs(cpu);
if (bulk.changed !== bulkRows) throw new Error(`the bulk action changed ${bulk.changed} rows, not ${bulkRows}`);
endPhase('bulk');

await nextRequest();
cpu = process.cpuUsage();
t = performance.now();
const undone = await service.editor.undo(jobId);
const undoMs = ms(t);
const undoCpuMs = cpuMs(cpu);
if (undone.changed !== bulkRows) throw new Error(`undo restored ${undone.changed} rows`);
endPhase('undo');
phase.disable();
delay.disable();
clearInterval(ticker);

const peak = peakRssMB();
// The log is copied into the database in the background after a large change: let it finish before deleting.
await store.checkpointsSettled();
store.close();
rmSync(dataDir, { recursive: true, force: true });
report({
  rows: counts.total,
  firstEditMs,
  cellEditMs: sorted[Math.floor(sorted.length / 2)],
  cellEditMaxMs: sorted[sorted.length - 1],
  bulkRows,
  bulkEditMs,
  bulkProgressEvents: progressEvents,
  bulkCpuMs,
  undoMs,
  undoCpuMs,
  maxEventLoopDelayMs: Math.round(delay.max / 1e5) / 10,
  maxEventLoopDelayByPhaseMs: phaseDelay,
  // The most CPU time this thread spent in any one hold over 50 ms: the part of a hold that is work.
  maxHoldCpuMs: Math.max(0, ...holds.map((h) => h.threadCpuMs)),
  longestHolds: holds.sort((a, b) => b.wallMs - a.wallMs).slice(0, 5),
  peakRssMB: peak,
});
