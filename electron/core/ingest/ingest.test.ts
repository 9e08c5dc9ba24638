import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import { forgetWorkbook, inspectSource, readSource, type SourceRow } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'ingest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

async function readAll(path: string, options = {}, control = {}): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const batch of readSource(path, options, control)) rows.push(...batch);
  return rows;
}

const cp1252 = (text: string) =>
  Uint8Array.from([...text].map((ch) => ({ ë: 0xeb, ü: 0xfc, é: 0xe9, '’': 0x92 })[ch] ?? ch.charCodeAt(0)));

describe('CSV encodings', () => {
  it('reads Windows-1252 names (Zoë Müller, Renée O’Brien)', async () => {
    const path = file('cp1252.csv', cp1252('Name,Phone\nZoë Müller,0383218199\nRenée O’Brien,0412345678\n'));
    const info = await inspectSource(path);
    expect(info.encoding).toBe('windows-1252');
    const rows = await readAll(path);
    expect(rows.map((r) => r.cells[0])).toEqual(['Zoë Müller', 'Renée O’Brien']);
  });

  it('reads a UTF-8 file with a BOM and CRLF line ends', async () => {
    const path = file('bom.csv', `\ufeffName,Phone\r\nZoë,0383218199\r\nAnn,0412345678\r\n`);
    const info = await inspectSource(path);
    expect(info).toMatchObject({ encoding: 'utf-8', headers: ['Name', 'Phone'] });
    const rows = await readAll(path);
    expect(rows).toEqual([
      { rowNumber: 2, cells: ['Zoë', '0383218199'] },
      { rowNumber: 3, cells: ['Ann', '0412345678'] },
    ]);
  });

  it('reads UTF-16LE with a BOM', async () => {
    const text = 'Name\tPhone\nRenée\t0383218199\n';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const path = file('utf16.txt', bytes);
    expect(await inspectSource(path)).toMatchObject({ encoding: 'utf-16le', delimiter: '\t' });
    expect((await readAll(path))[0].cells).toEqual(['Renée', '0383218199']);
  });

  it('keeps multi-byte characters that fall across read chunks', async () => {
    const filler = 'x'.repeat((1 << 20) - 13);
    const path = file('split.csv', `Name,Note\nZoë,${filler}\n${'Ä'.repeat(20)},ok\n`);
    const rows = await readAll(path);
    expect(rows[1].cells[0]).toBe('Ä'.repeat(20));
    expect(rows[0].cells[1]).toBe(filler);
  });

  it('honours an encoding given by the user', async () => {
    const path = file('forced.csv', cp1252('Name\nZoë\n'));
    expect((await readAll(path, { encoding: 'latin1' }))[0].cells[0]).toBe('Zoë');
    await expect(inspectSource(path, { encoding: 'klingon' })).rejects.toThrow(/forced.csv: unknown encoding "klingon"/);
  });
});

