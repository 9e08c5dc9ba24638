/**
 * Bad .xlsx files through the streaming reader: each is refused with one clear line naming the file and
 * what is wrong, before any row is handed on. A zip bomb is refused by the size the archive declares,
 * or, when the archive lies, as soon as the inflated bytes pass it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectSource, readSource, type SourceRow } from '../index.ts';
import { sheetXml, workbookXlsx } from './testing/workbooks.ts';
import { MAX_PART_BYTES } from './zip.ts';

const dir = mkdtempSync(join(tmpdir(), 'xlsx-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

async function readAll(path: string): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const batch of readSource(path)) rows.push(...batch);
  return rows;
}

const leads = sheetXml([
  ['Name', 'Phone'],
  ['Jane', '0412345678'],
]);
const oneLine = (error: unknown) => {
  const message = (error as Error).message;
  expect(message.split('\n')).toHaveLength(1);
  return message;
};

describe('bad .xlsx files', () => {
  it('reads the hand-made workbook the other cases spoil', async () => {
    const rows = await readAll(file('good.xlsx', workbookXlsx([{ name: 'Leads', xml: leads }])));
    expect(rows.map((r) => r.cells)).toEqual([['Jane', '0412345678']]);
  });

  it('refuses a zip bomb by the size its archive declares, before inflating it', async () => {
    const path = file('bomb.xlsx', workbookXlsx([{ name: 'Leads', xml: leads, declaredSize: MAX_PART_BYTES + 1 }]));
    const error = await inspectSource(path).catch((e: unknown) => e);
    expect(oneLine(error)).toMatch(
      /^bomb.xlsx: part "xl\/worksheets\/sheet1.xml" of the workbook unpacks to more than 2 GiB \(as the archive declares\): this is not a lead list \(a zip bomb\?\), nothing was read$/,
    );
  });

  it('refuses a zip bomb that declares a small size, as soon as it inflates past it', async () => {
    // 80 MB of one character packs to about 80 KB; the archive says 1,000 bytes.
    const huge = `<worksheet><sheetData><row r="1"><c r="A1" t="str"><v>${'a'.repeat(80 << 20)}</v></c></row></sheetData></worksheet>`;
    const path = file('liar.xlsx', workbookXlsx([{ name: 'Leads', xml: huge, declaredSize: 1000 }]));
    const before = process.memoryUsage().rss;
    const error = await readAll(path).catch((e: unknown) => e);
    expect(oneLine(error)).toMatch(
      /^liar.xlsx: part "xl\/worksheets\/sheet1.xml" of the workbook unpacks to more than the 1,000 bytes the archive declares/,
    );
    // Stopped at the first inflated chunk: nowhere near the 80 MB (160 MB as text) it would make.
    expect(process.memoryUsage().rss - before).toBeLessThan(60 << 20);
  });

  it('refuses a part that packs more than 100 to 1 into a large size', async () => {
    const huge = `<worksheet><sheetData>${'<row/>'.repeat(12 << 20)}</sheetData></worksheet>`;
    const path = file('ratio.xlsx', workbookXlsx([{ name: 'Leads', xml: huge }]));
    const error = await inspectSource(path).catch((e: unknown) => e);
    expect(oneLine(error)).toMatch(
      /^ratio.xlsx: part .* unpacks to more than 100 times its packed size \(as the archive declares\)/,
    );
  });

  it('refuses a truncated archive', async () => {
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['Name'], ['Jane']]), 'Leads');
    const bytes = XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
    const path = file('cut.xlsx', bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const error = await inspectSource(path).catch((e: unknown) => e);
    expect(oneLine(error)).toMatch(
      /^cut.xlsx: the workbook could not be read, it is damaged or incomplete \(the end of the archive is missing: the file may be cut short/,
    );
  });

  it('refuses a sheet whose XML is not well-formed, naming the sheet', async () => {
    const broken =
      '<worksheet><sheetData><row r="1"><c r="A1" t="str"><v>Name</v></c></row><row r="2"><c r="A2" t="str"><v>Jane</v></row></sheetData></worksheet>';
    const path = file('broken.xlsx', workbookXlsx([{ name: 'Leads', xml: broken }]));
    const error = await readAll(path).catch((e: unknown) => e);
    expect(oneLine(error)).toMatch(
      /^broken.xlsx: the workbook is damaged: sheet "Leads" is not well-formed XML \(<\/row> closes <c>/,
    );
  });

  it('refuses a sheet cut short inside the archive', async () => {
    const path = file('short.xlsx', workbookXlsx([{ name: 'Leads', xml: leads.slice(0, leads.length - 30) }]));
    const error = await readAll(path).catch((e: unknown) => e);
    expect(oneLine(error)).toMatch(
      /^short.xlsx: the workbook is damaged: sheet "Leads" is not well-formed XML \(the document ends/,
    );
  });

  it('refuses a shared string that is not in the table, and a cell past column XFD', async () => {
    const xml =
      '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>5</v></c></row></sheetData></worksheet>';
    const strings = '<sst><si><t>Name</t></si></sst>';
    const path = file('strings.xlsx', workbookXlsx([{ name: 'Leads', xml }], strings));
    await expect(readAll(path)).rejects.toThrow(
      /^strings.xlsx: the workbook is damaged: sheet "Leads" refers to shared string 5 of 1$/,
    );
    const wide = '<worksheet><sheetData><row r="1"><c r="XFE1" t="str"><v>x</v></c></row></sheetData></worksheet>';
    await expect(readAll(file('wide.xlsx', workbookXlsx([{ name: 'Leads', xml: wide }])))).rejects.toThrow(
      /^wide.xlsx: the workbook is damaged: sheet "Leads" is not well-formed XML \(a cell beyond Excel's last column \(column 16,385\)/,
    );
  });

  it('refuses a text file or a zip that is no workbook, named .xlsm', async () => {
    await expect(inspectSource(file('notes.xlsm', 'Name,Phone\nJane,0412345678\n'))).rejects.toThrow(
      /^notes.xlsm: this is not a XLSM workbook \(it is a text file\)/,
    );
    const zip = workbookXlsx([{ name: 'Leads', xml: leads }]);
    // The same archive without its workbook part: a zip, but not a workbook.
    const other = Buffer.from(zip.toString('latin1').replaceAll('xl/workbook.xml', 'xl/notebook.xml'), 'latin1');
    await expect(inspectSource(file('other.xlsx', other))).rejects.toThrow(
      /^other.xlsx: this is a zip archive but not an Excel workbook \(it has no xl\/workbook.xml\)$/,
    );
  });
});
