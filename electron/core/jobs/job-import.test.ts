/**
 * One pass: the app inspects a file, chooses mapping and target on the sample, then reads the file once with
 * the rules; a later change of target alone checks only the ledger, not the rows' own rules.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import * as ingest from '../ingest/index.ts';
import { workbookXlsx } from '../ingest/xlsx/testing/workbooks.ts';
import { openJobStore } from '../store/job-store.ts';
import { ledgerHash } from './cross-checks.ts';
import { createJobService } from './job-service.ts';

vi.mock('../ingest/index.ts', async (original) => {
  const actual = await original<typeof import('../ingest/index.ts')>();
  return { ...actual, inspectSource: vi.fn(actual.inspectSource) };
});

const dir = mkdtempSync(join(tmpdir(), 'one-pass-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ROWS = 9_000;
/** Every 7th row has no dialable phone; every 11th repeats the phone of the row before. */
function csv(name: string): string {
  const lines = ['Name,Phone,Priority'];
  for (let i = 0; i < ROWS; i++) {
    const n = i % 11 === 10 ? i - 1 : i;
    lines.push(`Lead ${i},${i % 7 === 3 ? '12' : `04${String(n).padStart(8, '0')}`},${i % 13 === 0 ? 500 : i % 100}`);
  }
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const spec = {
  mapping: { fields: { Name: 'Name', MobilePhone: 'Phone', njPriority: 'Priority' }, constants: {}, phoneFields: [] },
  options: { country: 'AU', dateOrder: 'dmy' as const, allowDuplicates: false, contactHoursNames: [] },
};
const targetA = { serverUrl: 'http://127.0.0.1:9', templateId: 41, campaignId: 41, allocationId: 38 };
const targetB = { ...targetA, campaignId: 42 };

function open(name: string) {
  const store = openJobStore(join(dir, name));
  const service = createJobService({ store, resolveTarget: async () => undefined as never });
  return { store, service };
}

const page = (store: ReturnType<typeof openJobStore>, jobId: string) =>
  store.rows(jobId, 0, 400, 'all').rows.map((r) => [r.rowNumber, r.status, r.issues, r.reason]);

describe('one pass from file to checked job', () => {
  it('reads a file it has just inspected without inspecting it again, and changed files are looked at anew', async () => {
    const { store, service } = open('inspect-once');
    const file = csv('once.csv');
    const inspect = vi.mocked(ingest.inspectSource);
    inspect.mockClear();
    const info = await service.inspect(file, {});
    expect(inspect).toHaveBeenCalledTimes(1);
    // The app reads with the sheet and header row the inspection found.
    await service.importFile(file, { headerRow: info.headerRow }, { ...spec, target: targetA });
    expect(inspect).toHaveBeenCalledTimes(1);
    // The file changed since: the read looks at it again rather than trust an old sample.
    writeFileSync(file, 'Name,Phone,Priority\nKim,0412000000,5\n');
    const again = await service.importFile(file, { headerRow: info.headerRow }, { ...spec, target: targetA });
    expect(inspect).toHaveBeenCalledTimes(2);
    expect(again.counts.total).toBe(1);
    store.close();
  });

  it('says how many empty rows between the leads it left out, in a text file and a workbook', async () => {
    const { store, service } = open('empty-rows');
    const twoColumns = { ...spec, mapping: { ...spec.mapping, fields: { Name: 'Name', MobilePhone: 'Phone' } }, target: targetA };
    const text = join(dir, 'gaps.csv');
    // A title row, the header, leads with an empty line and a line of spaces among them, and trailing line breaks.
    writeFileSync(text, 'Leads for May\nName,Phone\nAnn,0412000001\n\nBen,0412000002\n  ,  \nCal,0412000003\n\n\n');
    const fromText = await service.importFile(text, {}, twoColumns);
    expect(fromText.counts.total).toBe(3);
    expect(service.summary(service.requireJob(fromText.jobId)).emptyRows).toBe(2);
    const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
    // Row 3 absent from the sheet, row 4 holds only spaces.
    const sheet = `<worksheet xmlns="${MAIN}"><sheetData><row r="1">${cell('A1', 'Name')}${cell('B1', 'Phone')}</row><row r="2">${cell('A2', 'Ann')}${cell('B2', '0412000001')}</row><row r="4">${cell('A4', '  ')}</row><row r="5">${cell('A5', 'Cal')}${cell('B5', '0412000003')}</row></sheetData></worksheet>`;
    const book = join(dir, 'gaps.xlsx');
    writeFileSync(book, workbookXlsx([{ name: 'Leads', xml: sheet }]));
    const fromBook = await service.importFile(book, {}, twoColumns);
    expect(fromBook.counts.total).toBe(2);
    expect(service.summary(service.requireJob(fromBook.jobId)).emptyRows).toBe(2);
    // A file without gaps says nothing of them.
    const plain = await service.importFile(csv('no-gaps.csv'), {}, { ...spec, target: targetA });
    expect(service.summary(service.requireJob(plain.jobId)).emptyRows).toBeUndefined();
    store.close();
  });

  it('reading with the rules gives the verdicts of reading as is and applying the mapping afterwards', async () => {
    const { store, service } = open('same-verdicts');
    const file = csv('same.csv');
    const once = await service.importFile(file, {}, { ...spec, target: targetA });
    const twice = (await service.importFile(file, {})).jobId;
    const applied = await service.remap(twice, { ...spec, target: targetA });
    expect(applied?.rechecked).toBe('rows');
    expect(once.counts).toEqual(applied?.counts);
    expect(page(store, once.jobId)).toEqual(page(store, twice));
    expect(service.requireJob(once.jobId).mapping).toEqual(spec.mapping);
    store.close();
  });

  it('a change of target alone checks only the ledger: warnings for what was sent to the new campaign, none left from the old', async () => {
    const { store, service } = open('retarget');
    const file = csv('retarget.csv');
    // Campaign 42 already has the phones of rows 3 and 4 (leads 1 and 2) from this app.
    store.ledgerAdd(targetB.serverUrl, targetB.campaignId, [
      ledgerHash('phone', '0400000001'),
      ledgerHash('phone', '0400000002'),
    ]);
    const { jobId, counts } = await service.importFile(file, {}, { ...spec, target: targetA });
    expect(counts.warnings).toBe(0);

    const progress: number[] = [];
    const toB = await service.remap(jobId, { ...spec, target: targetB }, (p) => progress.push(p.rowsDone));
    expect(toB?.rechecked).toBe('ledger');
    expect(progress.at(-1)).toBe(ROWS);
    expect(toB?.counts).toEqual({ ...counts, warnings: 2 });
    const [, first, second, , fourth] = store.rows(jobId, 0, 5, 'all').rows;
    expect(first.issues?.map((i) => i.message)).toEqual([
      expect.stringMatching(/^probably a duplicate on the server: phone 0400000001 was sent to this campaign by this app on /),
    ]);
    expect(first.issues?.[0].column).toBe('Phone');
    expect(second.issues).toHaveLength(1);
    expect(fourth.issues ?? []).toEqual([]);
    expect(service.requireJob(jobId).target?.campaignId).toBe(42);

    // The same as checking every row for campaign 42 from the start.
    const whole = (await service.importFile(file, {}, { ...spec, target: targetB })).jobId;
    expect(page(store, jobId)).toEqual(page(store, whole));

    // Back to campaign 41: the warnings go, and only they.
    const toA = await service.remap(jobId, { ...spec, target: targetA });
    expect(toA?.rechecked).toBe('ledger');
    expect(toA?.counts).toEqual(counts);
    const original = (await service.importFile(file, {}, { ...spec, target: targetA })).jobId;
    expect(page(store, jobId)).toEqual(page(store, original));

    // Another option is a change of rules: every row is checked again.
    const dates = await service.remap(jobId, { ...spec, options: { ...spec.options, dateOrder: 'mdy' }, target: targetA });
    expect(dates?.rechecked).toBe('rows');
    store.close();
  });
});
