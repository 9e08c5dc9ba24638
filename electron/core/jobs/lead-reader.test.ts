import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { workbookXlsx } from '../ingest/xlsx/testing/workbooks.ts';
import { decodeCells, splitCellRows } from '../store/cells.ts';
import type { LeadBatch } from '../store/lead-batch.ts';
import { ledgerHash } from './cross-checks.ts';
import { prepareReader, type ReadLeadsInput, readerIsWarm, readLeads } from './lead-reader.ts';

const dir = mkdtempSync(join(tmpdir(), 'lead-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rules = {
  headers: ['Name', 'Phone', 'Mobile'],
  mapping: { fields: { Name: 'Name', FirstPhone: 'Phone', MobilePhone: 'Mobile' }, constants: {}, phoneFields: [] },
  options: { country: 'AU', dateOrder: 'dmy' as const, allowDuplicates: false, contactHoursNames: [] },
};

/** 12,000 rows over three batches, with repeats across batches, bad phones, a ragged row and a restored zero. */
function messyFile(): string {
  const lines = ['Name,Phone,Mobile'];
  for (let i = 0; i < 12_000; i++) {
    const phone = `03${String(10_000_000 + i).slice(-8)}`;
    if (i === 7_001) lines.push(`Repeat,${`03${String(10_000_000 + 10).slice(-8)}`},`);
    else if (i === 11_000) lines.push('Ragged,0383218199,0412345678,extra');
    else if (i % 997 === 0) lines.push(`Bad ${i},12,`);
    else if (i === 3) lines.push(`No zero,383218199,`);
    else lines.push(`Lead ${i},${phone},04${String(i).padStart(8, '0')}`);
  }
  const path = join(dir, 'messy.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

async function readAll(input: ReadLeadsInput): Promise<LeadBatch[]> {
  const batches: LeadBatch[] = [];
  for await (const batch of readLeads(input)) batches.push(batch);
  return batches;
}

describe('the lead reader', () => {
  const path = messyFile();
  const ledger = new Map([[ledgerHash('phone', '0310000020'), '2026-11-01T00:00:00.000Z']]);

  it('gives the same batches from its worker thread as in the calling thread', async () => {
    const input = { path, kind: 'csv' as const, options: {}, rules, ledger };
    const inWorker = await readAll({ ...input, thread: 'worker' });
    const here = await readAll({ ...input, thread: 'here' });
    expect(inWorker).toEqual(here);
    // The same again when this thread applies the rules to every batch the worker can leave to it, and to none.
    expect(await readAll({ ...input, thread: 'worker', shareRules: 'always' })).toEqual(here);
    expect(await readAll({ ...input, thread: 'worker', shareRules: 'never' })).toEqual(here);
    expect(inWorker.map((b) => b.seqs.length)).toEqual([5000, 5000, 2000]);
    const details = inWorker.flatMap((b) => b.details.map((d) => ({ ...d, row: b.rowNumbers[d.index] })));
    // A repeat in the second batch of a phone from the first is found across the batch boundary.
    expect(details.find((d) => d.row === 7_003)).toMatchObject({
      status: 'invalid',
      reason: 'phone 0310000010 already in row 12',
    });
    expect(details.find((d) => d.row === 11_002)).toMatchObject({ status: 'invalid' });
    expect(details.find((d) => d.row === 5)).toMatchObject({ status: 'ready', hasWarning: 1 });
    expect(details.find((d) => d.row === 22)?.issues).toContain('probably a duplicate on the server');
    expect(details.filter((d) => d.status === 'invalid' && d.reason?.startsWith('FirstPhone: ')).length).toBe(13);
  });

  it('keeps cells holding the separators of the store whole, on either thread', async () => {
    // Plain rows first, so that the first batches are strung together without looking at their cells.
    const lines = ['Name,Phone,Mobile'];
    for (let i = 0; i < 11_000; i++) lines.push(`Lead ${i},03${String(10_000_000 + i).slice(-8)},`);
    lines.push('Unit\x1fseparator,0412345678,', 'Record\x1eseparator,0412345679,"a\x1fb\x1ec"', 'After,0412345680,');
    const tricky = join(dir, 'separators.csv');
    writeFileSync(tricky, `${lines.join('\n')}\n`);
    for (const thread of ['worker', 'here'] as const) {
      const batches = await readAll({ path: tricky, kind: 'csv', options: {}, rules, thread });
      const cells = batches.flatMap((b) => splitCellRows(b.cells, b.seqs.length).map(decodeCells));
      expect(cells.length).toBe(11_003);
      expect(cells[5]).toEqual(['Lead 5', '0310000005', '']);
      expect(cells.slice(-3)).toEqual([
        ['Unit\x1fseparator', '0412345678', ''],
        ['Record\x1eseparator', '0412345679', 'a\x1fb\x1ec'],
        ['After', '0412345680', ''],
      ]);
    }
  });

  /**
   * A workbook as Excel writes one: names in the shared string table, mobiles stored as numbers (the
   * leading zero lost), a call-back date as an ISO date cell; and, past the first batches, a shared string
   * and a formula's string holding the store's separators (written as Excel escapes them).
   */
  function workbook(): string {
    const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const strings = ['Name', 'Phone', 'Mobile', 'Unit_x001F_separator'];
    const rows = [`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>`];
    for (let i = 0; i < 12_000; i++) {
      const r = i + 2;
      strings.push(`Lead ${i}`);
      const name = i === 11_500 ? 3 : strings.length - 1;
      const phone = i === 11_600 ? `<c r="B${r}" t="str"><v>a_x001E_b</v></c>` : `<c r="B${r}"><v>3${10_000_000 + i}</v></c>`;
      const mobile = i % 3 === 0 ? `<c r="C${r}" t="d"><v>2026-11-${String((i % 28) + 1).padStart(2, '0')}</v></c>` : '';
      rows.push(`<row r="${r}"><c r="A${r}" t="s"><v>${name}</v></c>${phone}${mobile}</row>`);
    }
    const sst = `<sst xmlns="${MAIN}">${strings.map((t) => `<si><t>${t}</t></si>`).join('')}</sst>`;
    const sheet = `<worksheet xmlns="${MAIN}"><sheetData>${rows.join('')}</sheetData></worksheet>`;
    const path = join(dir, 'numbers.xlsx');
    writeFileSync(path, workbookXlsx([{ name: 'Leads', xml: sheet }], sst));
    return path;
  }

  it('gives the same batches from a workbook of numbers and dates, whichever thread applies the rules', async () => {
    const input = { path: workbook(), kind: 'workbook' as const, options: {}, rules };
    const here = await readAll({ ...input, thread: 'here' });
    expect(await readAll({ ...input, thread: 'worker', shareRules: 'always' })).toEqual(here);
    expect(await readAll({ ...input, thread: 'worker', shareRules: 'never' })).toEqual(here);
    const cells = here.flatMap((b) => splitCellRows(b.cells, b.seqs.length).map(decodeCells));
    // An ISO date cell shows as Excel's serial number under the General format, as SheetJS reads it.
    expect(cells[0]).toEqual(['Lead 0', '310000000', '46327']);
    expect(cells[11_500][0]).toBe('Unit\x1fseparator');
    expect(cells[11_600][1]).toBe('a\x1eb');
    const details = here.flatMap((b) => b.details.map((d) => ({ ...d, row: b.rowNumbers[d.index] })));
    // The number and the date the cells hold are kept beside their text, and the lost zero is put back.
    const first = details.find((d) => d.row === 2);
    expect(first?.raw).toBe(JSON.stringify([null, 310000000, new Date(Date.UTC(2026, 10, 1))]));
    expect(first?.issues).toContain('0310000000');
  });

  it('reads with a worker started ahead of the read, once', async () => {
    prepareReader();
    expect(readerIsWarm()).toBe(true);
    // Started ahead, the worker waits for its read: it may wait a while (the person maps the columns).
    await new Promise((resolve) => setTimeout(resolve, 300));
    const input = { path, kind: 'csv' as const, options: {}, rules, ledger };
    const warm = await readAll({ ...input, thread: 'worker' });
    expect(readerIsWarm()).toBe(false);
    expect(warm).toEqual(await readAll({ ...input, thread: 'here' }));
    // A second read does without one.
    expect((await readAll({ ...input, thread: 'worker' })).length).toBe(3);
  });

  it('stops when cancelled, with a message naming the file', async () => {
    const abort = new AbortController();
    const batches = readLeads({ path, kind: 'csv', options: {}, rules, control: { signal: abort.signal } });
    await batches.next();
    abort.abort();
    await expect(batches.next()).rejects.toMatchObject({ code: 'cancelled', message: 'messy.csv: reading was cancelled' });
  });

  it('passes on what is wrong with a file, as the in-thread reader would', async () => {
    const missing = readAll({ path: join(dir, 'gone.csv'), kind: 'csv', options: {}, thread: 'worker' });
    await expect(missing).rejects.toMatchObject({ code: 'no-file', message: expect.stringContaining('gone.csv') });
    const unclosed = join(dir, 'unclosed.csv');
    writeFileSync(unclosed, `Name,Phone\nA,0383218199\n"B,0412345678\n${'C,0400000000\n'.repeat(50)}`);
    await expect(readAll({ path: unclosed, kind: 'csv', options: {}, thread: 'worker' })).rejects.toMatchObject({
      code: 'unclosed-quote',
    });
  });
});
