/**
 * Why the workbook reader has a tokenizer of its own (docs/engine.md): CPU seconds to get through one
 * sheet's XML, already inflated, three ways. saxes parses only (it counts cells, reads nothing), while the
 * tokenizer and the byte reader build every row's texts and values.
 *
 *   node bench/probe-sheet-parsers.ts bench/.work/leads-200000-excel.xlsx
 */
import { SaxesParser } from 'saxes';
import { builtInCodes, createCellReader, loadFormats } from '../electron/core/ingest/xlsx/cell-values.ts';
import { SheetByteReader } from '../electron/core/ingest/xlsx/sheet-bytes.ts';
import { type CellTarget, SheetSink } from '../electron/core/ingest/xlsx/sheet-xml.ts';
import { XmlTokenizer } from '../electron/core/ingest/xlsx/xml-tokenizer.ts';
import { openArchive } from '../electron/core/ingest/xlsx/zip.ts';
import { report } from './measure.ts';

const archive = await openArchive(process.argv[2]);
const chunks: Buffer[] = [];
for await (const chunk of await archive.open('xl/worksheets/sheet1.xml')) chunks.push(chunk);
archive.close();
const cpu = () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1e6;
};
await loadFormats();
const readCell = createCellReader({ cellFormats: undefined, codes: builtInCodes(), date1904: false }, () => 'text');
let rows = 0;
const target: CellTarget = {
  startRow() {},
  cell: (_col, type, style, value, inline, plain) => void readCell(type, style, value, inline, plain),
  sharedString: (_col, style, index) => void readCell('s', style, undefined, undefined, true, index),
  endRow() {
    rows++;
  },
};
const result: Record<string, number> = { sheetMB: chunks.reduce((n, c) => n + c.length, 0) / 1e6 };
for (const round of [1, 2]) {
  let started = cpu();
  let cells = 0;
  const saxes = new SaxesParser();
  saxes.on('opentag', (tag) => {
    if (tag.name === 'c') cells++;
  });
  const decoder = new TextDecoder();
  for (const chunk of chunks) saxes.write(decoder.decode(chunk, { stream: true }));
  saxes.close();
  result[`saxesParseOnlyCpuS${round}`] = cpu() - started;
  started = cpu();
  const tokenizer = new XmlTokenizer(new SheetSink(target));
  const text = new TextDecoder();
  for (const chunk of chunks) tokenizer.write(text.decode(chunk, { stream: true }));
  result[`tokenizerRowsCpuS${round}`] = cpu() - started;
  started = cpu();
  const bytes = new SheetByteReader(new SheetSink(target), target);
  for (const chunk of chunks) bytes.write(chunk);
  result[`byteReaderRowsCpuS${round}`] = cpu() - started;
  result.cells = cells;
}
report({ ...result, rows: rows / 4 });
