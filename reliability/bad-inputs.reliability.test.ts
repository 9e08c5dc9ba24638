/** A corpus of bad files through the CLI: each refused with one line, or read row by row. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { sheetXml, workbookXlsx } from '../electron/core/ingest/xlsx/testing/workbooks.ts';
import { type Simulator, startSimulator } from '../simulator/server.ts';
import { FULL, filesContaining, freshDir, KEY, lastJson, ROOT, runCli, uploadArgs } from './harness.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
const report: string[] = [];
afterAll(() => console.log(`reliability (${FULL ? 'full' : 'small'} scale):\n  ${report.join('\n  ')}`));

const file = (name: string, content: string | Uint8Array) => {
  const path = join(ROOT, 'corpus', name);
  mkdirSync(join(ROOT, 'corpus'), { recursive: true });
  writeFileSync(path, content);
  return path;
};

function workbook(rows: unknown[][]): Buffer {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), 'Leads');
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx' });
}

describe('a corpus of bad files', () => {
  const unreadable: [string, () => string, RegExp][] = [
    ['empty', () => file('empty.csv', ''), /empty\.csv: the file is empty/],
    ['header only', () => file('header-only.csv', 'Name,Phone\r\n'), /no data rows/],
    [
      'binary',
      () => file('random.csv', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))),
      /binary data|not a CSV/,
    ],
    [
      'a PDF renamed .csv',
      () => file('invoice.csv', '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj'),
      /this is a PDF document/,
    ],
    [
      'an unclosed quote',
      () => file('unclosed.csv', `Name,Phone\nA,0412345678\n"B,0412345679\n${'C,0412345670\n'.repeat(50)}`),
      /quote opened in row 3 is never closed/,
    ],
    ['a single 20 MB line', () => file('one-line.csv', 'x'.repeat(20 * 1024 * 1024)), /longer than 512 KB/],
    [
      'duplicate headers (default mapping)',
      () => file('dup-headers.csv', 'Name,Phone,Phone\nA,0412345678,0412345679\n'),
      /columns 2 and 3 are both named "Phone"/,
    ],
    ['NUL bytes', () => file('nul.csv', 'Name,Phone\nA\u0000B,0412345678\n'), /binary data/],
    [
      'a corrupt workbook',
      () => file('corrupt.xlsx', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(300, 9)])),
      /corrupt\.xlsx: the workbook/,
    ],
    [
      'an encrypted workbook',
      () =>
        file('locked.xlsx', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096)])),
      /locked\.xlsx: the workbook (is password-protected|could not be read)/,
    ],
    ['an unsupported extension', () => file('leads.numbers', 'x'), /"\.numbers" files are not supported/],
    [
      'an .xlsx zip bomb (a sheet declared to unpack to 3 GB)',
      () => file('bomb.xlsx', workbookXlsx([{ name: 'Leads', xml: sheetXml([['Name', 'Phone']]), declaredSize: 3e9 }])),
      /bomb\.xlsx: part "xl\/worksheets\/sheet1\.xml" of the workbook unpacks to more than 2 GiB/,
    ],
    [
      'a truncated .xlsx',
      () =>
        file(
          'cut.xlsx',
          workbook([
            ['Name', 'Phone'],
            ['A', '0412345678'],
          ]).subarray(0, 900),
        ),
      /cut\.xlsx: the workbook could not be read, it is damaged or incomplete/,
    ],
    [
      'an .xlsx whose sheet is not well-formed XML',
      () =>
        file(
          'broken.xlsx',
          workbookXlsx([
            {
              name: 'Leads',
              xml: '<worksheet><sheetData><row r="1"><c r="A1" t="str"><v>Name</v></row></sheetData></worksheet>',
            },
          ]),
        ),
      /broken\.xlsx: the workbook is damaged: sheet "Leads" is not well-formed XML/,
    ],
    [
      'a text file named .xlsx',
      () => file('text.xlsx', 'Name,Phone\nA,0412345678\n'),
      /text\.xlsx: this is not a XLSX workbook \(it is a text file\)/,
    ],
  ];

  it.each(unreadable)(
    '%s: exit 2, one clear line, nothing sent',
    async (_name, make, message) => {
      sim ??= await startSimulator({ port: 0, apiKey: KEY });
      const run = await runCli(uploadArgs(make(), freshDir('corpus'), sim));
      expect(run.code).toBe(2);
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at |Error:/);
      expect(sim.state().insertRequests).toBe(0);
    },
    60_000,
  );

  const perRow: [string, () => string][] = [
    [
      'formula cells',
      () => file('formulas.csv', 'Name,Phone\n=HYPERLINK("http://x"),0412345678\n+SUM(A1),0412345679\n@cmd,0412345670\n'),
    ],
    [
      '10,000 columns',
      () =>
        file(
          'wide.csv',
          `${['Name', 'Phone', ...Array.from({ length: 9998 }, (_, i) => `C${i}`)].join(',')}\nA,0412345678${',x'.repeat(9998)}\n`,
        ),
    ],
    [
      '1,000-character fields',
      () => file('long-fields.csv', `Name,Phone,Notes\n${'N'.repeat(1000)},0412345678,${'é'.repeat(1000)}\n`),
    ],
    ['RTL and emoji text', () => file('rtl.csv', 'Name,Phone,Notes\nمحمد علي,0412345678,👋🏽 שלום\n')],
    [
      'a formula cell in a workbook',
      () =>
        file(
          'formula.xlsx',
          workbook([
            ['Name', 'Phone'],
            ['=1+1', '0412345678'],
          ]),
        ),
    ],
  ];
  it.each(perRow)(
    '%s: read, and each row sent or refused with a reason',
    async (_name, make) => {
      sim = await startSimulator({ port: 0, apiKey: KEY, minCallMs: 1, perLeadMs: 0 });
      const dataDir = freshDir('per-row');
      const run = await runCli(uploadArgs(make(), dataDir, sim, ['--allow-duplicates']));
      expect(run.code, run.stderr).toBeLessThanOrEqual(1);
      const summary = lastJson(run);
      expect(summary.imported + summary.rejected + summary.invalid).toBe(summary.total);
      expect(summary.pending).toBe(0);
    },
    60_000,
  );

  afterAll(() =>
    report.push(
      `bad inputs tried: ${unreadable.length + perRow.length} (${unreadable.length} refused with one line, ${perRow.length} read row by row)`,
    ),
  );

  it('the key is in no file the runs wrote (data dirs, reports, logs)', () => {
    expect(filesContaining(ROOT, KEY)).toEqual([]);
  });
});
