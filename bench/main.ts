/**
 * `npm run bench` (docs/bench.md): every compared figure measured in the same run, as a ratio.
 * Each measurement runs in its own process so that its peak memory is its own.
 *
 *   npm run bench                 full sizes, a table for people
 *   npm run bench -- --quick      small sizes, under 2 minutes on a 2-core machine
 *   npm run bench -- --json       add one JSON object as the last line of stdout
 *   npm run bench -- --only ingest,submit
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runProbe } from './measure.ts';
import { csvOf, log, simulator, work } from './support.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const quick = values.quick;
const only = new Set((values.only ?? 'ingest,xlsx,remap,submit,ui,memory,edit').split(','));

const SIZES = quick
  ? {
      ingest: [50_000, 200_000],
      xlsx: [20_000, 50_000],
      remap: 200_000,
      submit: 5_000,
      naive: 30,
      ui: 200_000,
      memory: 100_000,
      edit: [200_000, 20_000],
    }
  : {
      ingest: [100_000, 300_000, 1_000_000],
      xlsx: [200_000, 500_000, 1_000_000],
      remap: 1_000_000,
      submit: 20_000,
      naive: 100,
      ui: 1_000_000,
      memory: 1_000_000,
      // A job of a million rows, and one action over a hundred thousand of them.
      edit: [1_000_000, 100_000],
    };
const SIM = { concurrency: 2, minCallMs: 100, perLeadMs: 0.2, batch: 500 };

const probe = (name: string) => join(import.meta.dirname, `probe-${name}.ts`);
type Json = Record<string, unknown>;
const result: Json = { machine: { cpus: (await import('node:os')).cpus().length, node: process.version, quick } };
const table: [string, string, string][] = [];
const fmt = (n: unknown, digits = 0) =>
  typeof n === 'number' ? n.toLocaleString('en-AU', { maximumFractionDigits: digits }) : String(n);

/**
 * The machine's speed drifts by a quarter within a minute (the same ingest took 3.9 s and 5.5 s a run
 * apart). Each ingest therefore runs right after its own papaparse baseline, three times over, and the
 * ratio is the median of the three pairs' ratios; speeds are medians too, and the peak memory the highest.
 */
const INGEST_PAIRS = 3;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

if (only.has('ingest')) {
  const runs: Json[] = [];
  for (const rows of SIZES.ingest) {
    const file = await csvOf(rows);
    const pairs: { baseline: Json; ingest: Json }[] = [];
    for (let i = 0; i < INGEST_PAIRS; i++) {
      const baseline = await runProbe<Json>(probe('papaparse'), [file]);
      pairs.push({ baseline, ingest: await runProbe<Json>(probe('ingest'), [file]) });
    }
    const ratio = median(pairs.map((p) => (p.ingest.rowsPerSec as number) / (p.baseline.rowsPerSec as number)));
    const ingest = {
      seconds: median(pairs.map((p) => p.ingest.seconds as number)),
      rowsPerSec: median(pairs.map((p) => p.ingest.rowsPerSec as number)),
      peakRssMB: Math.max(...pairs.map((p) => p.ingest.peakRssMB as number)),
    };
    runs.push({
      rows,
      seconds: ingest.seconds,
      rowsPerSec: ingest.rowsPerSec,
      baselineRowsPerSec: median(pairs.map((p) => p.baseline.rowsPerSec as number)),
      ratio,
      ratios: pairs.map((p) => (p.ingest.rowsPerSec as number) / (p.baseline.rowsPerSec as number)),
      peakRssMB: ingest.peakRssMB,
    });
    table.push([
      `ingest ${fmt(rows)} rows × 12 columns`,
      `${fmt(ingest.rowsPerSec)} rows/s (${fmt(ingest.seconds, 1)} s), peak ${fmt(ingest.peakRssMB)} MB`,
      `${fmt(ratio, 2)} × papaparse alone (target ≥ 0.35; median of ${INGEST_PAIRS} pairs)`,
    ]);
  }
  const largest = runs[runs.length - 1];
  const first = runs[0];
  const linearity = (largest.seconds as number) / (first.seconds as number) / ((largest.rows as number) / (first.rows as number));
  result.ingest = { ...largest, runs, linearity };
  table.push([
    'ingest time growth',
    `${fmt(linearity, 2)} × linear from ${fmt(first.rows)} to ${fmt(largest.rows)} rows`,
    '1.00 = exactly linear',
  ]);
}

