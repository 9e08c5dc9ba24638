/** Reading text files: encodings, shapes (quoted newlines, ragged rows, title rows), bad files. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAll, sourceFolder } from '../testing/source-files.ts';
import { inspectSource, readSource, type SourceRow } from './index.ts';

const { dir, file } = sourceFolder('ingest');

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
