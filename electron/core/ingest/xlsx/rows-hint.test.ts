/** What a sheet says of its own size (`<dimension>`), taken as a hint to size the checks across the file. */
import { describe, expect, it } from 'vitest';
import { sourceFolder } from '../../testing/source-files.ts';
import { inspectSource } from '../index.ts';
import { lastRowOf } from './sheet-xml.ts';
import { workbookXlsx } from './testing/workbooks.ts';

const { file } = sourceFolder('rows-hint');
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

function sheetWith(dimension: string, rows: number): string {
  const body = Array.from(
    { length: rows },
    (_, r) =>
      `<row r="${r + 1}"><c r="A${r + 1}" t="str"><v>${r === 0 ? 'Name' : `Lead ${r}`}</v></c><c r="B${r + 1}" t="str"><v>${r === 0 ? 'Phone' : `04123456${String(r).padStart(2, '0')}`}</v></c></row>`,
  ).join('');
  return `<worksheet xmlns="${MAIN}">${dimension}<sheetData>${body}</sheetData></worksheet>`;
}

describe("a sheet's rows hint", () => {
  it('reads the last row of a range', () => {
    expect(lastRowOf('A1:L1000001')).toBe(1_000_001);
    expect(lastRowOf('$A$1:$C$40')).toBe(40);
    expect(lastRowOf('b7')).toBe(7);
    expect(lastRowOf('A1:XFD1048577')).toBeUndefined();
    expect(lastRowOf('')).toBeUndefined();
    expect(lastRowOf('Sheet1!A1:B2')).toBeUndefined();
  });

  it('comes from the dimension the sheet declares, when it declares one', async () => {
    const declared = file('declared.xlsx', workbookXlsx([{ name: 'Leads', xml: sheetWith('<dimension ref="A1:B60"/>', 60) }]));
    expect((await inspectSource(declared)).rowsHint).toBe(60);
    const silent = file('silent.xlsx', workbookXlsx([{ name: 'Leads', xml: sheetWith('', 60) }]));
    expect((await inspectSource(silent)).rowsHint).toBeUndefined();
  });

  it('is no more than the sheet could hold, whatever it claims', async () => {
    const xml = sheetWith('<dimension ref="A1:B1048576"/>', 5);
    const path = file('claims.xlsx', workbookXlsx([{ name: 'Leads', xml }]));
    const hint = (await inspectSource(path)).rowsHint ?? 0;
    expect(hint).toBeGreaterThan(0);
    expect(hint).toBeLessThanOrEqual(Buffer.byteLength(xml) / 32);
  });
});
