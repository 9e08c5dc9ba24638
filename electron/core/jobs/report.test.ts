import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import { openJobStore } from '../store/job-store.ts';
import { writeLeads } from '../testing/store-fixtures.ts';
import { neutraliseFormula, writeAcceptedReport, writeRejectedReport } from './report.ts';

const dir = mkdtempSync(join(tmpdir(), 'report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function jobWithRejections() {
  const store = openJobStore(join(dir, 'store'));
  const jobId = store.createJob({
    fileName: 'x.csv',
    filePath: '/x.csv',
    source: { kind: 'csv', headerRow: 1, headers: ['Name', 'Phone', 'Note'], rawHeaders: ['Name', 'Phone', '=Note'] },
  });
  writeLeads(store, jobId, [
    { seq: 0, rowNumber: 2, cells: ['Ann', '0412000001', 'fine'], payload: { Name: 'Ann' }, status: 'imported' },
    { seq: 1, rowNumber: 3, cells: ['=HYPERLINK("http://x")', '12', '+1'], status: 'invalid', reason: 'no valid phone number' },
    {
      seq: 2,
      rowNumber: 5,
      cells: ['@SUM(A1)', '-3', '\tx'],
      payload: { Name: 'x' },
      status: 'rejected',
      reason: 'Duplicate, "quoted"',
    },
    { seq: 3, rowNumber: 6, cells: ['Short'], payload: { Name: 'Short' }, status: 'review', reason: 'check on the server' },
  ]);
  return { store, jobId };
}

describe('the rejected report', () => {
  it('neutralises every value a spreadsheet would run as a formula', () => {
    expect(['=1', '+61 3', '-5', '@x', '\tx', '\rx', 'ok', '0412', ''].map(neutraliseFormula)).toEqual([
      "'=1",
      "'+61 3",
      "'-5",
      "'@x",
      "'\tx",
      "'\rx",
      'ok',
      '0412',
      '',
    ]);
  });

  it('writes CSV: row, source columns in order, stage and reason, in source order, only leads not accepted', async () => {
    const { store, jobId } = jobWithRejections();
    const path = join(dir, 'out.csv');
    expect(await writeRejectedReport(store, jobId, path)).toBe(3);
    const text = readFileSync(path, 'utf8');
    expect(text.split('\r\n')).toEqual([
      "\ufeffRow,Name,Phone,'=Note,Stage,Error Reason",
      `3,"'=HYPERLINK(""http://x"")",12,'+1,local,no valid phone number`,
      `5,'@SUM(A1),'-3,'\tx,server,"Duplicate, ""quoted"""`,
      '6,Short,,,server,check on the server',
      '',
    ]);
    store.close();
  });

  it('also lists leads fixed and not resubmitted when asked, with stage "fixed" and no reason', async () => {
    const { store, jobId } = jobWithRejections();
    writeLeads(store, jobId, [{ seq: 4, rowNumber: 7, cells: ['Fixed', '0412000009', ''], status: 'ready' }]);
    store.db.prepare('UPDATE leads SET fixed = 1 WHERE id = ? * 4294967296 + 4').run(Number(jobId));
    const only = join(dir, 'only.csv');
    expect(await writeRejectedReport(store, jobId, only)).toBe(3);
    const also = join(dir, 'also.csv');
    expect(await writeRejectedReport(store, jobId, also, { scope: 'alsoFixed' })).toBe(4);
    expect(readFileSync(also, 'utf8').split('\r\n').at(-2)).toBe('7,Fixed,0412000009,,fixed,');
    store.close();
  });

  it('says the stage in words for the app: found before sending, refused by the server', async () => {
    const { store, jobId } = jobWithRejections();
    const path = join(dir, 'words.csv');
    expect(await writeRejectedReport(store, jobId, path, { stageWords: true })).toBe(3);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain(',found before sending,no valid phone number\r\n');
    expect(text).toContain(',refused by the server,"Duplicate, ""quoted"""\r\n');
    expect(text).toContain(',to check on the server (the answer was lost),check on the server\r\n');
    expect(text).not.toMatch(/,(local|server),/);
    store.close();
  });

  it('writes the accepted leads with what the server did with each', async () => {
    const { store, jobId } = jobWithRejections();
    writeLeads(store, jobId, [
      { seq: 4, rowNumber: 7, cells: ['Bo', '0412000002', ''], payload: { Name: 'Bo' }, status: 'updated' },
    ]);
    const path = join(dir, 'accepted.csv');
    expect(await writeAcceptedReport(store, jobId, path)).toBe(2);
    expect(readFileSync(path, 'utf8').split('\r\n')).toEqual([
      "\ufeffRow,Name,Phone,'=Note,Result",
      '2,Ann,0412000001,fine,added',
      '7,Bo,0412000002,,updated an existing lead',
      '',
    ]);
    store.close();
  });

  it('writes XLSX with the same rows, as text', async () => {
    const { store, jobId } = jobWithRejections();
    const path = join(dir, 'out.xlsx');
    expect(await writeRejectedReport(store, jobId, path)).toBe(3);
    const book = XLSX.read(readFileSync(path));
    const rows = XLSX.utils.sheet_to_json<string[]>(book.Sheets[book.SheetNames[0]], { header: 1, defval: '' });
    expect(rows).toEqual([
      ['Row', 'Name', 'Phone', "'=Note", 'Stage', 'Error Reason'],
      ['3', `'=HYPERLINK("http://x")`, '12', "'+1", 'local', 'no valid phone number'],
      ['5', "'@SUM(A1)", "'-3", "'\tx", 'server', 'Duplicate, "quoted"'],
      ['6', 'Short', '', '', 'server', 'check on the server'],
    ]);
    const cell = book.Sheets[book.SheetNames[0]].B2;
    expect(cell.t).toBe('s');
    expect(cell.f).toBeUndefined();
    store.close();
  });
});