describe('CSV shapes', () => {
  it.each([
    ['semi.csv', 'Name;Phone\n"Smith, Jane";0383218199\n', ';'],
    ['tab.tsv', 'Name\tPhone\nJane\t0383218199\n', '\t'],
    ['pipe.txt', 'Name|Phone\nJane|0383218199\n', '|'],
  ])('detects the delimiter of %s', async (name, content, delimiter) => {
    const path = file(name, content);
    expect((await inspectSource(path)).delimiter).toBe(delimiter);
    expect((await readAll(path))[0].cells).toHaveLength(2);
  });

  it('keeps newlines inside quoted fields and counts rows as a spreadsheet does', async () => {
    const path = file('quoted.csv', 'Name,Address,Phone\r"Jane","1 Main St\nAbbotsford",0383218199\rBob,2 Main St,0412345678\r');
    const rows = await readAll(path);
    expect(rows[0]).toEqual({ rowNumber: 2, cells: ['Jane', '1 Main St\nAbbotsford', '0383218199'] });
    expect(rows[1].rowNumber).toBe(3);
  });

  it('skips a row of only spaces like an empty row, keeping the row numbers of the rest', async () => {
    const path = file('spaces.csv', 'Name,Phone\r\nJane,0383218199\r\n   ,   \r\n\t, \r\n\r\nBob,0412345678\r\n');
    const rows = await readAll(path);
    expect(rows.map((r) => [r.rowNumber, r.cells[0]])).toEqual([
      [2, 'Jane'],
      [6, 'Bob'],
    ]);
  });

  it('flags ragged rows instead of shifting them', async () => {
    const path = file('ragged.csv', 'Name,Phone,City\nJane,0383218199\nBob,0412345678,Melb,extra\n');
    const rows = await readAll(path);
    expect(rows[0]).toMatchObject({ cells: ['Jane', '0383218199', ''], problem: { severity: 'warning' } });
    expect(rows[1]).toMatchObject({ cells: ['Bob', '0412345678', 'Melb', 'extra'], problem: { severity: 'error' } });
    expect(rows[1].problem?.message).toMatch(/4 cells but the header has 3/);
  });

  it('detects title rows above the header and makes header names unique', async () => {
    const path = file('title.csv', 'Leads for January\nExported 01/12/2026\n\nName,Phone,Phone,\nJane,0383218199,0412345678,x\n');
    const info = await inspectSource(path);
    expect(info.headerRow).toBe(4);
    expect(info.headers).toEqual(['Name', 'Phone', 'Phone (2)', 'Column 4']);
    expect(info.previewRows).toEqual([['Jane', '0383218199', '0412345678', 'x']]);
    const rows = await readAll(path);
    expect(rows).toEqual([{ rowNumber: 5, cells: ['Jane', '0383218199', '0412345678', 'x'] }]);
    expect((await inspectSource(path, { headerRow: 1 })).headers[0]).toBe('Leads for January');
  });

  it('gives a preview of the first rows before the whole file is read', async () => {
    const lines = Array.from({ length: 30_000 }, (_, i) => `Lead ${i},04${String(i).padStart(8, '0')}`);
    const path = file('big.csv', `Name,Phone\n${lines.join('\n')}\n`);
    const info = await inspectSource(path);
    expect(info.previewRows).toHaveLength(50);
    expect(info.previewRows[0]).toEqual(['Lead 0', '0400000000']);
    const progress: number[] = [];
    const rows = await readAll(path, {}, { onProgress: (p: { rowsRead: number }) => progress.push(p.rowsRead) });
    expect(rows).toHaveLength(30_000);
    expect(rows.at(-1)?.rowNumber).toBe(30_001);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.at(-1)).toBe(30_000);
    const bytes: number[] = [];
    await readAll(
      path,
      {},
      { onProgress: (p: { bytesRead: number; totalBytes: number }) => bytes.push(p.bytesRead / p.totalBytes) },
    );
    expect(bytes.every((b, i) => b > 0 && b <= 1 && (i === 0 || b >= bytes[i - 1]))).toBe(true);
    expect(bytes.at(-1)).toBe(1);
  });

  it('can be cancelled', async () => {
    const path = file('cancel.csv', `Name,Phone\n${'a,0412345678\n'.repeat(50_000)}`);
    const controller = new AbortController();
    const reading = (async () => {
      let n = 0;
      for await (const batch of readSource(path, {}, { signal: controller.signal })) {
        n += batch.length;
        if (n >= 5000) controller.abort();
      }
    })();
    await expect(reading).rejects.toThrow(/cancelled/);
  });
});

