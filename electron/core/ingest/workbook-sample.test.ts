/**
 * The workbook worker kept ready for the Load step's sample (workbook.ts, prepareWorkbookSample): it loads
 * the streaming reader before any file is chosen, samples an .xlsx, and a SheetJS file after it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import { forgetWorkbook, inspectSource, prepareWorkbookSample, readSource, workbookSampleReady } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'workbook-sample-'));
afterAll(async () => {
  await forgetWorkbook();
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, bookType: XLSX.BookType): string {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(
    book,
    XLSX.utils.aoa_to_sheet([
      ['Name', 'Phone'],
      ['Kim Ng', 412111222],
    ]),
    'Leads',
  );
  const path = join(dir, name);
  writeFileSync(path, XLSX.write(book, { type: 'buffer', bookType }));
  return path;
}

describe('the workbook worker kept ready for a sample', () => {
  it('is ready before a file is chosen, samples an .xlsx, then an .xls, and is replaced after a read', async () => {
    prepareWorkbookSample();
    await workbookSampleReady();
    const xlsx = await inspectSource(file('ready.xlsx', 'xlsx'));
    expect(xlsx).toMatchObject({ sheet: 'Leads', headers: ['Name', 'Phone'], previewRows: [['Kim Ng', '412111222']] });
    const xls = file('ready.xls', 'biff8');
    expect((await inspectSource(xls)).previewRows).toEqual([['Kim Ng', '412111222']]);
    const rows = [];
    for await (const batch of readSource(xls)) rows.push(...batch);
    expect(rows.map((r) => r.cells)).toEqual([['Kim Ng', '412111222']]);
    // The read took the worker; a new one is started for the next sample.
    await workbookSampleReady();
    expect((await inspectSource(file('again.xlsx', 'xlsx'))).headers).toEqual(['Name', 'Phone']);
  });
});
