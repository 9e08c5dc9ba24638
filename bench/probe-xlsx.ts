/**
 * Writes the benchmark's workbook of N lead rows as Excel writes one: text in a shared string table,
 * phones stored as numbers, one sheet. The rows are the bench CSV's rows (same seed, same order), so the
 * two ingests read the same leads. Streamed (a million rows would not fit SheetJS's writer), in its own
 * process so its memory is not counted.
 */
import { createWriteStream } from 'node:fs';
import { ZipStreamWriter } from '../electron/core/ingest/xlsx/testing/zip-writer.ts';
import { mulberry32 } from '../simulator/faults.ts';
import { BENCH_HEADERS, benchRow } from './generate.ts';
import { report } from './measure.ts';

const [file, rowsText] = process.argv.slice(2);
const rows = Number(rowsText);
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const column = (c: number) => String.fromCharCode(65 + c);

const strings = new Map<string, number>();
const order: string[] = [];
const stringIndex = (s: string) => {
  let i = strings.get(s);
  if (i === undefined) {
    i = order.length;
    strings.set(s, i);
    order.push(s);
  }
  return i;
};

function rowXml(r: number, cells: (string | number)[]): string {
  let xml = `<row r="${r}" spans="1:${cells.length}">`;
  cells.forEach((value, c) => {
    if (value === '') return;
    const ref = `${column(c)}${r}`;
    xml +=
      typeof value === 'number' ? `<c r="${ref}"><v>${value}</v></c>` : `<c r="${ref}" t="s"><v>${stringIndex(value)}</v></c>`;
  });
  return `${xml}</row>`;
}

function* sheet(): Generator<string> {
  yield `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><dimension ref="A1:L${rows + 1}"/><sheetData>`;
  yield rowXml(1, BENCH_HEADERS);
  const random = mulberry32(42);
  let piece = '';
  for (let i = 1; i <= rows; i++) {
    const text = benchRow(i, random).map((c) => c.replace(/^"|"$/g, ''));
    const cells: (string | number)[] = [...text];
    cells[5] = Number(text[5].replace(/\D/g, '')); // phones stored as numbers, as Excel does
    piece += rowXml(i + 1, cells);
    if (piece.length > 1 << 20) {
      yield piece;
      piece = '';
    }
  }
  yield `${piece}</sheetData></worksheet>`;
}

function* sharedStrings(): Generator<string> {
  yield `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${MAIN}" count="${order.length}" uniqueCount="${order.length}">`;
  let piece = '';
  for (const s of order) {
    piece += `<si><t>${escapeXml(s)}</t></si>`;
    if (piece.length > 1 << 20) {
      yield piece;
      piece = '';
    }
  }
  yield `${piece}</sst>`;
}

const zip = new ZipStreamWriter(createWriteStream(file));
await zip.add('[Content_Types].xml', [
  `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
]);
await zip.add('_rels/.rels', [
  `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
]);
await zip.add('xl/workbook.xml', [
  `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="Leads" sheetId="1" r:id="rId1"/></sheets></workbook>`,
]);
await zip.add('xl/_rels/workbook.xml.rels', [
  `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
]);
await zip.add('xl/worksheets/sheet1.xml', sheet());
await zip.add('xl/sharedStrings.xml', sharedStrings());
await zip.finish();
report({ rows, sharedStrings: order.length });
