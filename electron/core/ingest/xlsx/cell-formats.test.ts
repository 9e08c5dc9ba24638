/**
 * SheetJS's number formats are loaded only when a workbook needs them (cell-values.ts): a sheet of text and
 * whole numbers is read without them, and a General number with decimals waits for them and reads as
 * SheetJS reads it. Its own file: the formats, once loaded, stay loaded for the file's other tests.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import { cellText } from '../workbook-book.ts';
import { formatsLoaded } from './cell-values.ts';
import { inspectXlsx, readXlsx } from './reader.ts';

const dir = mkdtempSync(join(tmpdir(), 'xlsx-formats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, rows: unknown[][]): { path: string; bytes: Buffer } {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), 'Leads');
  const bytes = XLSX.write(book, { type: 'buffer', bookType: 'xlsx', bookSST: true }) as Buffer;
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return { path, bytes };
}

async function texts(path: string): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const batch of readXlsx(path, {})) rows.push(...batch.map((r) => r.cells));
  return rows;
}

describe('number formats loaded when needed', () => {
  it('reads text and whole numbers without them, and waits for them for a number with decimals', async () => {
    const plain = write('plain.xlsx', [
      ['Name', 'Phone', 'Priority'],
      ['Kim Ng', 412111222, 5],
    ]);
    expect((await inspectXlsx(plain.path, {})).previewRows).toEqual([['Kim Ng', '412111222', '5']]);
    expect(await texts(plain.path)).toEqual([['Kim Ng', '412111222', '5']]);
    expect(formatsLoaded()).toBe(false);

    const decimals = write('decimals.xlsx', [
      ['Name', 'Phone', 'Score'],
      ['Kim Ng', 412111222, 0.1 + 0.2],
      ['Lu Chen', 412333444, 123456789.123456],
      ['Zoë Müller', 412555666, 1e-7],
    ]);
    const rows = await texts(decimals.path);
    expect(formatsLoaded()).toBe(true);
    const sheet = XLSX.read(decimals.bytes, { dense: true, cellNF: true }).Sheets.Leads['!data'] as XLSX.CellObject[][];
    expect(rows.map((r) => r[2])).toEqual([1, 2, 3].map((r) => cellText(sheet[r][2])));
    expect(rows[0][2]).toBe('0.3');
  });
});