if (only.has('xlsx')) {
  // Each size: the CSV of the same rows, then the workbook, back to back (pairs, as for ingest); the
  // largest size three times over, the others once, for the time's growth with rows. CPU seconds (all the
  // process's threads) beside the wall time: on a shared machine the two part ways.
  const loadBefore = loadavg()[0];
  const runs: Json[] = [];
  for (const rows of SIZES.xlsx) {
    const file = join(work, `leads-${rows}-excel.xlsx`);
    if (!existsSync(file)) {
      log(`generating ${file}`);
      await runProbe(probe('xlsx'), [file, String(rows)]);
    }
    const csv = await csvOf(rows);
    const pairs: { csv: Json; xlsx: Json }[] = [];
    const times = rows === SIZES.xlsx[SIZES.xlsx.length - 1] ? INGEST_PAIRS : 1;
    for (let i = 0; i < times; i++) {
      const csvRun = await runProbe<Json>(probe('ingest'), [csv]);
      pairs.push({ csv: csvRun, xlsx: await runProbe<Json>(probe('ingest'), [file]) });
    }
    runs.push({
      rows: pairs[0].xlsx.rows,
      seconds: median(pairs.map((p) => p.xlsx.seconds as number)),
      cpuSeconds: median(pairs.map((p) => p.xlsx.cpuSeconds as number)),
      rowsPerSec: median(pairs.map((p) => p.xlsx.rowsPerSec as number)),
      peakRssMB: Math.max(...pairs.map((p) => p.xlsx.peakRssMB as number)),
      csvRowsPerSec: median(pairs.map((p) => p.csv.rowsPerSec as number)),
      csvCpuSeconds: median(pairs.map((p) => p.csv.cpuSeconds as number)),
      csvPeakRssMB: Math.max(...pairs.map((p) => p.csv.peakRssMB as number)),
      ratioToCsv: median(pairs.map((p) => (p.xlsx.rowsPerSec as number) / (p.csv.rowsPerSec as number))),
      ratios: pairs.map((p) => (p.xlsx.rowsPerSec as number) / (p.csv.rowsPerSec as number)),
      fileMB: Math.round(statSync(file).size / 1048576),
    });
  }
  const largest = runs[runs.length - 1];
  const first = runs[0];
  const growth = (key: 'seconds' | 'cpuSeconds') =>
    (largest[key] as number) / (first[key] as number) / ((largest.rows as number) / (first.rows as number));
  const linearity = growth('seconds');
  // What each further 100,000 rows cost between one size and the next: equal steps = linear growth.
  const perExtra100k = (key: 'seconds' | 'cpuSeconds') =>
    runs.slice(1).map((run, i) => {
      const before = runs[i];
      return ((run[key] as number) - (before[key] as number)) / (((run.rows as number) - (before.rows as number)) / 100_000);
    });
  const largestFile = join(work, `leads-${largest.rows}-excel.xlsx`);
  // The Load step's sample in fresh processes: with nothing started (the thread and its modules counted),
  // and as the app runs it (the thread started with the core, before the file is chosen).
  const cold = await runProbe<Json>(probe('xlsx-sample'), [largestFile, 'cold']);
  const prepared = await runProbe<Json>(probe('xlsx-sample'), [largestFile, 'prepared']);
  result.xlsx = {
    ...largest,
    runs,
    linearity,
    cpuLinearity: growth('cpuSeconds'),
    secondsPerExtra100k: perExtra100k('seconds'),
    cpuSecondsPerExtra100k: perExtra100k('cpuSeconds'),
    sampleMs: prepared.preparedMs,
    sampleColdMs: cold.coldMs,
    sampleWarmMs: cold.warmMs,
    loadAverage: [loadBefore, loadavg()[0]],
  };
  for (const run of runs) {
    table.push([
      `xlsx ${fmt(run.rows)} rows (${fmt(run.fileMB)} MB)`,
      `${fmt(run.rowsPerSec)} rows/s (${fmt(run.seconds, 1)} s, ${fmt(run.cpuSeconds, 1)} s CPU), peak ${fmt(run.peakRssMB)} MB (CSV ${fmt(run.csvPeakRssMB)} MB)`,
      `${fmt(run.ratioToCsv, 2)} × the same rows' CSV ingest (target ≥ 0.5, peak < 600 MB)`,
    ]);
  }
  const steps = (values: number[]) => values.map((v) => fmt(v, 2)).join(', ');
  table.push([
    'xlsx time growth',
    `${fmt(linearity, 2)} × linear from ${fmt(first.rows)} to ${fmt(largest.rows)} rows (CPU ${fmt(growth('cpuSeconds'), 2)} ×)`,
    `each further 100,000 rows: ${steps(perExtra100k('seconds'))} s (CPU ${steps(perExtra100k('cpuSeconds'))} s)`,
  ]);
  table.push([
    'xlsx first rows for the Load step',
    `${fmt(prepared.preparedMs)} ms as the app runs (thread started with it), ${fmt(cold.coldMs)} ms cold, ${fmt(cold.warmMs)} ms again`,
    `target < 300 ms; load average ${fmt(loadBefore, 1)} → ${fmt(loadavg()[0], 1)}`,
  ]);
}

