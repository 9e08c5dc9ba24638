/**
 * The memory a workbook's shared string table takes once read whole (docs/engine.md, "Reading an Excel
 * workbook"): strings, characters, and the heap before and after, after a full collection.
 *
 *   node --expose-gc bench/probe-shared-strings.ts bench/.work/leads-1000000-excel.xlsx
 */
import { openStreamBook } from '../electron/core/ingest/xlsx/book.ts';
import { peakRssMB, report } from './measure.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
gc();
const before = process.memoryUsage().heapUsed;
const book = await openStreamBook(process.argv[2]);
const started = performance.now();
await book.strings.loadAll();
const seconds = (performance.now() - started) / 1000;
gc();
const heldMB = (process.memoryUsage().heapUsed - before) / 1048576;
report({
  strings: book.strings.count,
  bytes: book.strings.bytes,
  heapMB: heldMB,
  externalMB: process.memoryUsage().arrayBuffers / 1048576,
  seconds,
  peakRssMB: peakRssMB(),
});
book.close();