describe('bad files give one clear line with the file name and the place', () => {
  it.each([
    ['empty.csv', '', /empty.csv: the file is empty/],
    ['blank.csv', '\n\n  \n', /blank.csv: the file has no text/],
    ['header-only.csv', 'Name,Phone\n', /header-only.csv: there are no data rows below the header \(row 1\)/],
    ['doc.csv', '%PDF-1.7\n%âãÏÓ\n1 0 obj', /doc.csv: this is a PDF document, not a CSV/],
    ['binary.csv', Buffer.from([0x4e, 0x61, 0x00, 0x01, 0x02, 0x00, 0x10]), /binary.csv: this is binary data/],
    ['leads.pdf', 'x', /leads.pdf: ".pdf" files are not supported \(use .csv/],
    ['noext', 'x', /noext: a file without an extension is not supported/],
  ])('%s', async (name, content, message) => {
    const path = file(name, content);
    await expect(readAll(path)).rejects.toThrow(message);
  });

  it('an unclosed quote that swallows the rest of the file', async () => {
    const path = file('unclosed.csv', `Name,Phone\nJane,0383218199\n"Bob,0412345678\n${'Ann,0412345679\n'.repeat(20)}`);
    await expect(readAll(path)).rejects.toThrow(/unclosed.csv: the quote opened in row 3 is never closed/);
  });

  it('a single 20 MB line', async () => {
    const path = file('oneline.csv', 'x'.repeat(20 * 1024 * 1024));
    await expect(readAll(path)).rejects.toThrow(/oneline.csv: the first line is longer than 512 KB/);
  });

  it('a 2 MB value in the middle of the file names its row and column', async () => {
    const path = file('longvalue.csv', `Name,Phone\nJane,0383218199\nBob,${'9'.repeat(2 << 20)}\nAnn,1\n`);
    await expect(readAll(path)).rejects.toThrow(/longvalue.csv: row 3, column 2 holds a value over 1 MB/);
  });

  it('an unclosed quote in a large file stops the read without gathering the rest', async () => {
    const rest = 'Ann Smith,0412345679,Abbotsford\n'.repeat(100_000);
    const path = file('runaway.csv', `Name,Phone,City\nJane,0383218199,Melb\n"Bob,0412345678,Syd\n${rest}`);
    const yielded: SourceRow[] = [];
    const reading = (async () => {
      for await (const batch of readSource(path, {}, { maxRecordChars: 1 << 20 })) yielded.push(...batch);
    })();
    await expect(reading).rejects.toThrow(
      /runaway.csv: row 3 runs on for more than 1 MB without ending: a quote opened there is probably never closed/,
    );
    expect(yielded).toEqual([]);
  });

  it('holds the file back while its reader is slow: no runaway record is seen where there is none', async () => {
    // Text read ahead of a paused parser counts toward the runaway-record limit; so it must stay bounded.
    const rows = 'Ann Smith,0412345679,Abbotsford VIC 3067,a note of some length to fill the row\n'.repeat(300_000);
    const path = file('slow.csv', `Name,Phone,City,Notes\n${rows}`);
    let count = 0;
    for await (const batch of readSource(path, {}, { maxRecordChars: 12 << 20 })) {
      count += batch.length;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(count).toBe(300_000);
  });

  it('10,000 columns', async () => {
    const headers = Array.from({ length: 10_000 }, (_, i) => `Field ${i + 1}`);
    const values = Array.from({ length: 10_000 }, (_, i) => String(i));
    const path = file('wide.csv', `${headers.join(',')}\n${values.join(',')}\n${values.join(',')}\n`);
    const info = await inspectSource(path);
    expect(info.headers).toHaveLength(10_000);
    expect(info.headers.at(-1)).toBe('Field 10000');
    const rows = await readAll(path);
    expect(rows).toHaveLength(2);
    expect(rows[1].cells[9_999]).toBe('9999');
    expect(rows[1].problem).toBeUndefined();
  });

  it('a missing file', async () => {
    await expect(inspectSource(join(dir, 'gone.csv'))).rejects.toThrow(/gone.csv: no such file/);
  });
});

describe('workbooks', () => {
  function workbook(bookType: XLSX.BookType, name: string) {
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['Summary'], ['nothing here']]), 'Cover');
    const sheet = XLSX.utils.aoa_to_sheet(
      [
        ['January leads'],
        [],
        ['Name', 'Phone', 'Call back', 'Priority'],
        ['Zoë Müller', 383218199, new Date(Date.UTC(2026, 11, 1, 14, 5)), 5],
        ['Renée O’Brien', 412345678, null, 10],
      ],
      { cellDates: true },
    );
    XLSX.utils.book_append_sheet(book, sheet, 'Leads');
    return file(name, XLSX.write(book, { type: 'buffer', bookType }));
  }

  it('opens the second sheet past a cover sheet, and reads its header on row 3, with phone numbers stored as numbers', async () => {
    const path = workbook('xlsx', 'leads.xlsx');
    const first = await inspectSource(path);
    expect(first.sheets).toEqual(['Cover', 'Leads']);
    expect(first).toMatchObject({ sheet: 'Leads', headerRow: 3 });
    // The cover stays one choice away.
    expect((await inspectSource(path, { sheet: 'Cover' })).topRows).toEqual([['Summary'], ['nothing here']]);
    const info = await inspectSource(path, { sheet: 'Leads' });
    expect(info).toMatchObject({ kind: 'workbook', headerRow: 3, headers: ['Name', 'Phone', 'Call back', 'Priority'] });
    const rows = await readAll(path, { sheet: 'Leads' });
    expect(rows).toHaveLength(2);
    expect(rows[0].rowNumber).toBe(4);
    expect(rows[0].cells[0]).toBe('Zoë Müller');
    expect(rows[0].cells[1]).toBe('383218199');
    expect(rows[0].raw?.[1]).toBe(383218199);
    expect(rows[0].raw?.[2]).toBeInstanceOf(Date);
    expect(rows[0].raw?.[2]).toEqual(new Date('2026-12-01T14:05:00.000Z'));
  });

  it.each([['xls'], ['ods']] as const)('reads %s', async (type) => {
    const path = workbook(type === 'xls' ? 'biff8' : 'ods', `leads.${type}`);
    const rows = await readAll(path, { sheet: 'Leads' });
    expect(rows.map((r) => r.cells[0])).toEqual(['Zoë Müller', 'Renée O’Brien']);
  });

  it.each([['xlsx'], ['xls'], ['ods']] as const)(
    '%s: opens the first sheet that holds a table (past an empty sheet and notes), else the first with text',
    async (type) => {
      const bookType = type === 'xls' ? 'biff8' : type;
      const book = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([]), 'Empty');
      XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['Read me'], ['The leads are on the third sheet']]), 'Notes');
      XLSX.utils.book_append_sheet(
        book,
        XLSX.utils.aoa_to_sheet([
          ['Name', 'Phone'],
          ['Kim Ng', '0412111222'],
        ]),
        'March',
      );
      const info = await inspectSource(file(`three-sheets.${type}`, XLSX.write(book, { type: 'buffer', bookType })));
      expect(info).toMatchObject({ sheets: ['Empty', 'Notes', 'March'], sheet: 'March', headers: ['Name', 'Phone'] });

      const notes = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(notes, XLSX.utils.aoa_to_sheet([]), 'Empty');
      XLSX.utils.book_append_sheet(notes, XLSX.utils.aoa_to_sheet([['Phone list'], ['0412111222'], ['0412333444']]), 'Phones');
      XLSX.utils.book_append_sheet(notes, XLSX.utils.aoa_to_sheet([['Kept for later']]), 'Later');
      const single = await inspectSource(file(`one-column.${type}`, XLSX.write(notes, { type: 'buffer', bookType })));
      expect(single).toMatchObject({ sheet: 'Phones', headers: ['Phone list'] });
    },
  );

  it('says which sheets exist when the one asked for does not', async () => {
    const path = workbook('xlsx', 'sheets.xlsx');
    await expect(inspectSource(path, { sheet: 'Feb' })).rejects.toThrow(
      /sheets.xlsx: there is no sheet "Feb" \(sheets: Cover, Leads\)/,
    );
  });

  it('refuses a corrupt workbook and a renamed text file', async () => {
    await expect(readAll(file('corrupt.xlsx', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 7)])))).rejects.toThrow(
      /corrupt.xlsx: the workbook (could not be read|is password-protected)/,
    );
    await expect(readAll(file('text.xlsx', 'Name,Phone\nJane,0383218199\n'))).rejects.toThrow(
      /text.xlsx: this is not a XLSX workbook/,
    );
  });

  it('refuses a password-protected workbook with a way out', async () => {
    // An encrypted .xlsx is a compound file holding EncryptionInfo and EncryptedPackage streams.
    const CFB = XLSX.CFB;
    const container = CFB.utils.cfb_new();
    const agile = '<?xml version="1.0"?><encryption xmlns="http://schemas.microsoft.com/office/2006/encryption"/>';
    CFB.utils.cfb_add(
      container,
      '/EncryptionInfo',
      Buffer.concat([Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]), Buffer.from(agile)]),
    );
    CFB.utils.cfb_add(container, '/EncryptedPackage', Buffer.alloc(64, 1));
    const path = file('locked.xlsx', CFB.write(container, { type: 'buffer' }) as Buffer);
    await expect(inspectSource(path)).rejects.toThrow(
      /locked.xlsx: the workbook is password-protected: open it in Excel, remove the password/,
    );
  });

  it('a workbook with a header and no data rows, and one with nothing in it', async () => {
    const headerOnly = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(headerOnly, XLSX.utils.aoa_to_sheet([['Name', 'Phone']]), 'Leads');
    const path = file('header-only.xlsx', XLSX.write(headerOnly, { type: 'buffer', bookType: 'xlsx' }));
    await expect(readAll(path)).rejects.toThrow(/header-only.xlsx: sheet "Leads" has no data rows below the header \(row 1\)/);
    const empty = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(empty, XLSX.utils.aoa_to_sheet([]), 'Blank');
    const blank = file('blank.xlsx', XLSX.write(empty, { type: 'buffer', bookType: 'xlsx' }));
    await expect(inspectSource(blank)).rejects.toThrow(/blank.xlsx: every sheet of the workbook is empty/);
  });

  it('reports progress by rows and can be cancelled between batches', async () => {
    const book = XLSX.utils.book_new();
    const data = [['Name', 'Phone'], ...Array.from({ length: 7_000 }, (_, i) => [`Lead ${i}`, 400_000_000 + i])];
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(data), 'Leads');
    const path = file('many.xlsx', XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }));
    const progress: number[] = [];
    const rows = await readAll(path, {}, { onProgress: (p: { rowsRead: number }) => progress.push(p.rowsRead) });
    expect(rows).toHaveLength(7_000);
    expect(rows.at(-1)?.raw?.[1]).toBe(400_006_999);
    expect(progress).toEqual([5000, 7000]);
    const controller = new AbortController();
    const reading = (async () => {
      for await (const _ of readSource(path, {}, { signal: controller.signal })) controller.abort();
    })();
    await expect(reading).rejects.toThrow(/many.xlsx: reading was cancelled/);
  });

  it('parses off the event loop, and a cancel stops a parse still running', async () => {
    const book = XLSX.utils.book_new();
    const data = [
      ['Name', 'Phone', 'Priority'],
      ...Array.from({ length: 30_000 }, (_, i) => [`Lead ${i}`, 400_000_000 + i, i % 10]),
    ];
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(data, { dense: true }), 'Leads');
    const path = file('offloop.xlsx', XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }));
    let last = performance.now();
    let longestGap = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 2);
    const started = performance.now();
    try {
      expect((await inspectSource(path)).headers).toEqual(['Name', 'Phone', 'Priority']);
    } finally {
      clearInterval(ticker);
    }
    const parseMs = performance.now() - started;
    expect(longestGap).toBeLessThan(Math.max(50, parseMs / 2));
    await forgetWorkbook();

    const controller = new AbortController();
    setTimeout(() => controller.abort(), 5);
    await expect(readAll(path, {}, { signal: controller.signal })).rejects.toThrow(/offloop.xlsx: reading was cancelled/);
  });

  it('reads formula cells by their cached value', async () => {
    const book = XLSX.utils.book_new();
    const sheet = XLSX.utils.aoa_to_sheet([
      ['Name', 'Phone'],
      ['Jane', '0383218199'],
    ]);
    sheet.C1 = { t: 's', v: 'Total' };
    sheet.A3 = { t: 's', v: 'Sum', f: 'CONCAT("S","um")' };
    sheet.B3 = { t: 'n', v: 412345678, f: 'B2+0' };
    sheet['!ref'] = 'A1:C3';
    XLSX.utils.book_append_sheet(book, sheet, 'S');
    const rows = await readAll(file('formula.xlsx', XLSX.write(book, { type: 'buffer', bookType: 'xlsx' })));
    expect(rows[1].cells.slice(0, 2)).toEqual(['Sum', '412345678']);
  });
});
