/** What an upload sends and reports: normalised values, rejections by source row, dry runs, mappings. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { openCatalogue } from '../core/catalogue/catalogue.ts';
import { cliHarness, uploadArgs } from './testing/cli-harness.ts';

const KEY = 'cli-test-key-5f0c9a';
const { root, freshDir, simulator, cli } = cliHarness({
  prefix: 'cli-upload',
  key: KEY,
  env: { NOOJEE_BACKOFF_BASE_MS: '20', NOOJEE_MAINTENANCE_COOLDOWN_MS: '200' },
});

describe('upload', () => {
  it('sends a messy file with exactly the normalised values and reports rejected leads by source row', async () => {
    const sim = await simulator({ minCallMs: 5, perLeadMs: 0 });
    const file = join(root, 'messy.csv');
    writeFileSync(
      file,
      [
        'Leads for December',
        'Name,Phone,Mobile,Account #,Priority,Call back',
        '  Jane   Smith ,(03) 8321 8199,,A1,5,01/12/2026 14:05',
        'Bob,412345678,,A2,10,',
        'Ann,3.83218E+08,,A3,5,',
        'Cat,0398765432,,A4,200,',
        'Dan,0298765432,,A5,7,31/02/2026 10:00',
        'Eve,+61 3 8321 8199,,A6,1,',
        'Fay,0387654321,,A7,3,2026-12-24T09:30',
      ].join('\r\n'),
    );
    const dataDir = freshDir();
    const rejectedOut = join(root, 'messy-rejected.csv');
    const r = await cli(
      uploadArgs(file, dataDir, sim, [
        '--map',
        'Name=Name',
        '--map',
        'FirstPhone=Phone',
        '--map',
        'MobilePhone=Mobile',
        '--map',
        'njExternalLeadId=Account #',
        '--map',
        'njPriority=Priority',
        '--map',
        'njCallBackDate=Call back',
        '--set',
        'State=VIC',
        '--rejected-out',
        rejectedOut,
      ]),
    );
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ state: 'done', total: 7, imported: 3, updated: 0, rejected: 0, invalid: 4, pending: 0 });
    const stored = sim.state().campaigns['41'].leads.map(({ __allocationId, ...lead }) => lead);
    expect(stored).toEqual([
      {
        Name: 'Jane Smith',
        FirstPhone: '0383218199',
        njExternalLeadId: 'A1',
        njPriority: '5',
        njCallBackDate: '2026/12/01 14:05',
        State: 'VIC',
      },
      { Name: 'Bob', FirstPhone: '0412345678', njExternalLeadId: 'A2', njPriority: '10', State: 'VIC' },
      {
        Name: 'Fay',
        FirstPhone: '0387654321',
        njExternalLeadId: 'A7',
        njPriority: '3',
        njCallBackDate: '2026/12/24 09:30',
        State: 'VIC',
      },
    ]);
    const report = readFileSync(rejectedOut, 'utf8')
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(report[0]).toBe('Row,Name,Phone,Mobile,Account #,Priority,Call back,Stage,Error Reason');
    expect(report.slice(1).map((l) => l.split(',')[0])).toEqual(['5', '6', '7', '8']);
    expect(report[1]).toMatch(/^5,Ann,3\.83218E\+08.*,local,.*damaged by a spreadsheet program/);
    expect(report[2]).toMatch(/^6,Cat.*njPriority ""200""/);
    expect(report[3]).toMatch(/^7,Dan.*not a real date/);
    expect(report[4]).toMatch(/^8,Eve,'\+61 3 8321 8199.*phone 0383218199 already in row 3/);
  });

  it('maps server rejections back to the right source rows, in an .xlsx report with formulas neutralised', async () => {
    const sim = await simulator({ minCallMs: 5, perLeadMs: 0, contactHours: ['Business Hours'] });
    const file = join(root, 'server-rejects.csv');
    writeFileSync(
      file,
      'Name,FirstPhone,njContactHours\n=HYPERLINK("x"),0383218101,Business Hours\nB,0383218102,Lunch\nC,0383218103,\nD,0383218104,Lunch\n',
    );
    const out = join(root, 'server-rejects.xlsx');
    const r = await cli(uploadArgs(file, freshDir(), sim, ['--rejected-out', out]));
    expect(r.json).toMatchObject({ imported: 2, rejected: 2, invalid: 0, pending: 0 });
    const rows = XLSX.utils.sheet_to_json<string[]>(XLSX.read(readFileSync(out)).Sheets['Not accepted'], { header: 1 });
    expect(rows[0]).toEqual(['Row', 'Name', 'FirstPhone', 'njContactHours', 'Stage', 'Error Reason']);
    expect(rows.slice(1).map((row) => [row[0], row[1], row[4], row[5]])).toEqual([
      ['3', 'B', 'server', 'Unknown Contact Hours Lunch'],
      ['5', 'D', 'server', 'Unknown Contact Hours Lunch'],
    ]);
  });

  it('dry run validates, reports and sends nothing', async () => {
    const sim = await simulator();
    const file = join(root, 'dry.csv');
    writeFileSync(file, 'Name,Phone\nA,0383218199\nB,12\n');
    const r = await cli(['upload', file, '--dry-run', '--json', '--data-dir', freshDir()]);
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ total: 2, invalid: 1, dryRun: true });
    expect(r.json).not.toHaveProperty('emptyRows');
    expect(sim.state().insertRequests).toBe(0);
  });

  it('says how many empty rows between the leads it left out', async () => {
    await simulator();
    const file = join(root, 'gaps.csv');
    writeFileSync(file, 'Name,Phone\nA,0383218199\n\n  ,  \nB,0383218198\n\n');
    expect((await cli(['upload', file, '--dry-run', '--json', '--data-dir', freshDir()])).json).toMatchObject({
      total: 2,
      emptyRows: 2,
    });
    const line = await cli(['upload', file, '--dry-run', '--data-dir', freshDir()]);
    expect(line.out.at(-1)).toBe('dry run: 2 leads, 2 valid, 0 invalid, 0 with warnings, 2 empty rows left out; nothing sent');
  });

  it('says once, not per row, that call-back dates without a time are set for 09:00', async () => {
    await simulator();
    const file = join(root, 'dates.csv');
    writeFileSync(
      file,
      'Name,Phone,njCallBackDate\nA,0383218199,01/12/2026\nB,0383218198,2026-12-02\nC,0383218197,03/12/2026 10:30\n',
    );
    const r = await cli(['upload', file, '--dry-run', '--json', '--data-dir', freshDir()]);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ total: 3, invalid: 0, warnings: 0, dryRun: true });
    expect(r.err.filter((line) => line.includes('09:00'))).toEqual(['note: call-back dates without a time are set for 09:00.']);
    const none = join(root, 'no-dates.csv');
    writeFileSync(none, 'Name,Phone\nA,0383218199\n');
    expect((await cli(['upload', none, '--dry-run', '--json', '--data-dir', freshDir()])).err.join('\n')).not.toMatch(/09:00/);
  });

  it('warns about the same file and about phones this app already sent to the campaign', async () => {
    const sim = await simulator({ minCallMs: 1, perLeadMs: 0 });
    const dataDir = freshDir();
    const file = join(root, 'again.csv');
    writeFileSync(file, 'Name,Phone\nA,0383218199\nB,0383218198\n');
    expect((await cli(uploadArgs(file, dataDir, sim))).json).toMatchObject({ state: 'done', imported: 2, warnings: 0 });
    const again = await cli(uploadArgs(file, dataDir, sim, ['--dry-run']));
    expect(again.err.join('\n')).toMatch(/this file was uploaded before \(job 1, .*done\)/);
    expect(again.json).toMatchObject({ total: 2, invalid: 0, warnings: 2, dryRun: true });
    const report = join(root, 'again-report.csv');
    const sent = await cli([...uploadArgs(file, dataDir, sim), '--rejected-out', report]);
    expect(sent.json).toMatchObject({ imported: 0, rejected: 2 });
    expect(sim.state().campaigns['41'].leads).toHaveLength(2);
  });

  it('does not send fields the recorded template lacks, and says so on stderr', async () => {
    const sim = await simulator({ minCallMs: 1, perLeadMs: 0 });
    const dataDir = freshDir();
    openCatalogue(dataDir).saveTemplate(
      sim.url,
      41,
      [
        { name: 'Name', isPhone: false, required: false },
        { name: 'FirstPhone', isPhone: true, required: false },
      ],
      [],
    );
    const file = join(root, 'foreign.csv');
    writeFileSync(file, 'Name,FirstPhone,Email,NJ PRIORITY\nA,0383218199,a@example.com,5\n');
    const r = await cli(uploadArgs(file, dataDir, sim));
    expect(r.json).toMatchObject({ state: 'done', imported: 1 });
    expect(r.err).toContain('warning: Email is not a field of template 41 as recorded on this computer: it is not sent');
    expect(sim.state().campaigns['41'].leads[0]).toMatchObject({ Name: 'A', FirstPhone: '0383218199', njPriority: '5' });
    expect(sim.state().campaigns['41'].leads[0].Email).toBeUndefined();
  });

  it('combines columns named by a list in the mapping file, joined by a space', async () => {
    const sim = await simulator({ minCallMs: 1, perLeadMs: 0 });
    const file = join(root, 'combine.csv');
    writeFileSync(file, 'First Name,Surname,Mobile\nAnn,Lee,0412345678\nBo,,0412345679\n');
    const mapping = join(root, 'combine.json');
    writeFileSync(mapping, JSON.stringify({ fields: { Name: ['First Name', 'Surname'], MobilePhone: 'Mobile' } }));
    const r = await cli(uploadArgs(file, freshDir(), sim, ['--mapping', mapping]));
    expect(r.json).toMatchObject({ state: 'done', imported: 2 });
    expect(sim.state().campaigns['41'].leads.map((l) => l.Name)).toEqual(['Ann Lee', 'Bo']);
  });

  it('names both columns when two share a header under the default mapping', async () => {
    const sim = await simulator();
    const file = join(root, 'twice.csv');
    writeFileSync(file, 'Name,Phone,Phone\nA,0383218199,0412345678\n');
    const r = await cli(uploadArgs(file, freshDir(), sim));
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/columns 2 and 3 are both named "Phone"/);
  });
});
