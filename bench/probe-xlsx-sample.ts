/**
 * The Load step's sample of a large workbook: time from asking to the first rows (headers, preview),
 * once with the reader's modules still to load (as the first file a session opens) and once after.
 */
import { inspectSource } from '../electron/core/ingest/index.ts';
import { report } from './measure.ts';

const file = process.argv[2];
let started = performance.now();
const first = await inspectSource(file);
const coldMs = performance.now() - started;
started = performance.now();
await inspectSource(file);
const warmMs = performance.now() - started;
report({ coldMs, warmMs, previewRows: first.previewRows.length, headers: first.headers.length });
