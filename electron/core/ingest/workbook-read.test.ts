/** Reading workbooks (.xlsx, .xls, .ods): sheets, header rows, typed cells, bad and protected files, cancelling. */
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { readAll, sourceFolder } from '../testing/source-files.ts';
import { forgetWorkbook, inspectSource, readSource } from './index.ts';

const { file } = sourceFolder('workbook-read');

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
