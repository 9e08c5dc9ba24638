/**
 * The Load step's sample of a large workbook: time from choosing the file to its first rows (headers,
 * preview), in a fresh process, as the CLI runs (the compile cache on).
 *
 *   node bench/probe-xlsx-sample.ts FILE.xlsx cold       nothing started before the file is chosen: the
 *                                                        time includes starting the workbook worker and
 *                                                        loading its modules; then the same file again
 *   node bench/probe-xlsx-sample.ts FILE.xlsx prepared   as the app: the worker started with the core
 *                                                        (prepareWorkbookSample), the file chosen once
 *                                                        it is ready
 */
import { loadavg } from 'node:os';
import { turnOnCompileCache } from '../electron/core/compile-cache.ts';
import { report } from './measure.ts';

turnOnCompileCache();
const [file, mode = 'cold'] = process.argv.slice(2);
// The app's own modules are loaded before any file is chosen.
const { inspectSource, prepareWorkbookSample, workbookSampleReady } = await import('../electron/core/ingest/index.ts');
const load = loadavg()[0];
const time = async () => {
  const started = performance.now();
  const info = await inspectSource(file);
  return { ms: performance.now() - started, info };
};
if (mode === 'prepared') {
  const started = performance.now();
  prepareWorkbookSample();
  await workbookSampleReady();
  const prepareMs = performance.now() - started;
  const { ms, info } = await time();
  report({ mode, preparedMs: ms, prepareMs, previewRows: info.previewRows.length, loadAverage: load });
} else {
  const cold = await time();
  const warm = await time();
  report({ mode, coldMs: cold.ms, warmMs: warm.ms, previewRows: cold.info.previewRows.length, loadAverage: load });
}