if (only.has('submit')) {
  const bound = (SIM.concurrency * SIM.batch) / ((SIM.minCallMs + SIM.perLeadMs * SIM.batch) / 1000);
  const simArgs = [
    '--concurrency',
    String(SIM.concurrency),
    '--min-call-ms',
    String(SIM.minCallMs),
    '--per-lead-ms',
    String(SIM.perLeadMs),
  ];
  const file = await csvOf(SIZES.submit);
  const submitArgs = (url: string) => ['--file', file, '--url', url, '--key', 'bench-key', '--concurrency', '4'];
  const naiveArgs = (url: string, count: number, offset = 5_000_000) => [
    '--url',
    url,
    '--key',
    'bench-key',
    '--count',
    String(count),
    '--offset',
    String(offset),
  ];
  let sim = await simulator(simArgs);
  // The naive sender runs first, which also warms the simulator up: the bound is a steady-state figure.
  const naive = await runProbe<Json>(join(import.meta.dirname, 'probe-naive.ts'), naiveArgs(sim.url, SIZES.naive));
  const clean = await runProbe<Json>(probe('submit'), submitArgs(sim.url));
  await sim.stop();
  // The same leads to a fresh server (warmed the same way) with the canary and the refusal guard off:
  // what sending safely costs.
  sim = await simulator(simArgs);
  await runProbe(join(import.meta.dirname, 'probe-naive.ts'), naiveArgs(sim.url, 10, 7_000_000));
  const unguarded = await runProbe<Json>(probe('submit'), [...submitArgs(sim.url), '--canary', '0', '--max-refusal-rate', '1']);
  await sim.stop();
  sim = await simulator([...simArgs, '--faults', 'busy:0.1,error500:0.05', '--seed', '7']);
  await runProbe(join(import.meta.dirname, 'probe-naive.ts'), naiveArgs(sim.url, 10, 6_000_000));
  const faulty = await runProbe<Json>(probe('submit'), submitArgs(sim.url));
  await sim.stop();
  result.submit = {
    leads: clean.leads,
    leadsPerSec: clean.leadsPerSec,
    boundLeadsPerSec: bound,
    ratioToBound: (clean.leadsPerSec as number) / bound,
    naiveLeadsPerSec: naive.leadsPerSec,
    naiveSample: naive.leads,
    speedupVsNaive: (clean.leadsPerSec as number) / (naive.leadsPerSec as number),
    withFaults: {
      faults: 'busy:0.1,error500:0.05',
      leadsPerSec: faulty.leadsPerSec,
      ratioToBound: (faulty.leadsPerSec as number) / bound,
      imported: faulty.imported,
    },
    concurrency: clean.concurrencyHistory,
    concurrencyWithFaults: faulty.concurrencyHistory,
    withoutSendSafety: {
      leadsPerSec: unguarded.leadsPerSec,
      ratioGuardedToUnguarded: (clean.leadsPerSec as number) / (unguarded.leadsPerSec as number),
    },
  };
  table.push([
    `submit ${fmt(clean.leads)} leads, K=2, 100 ms + 0.2 ms/lead`,
    `${fmt(clean.leadsPerSec)} leads/s of a ${fmt(bound)} bound`,
    `${fmt((clean.leadsPerSec as number) / bound, 2)} of the bound (target ≥ 0.85)`,
  ]);
  table.push([
    'naive sender (one lead per call)',
    `${fmt(naive.leadsPerSec, 1)} leads/s (sample of ${fmt(naive.leads)})`,
    `${fmt((clean.leadsPerSec as number) / (naive.leadsPerSec as number), 0)} × faster (target ≥ 20)`,
  ]);
  table.push([
    'submit with busy:0.1,error500:0.05',
    `${fmt(faulty.leadsPerSec)} leads/s, ${fmt(faulty.imported)} imported`,
    `${fmt((faulty.leadsPerSec as number) / bound, 2)} of the bound (target ≥ 0.6)`,
  ]);
  table.push([
    'concurrency over time',
    JSON.stringify(clean.concurrencyHistory),
    `with faults: ${JSON.stringify(faulty.concurrencyHistory).slice(0, 80)}`,
  ]);
}

