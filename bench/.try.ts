import { inspectSource, readSource } from '/work/wt/xlsx-stream/electron/core/ingest/index.ts';
const file = process.argv[2];
const t0 = performance.now();
const info = await inspectSource(file, {});
console.log('inspect ms', performance.now() - t0, info.headers, info.previewRows.slice(0, 2), info.sheets, info.headerRow);
const t1 = performance.now();
let n = 0; let first;
for await (const rows of readSource(file, {})) { n += rows.length; first ??= rows[0]; }
console.log('rows', n, 'ms', performance.now() - t1, first, 'rss', process.resourceUsage().maxRSS / 1024);
