/** Baseline: papaparse alone streaming the file with a no-op row callback (docs/bench.md). */
import { createReadStream } from 'node:fs';
import Papa from 'papaparse';
import { peakRssMB, report } from './measure.ts';

const file = process.argv[2];
const started = performance.now();
let rows = 0;
await new Promise<void>((resolve, reject) => {
  Papa.parse(createReadStream(file, { encoding: 'utf8' }), {
    step: () => {
      rows++;
    },
    complete: () => resolve(),
    error: reject,
  });
});
const seconds = (performance.now() - started) / 1000;
report({ rows: rows - 1, seconds, rowsPerSec: (rows - 1) / seconds, peakRssMB: peakRssMB() });
