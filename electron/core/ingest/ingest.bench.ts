/**
 * Hand-run measurements of the reader alone (not part of the test suite):
 *   node electron/core/ingest/ingest.bench.ts csv [rows=300000]    readSource vs papaparse alone, 12 columns
 *   node electron/core/ingest/ingest.bench.ts xlsx [rows=1048575]  a narrow workbook at Excel's row limit
 * Each measurement runs in a fresh process so that peak memory belongs to it alone.
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as XLSX from '@e965/xlsx';
import Papa from 'papaparse';
import { readSource } from './index.ts';

const [mode = 'csv', rowsText, probe, probeFile] = process.argv.slice(2);
const peakRssMB = () => Math.round(process.resourceUsage().maxRSS / 1024);
const self = new URL(import.meta.url).pathname;

function runInFreshProcess(...args: string[]): Record<string, number> {
  const run = spawnSync(process.execPath, [self, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}');
}

async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('Name,Street,City,State,PostCode,Phone,Mobile,Email,Account,Priority,Company,Notes\n');
  for (let i = 1; i <= rows; i++) {
    const line = `"Lead ${i}",${i} Hoddle St,Abbotsford,VIC,3067,03${String(83_000_000 + i).padStart(8, '0')},04${String(i).padStart(8, '0')},lead${i}@example.com,A${i},${i % 10},"Acme, Pty Ltd",note ${i}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function measureReadSource(path: string): Promise<Record<string, number>> {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const started = performance.now();
  let rows = 0;
  for await (const batch of readSource(path, {})) rows += batch.length;
  const seconds = (performance.now() - started) / 1000;
  loop.disable();
  return {
    rows,
    seconds: +seconds.toFixed(2),
    rowsPerSec: Math.round(rows / seconds),
    peakRssMB: peakRssMB(),
    longestEventLoopBlockMs: Math.round(loop.max / 1e6),
  };
}

async function measurePapaparse(path: string): Promise<Record<string, number>> {
  const started = performance.now();
  let rows = 0;
  await new Promise<void>((resolve, reject) => {
    Papa.parse(createReadStream(path, { encoding: 'utf8' }), {
      step: () => {
        rows++;
      },
      complete: () => resolve(),
      error: reject,
    });
  });
  const seconds = (performance.now() - started) / 1000;
  return { rows: rows - 1, seconds: +seconds.toFixed(2), rowsPerSec: Math.round((rows - 1) / seconds), peakRssMB: peakRssMB() };
}

function writeWorkbook(path: string, rows: number): void {
  const data: (string | number)[][] = [['Name', 'Phone', 'Priority']];
  for (let i = 1; i <= rows; i++) data.push([`Lead ${i}`, 400_000_000 + i, i % 10]);
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(data, { dense: true }), 'Leads');
  writeFileSync(path, XLSX.write(book, { type: 'buffer', bookType: 'xlsx', compression: true }));
}

if (probe === 'papaparse') console.log(JSON.stringify(await measurePapaparse(probeFile)));
else if (probe === 'read') console.log(JSON.stringify(await measureReadSource(probeFile)));
else if (probe === 'write-xlsx') {
  writeWorkbook(probeFile, Number(rowsText));
  console.log(JSON.stringify({ peakRssMB: peakRssMB() }));
} else if (mode === 'csv') {
  const rows = Number(rowsText ?? 300_000);
  const path = join(tmpdir(), `ingest-bench-${rows}.csv`);
  if (!existsSync(path)) await writeCsv(path, rows);
  for (let run = 1; run <= 2; run++) {
    const papa = runInFreshProcess(mode, String(rows), 'papaparse', path);
    const ours = runInFreshProcess(mode, String(rows), 'read', path);
    console.log(`run ${run}: papaparse alone`, papa);
    console.log(`run ${run}: readSource     `, ours, `${(ours.rowsPerSec / papa.rowsPerSec).toFixed(2)} × papaparse`);
  }
} else if (mode === 'xlsx') {
  const rows = Number(rowsText ?? 1_048_575);
  const path = join(tmpdir(), `ingest-bench-${rows}.xlsx`);
  if (!existsSync(path)) runInFreshProcess(mode, String(rows), 'write-xlsx', path);
  console.log('readSource on a narrow workbook', runInFreshProcess(mode, String(rows), 'read', path));
} else {
  console.error('usage: node electron/core/ingest/ingest.bench.ts csv|xlsx [rows]');
  process.exit(2);
}