if (only.has('remap')) {
  const file = await csvOf(SIZES.remap);
  const remap = await runProbe<Json>(probe('remap'), [file]);
  result.remap = remap;
  table.push([
    `remap ${fmt(remap.rows)} stored rows (Apply mapping)`,
    `${fmt(remap.seconds, 2)} s, main thread's longest delay ${fmt(remap.maxEventLoopDelayMs)} ms (targets < 3 s, < 50 ms)`,
    `synchronous applyMapping: ${fmt(remap.syncSeconds, 2)} s, all of it blocking; another campaign (ledger only): ${fmt(remap.retargetSeconds, 2)} s`,
  ]);
}

if (only.has('ui')) {
  // The page measured is the renderer as built from this checkout, never an older build.
  log('building the renderer');
  if (spawnSync('npm', ['run', 'build:renderer', '--silent'], { stdio: 'inherit' }).status !== 0)
    throw new Error('the renderer did not build: see the output above');
  const file = await csvOf(SIZES.ui);
  const ui = await runProbe<Json>(probe('ui'), [file, String(SIZES.ui)]).catch((error: Error) => {
    // The other sections' figures still get printed; the run fails at the end.
    log(`ui: ${error.message}`);
    process.exitCode = 1;
    return { error: error.message } as Json;
  });
  result.ui = ui;
  if (!ui.error)
    table.push([
      `ui ${fmt(ui.rows)} rows`,
      `first preview ${fmt(ui.firstPreviewMs)} ms in the page, ${fmt(ui.firstPreviewHarnessMs)} ms with the test harness (target < 1,500)`,
      `scroll to row ${fmt(ui.lastRowShown)}: longest task ${fmt(ui.longestTaskMs)} ms (target < 100)`,
    ]);
}

if (only.has('memory')) {
  const file = await csvOf(SIZES.memory);
  const sim = await simulator(['--concurrency', '4', '--min-call-ms', '1', '--per-lead-ms', '0']);
  const run = await runProbe<Json>(probe('submit'), [
    '--file',
    file,
    '--url',
    sim.url,
    '--key',
    'bench-key',
    '--concurrency',
    '4',
    '--batch-size',
    '1000',
  ]);
  await sim.stop();
  result.memory = { leads: run.leads, rssAt10MB: run.rssAt10MB, rssAt90MB: run.rssAt90MB, leadsPerSec: run.leadsPerSec };
  table.push([
    `running job of ${fmt(run.leads)} leads`,
    `RSS ${fmt(run.rssAt10MB)} MB at 10 %, ${fmt(run.rssAt90MB)} MB at 90 %`,
    'flat = no growth with leads sent',
  ]);
}

if (only.has('edit')) {
  const [rows, bulkRows] = SIZES.edit;
  const edit = await runProbe<Json>(probe('edit'), [await csvOf(rows), String(bulkRows)]);
  result.edit = edit;
  table.push([
    `edit a job of ${fmt(edit.rows)} rows`,
    `cell edit ${fmt(edit.cellEditMs)} ms (slowest ${fmt(edit.cellEditMaxMs)}; first, building the phone index, ${fmt(edit.firstEditMs)})`,
    'target < 150 ms, duplicate check across the file included',
  ]);
  table.push([
    `bulk action on ${fmt(edit.bulkRows)} rows`,
    `${fmt(edit.bulkEditMs)} ms (${fmt(edit.bulkProgressEvents)} progress steps), undo ${fmt(edit.undoMs)} ms`,
    'targets < 3,000 ms each',
  ]);
  table.push(['event loop while editing', `held at most ${fmt(edit.maxEventLoopDelayMs)} ms`, 'target ≤ 50 ms']);
}

const widths = [0, 1, 2].map((i) => Math.max(...table.map((r) => r[i].length)));
console.log(`\nNoojee Lead Uploader benchmarks${quick ? ' (quick sizes)' : ''}`);
for (const row of table) console.log(row.map((c, i) => c.padEnd(widths[i])).join('  │  '));
if (values.json) console.log(JSON.stringify(result));
