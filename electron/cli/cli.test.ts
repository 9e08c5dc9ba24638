import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../simulator/server.ts';
import { openCatalogue } from '../core/catalogue/catalogue.ts';
import { main } from './main.ts';

const KEY = 'cli-test-key-5f0c9a';
const root = mkdtempSync(join(tmpdir(), 'cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

let dirCount = 0;
const freshDir = () => join(root, `data-${dirCount++}`);

function leadsCsv(count: number, name = `leads-${count}.csv`, offset = 0): string {
  const lines = ['Name,FirstPhone,njExternalLeadId'];
  for (let i = 0; i < count; i++) lines.push(`Lead ${i},04${String(offset + i).padStart(8, '0')},EXT${offset + i}`);
  const path = join(root, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

async function cli(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const saved = { ...process.env };
  Object.assign(process.env, {
    NOOJEE_API_KEY: KEY,
    NOOJEE_BACKOFF_BASE_MS: '20',
    NOOJEE_MAINTENANCE_COOLDOWN_MS: '200',
    ...env,
  });
  try {
    const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), progress: () => {} });
    return { code, out, err, json: out.length ? safeJson(out.at(-1) as string) : undefined };
  } finally {
    process.env = saved;
  }
}

const safeJson = (text: string) => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

const uploadArgs = (file: string, dataDir: string, s: Pick<Simulator, 'url'>, extra: string[] = []) => [
  'upload',
  file,
  '--server',
  s.url,
  '--template',
  '41',
  '--campaign',
  '41',
  '--allocation',
  '38',
  '--data-dir',
  dataDir,
  '--json',
  ...extra,
];

/** Every stored lead of campaign 41, counted by external id: exactly once each is the promise. */
function storedOnce(s: Simulator, expected: number) {
  const leads = s.state().campaigns['41']?.leads ?? [];
  const byId = new Map<string, number>();
  for (const lead of leads) byId.set(lead.njExternalLeadId, (byId.get(lead.njExternalLeadId) ?? 0) + 1);
  expect(byId.size).toBe(expected);
  expect([...byId.values()].every((n) => n === 1)).toBe(true);
  expect(leads.length).toBe(expected);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('cli basics', () => {
  it('prints usage, and refuses unknown commands with exit 2 and one line', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const word of [
      'upload <file>',
      'resume [jobId]',
      'jobs',
      'report <jobId>',
      'lists templates',
      '--rejected-out',
      '--dry-run',
      '--give-up-after',
    ]) {
      expect(help.out.join('\n')).toContain(word);
    }
    const bad = await cli(['frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.err).toEqual([
      'noojee-upload: unknown command "frobnicate" (upload, resume, jobs, report, fix, lists; see --help)',
    ]);
  });

  it('refuses plain http to another host and a missing key', async () => {
    const http = await cli(['lists', 'templates', '--server', 'http://pbx.example.com']);
    expect(http.code).toBe(2);
    expect(http.err[0]).toMatch(/http:\/\/ would send the API key unencrypted/);
    const noKey = await cli(['lists', 'templates', '--server', 'https://pbx.example.com'], { NOOJEE_API_KEY: '' });
    expect(noKey.code).toBe(2);
    expect(noKey.err[0]).toMatch(/set the environment variable NOOJEE_API_KEY/);
  });

  it('lists templates, campaigns and allocations', async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY });
    const campaigns = await cli(['lists', 'campaigns', '--template', '41', '--server', sim.url]);
    expect(campaigns.out).toEqual(['41\tJan16a', '42\tFeb16b']);
    const refused = await cli(['lists', 'templates', '--server', sim.url], { NOOJEE_API_KEY: 'wrong' });
    expect(refused.code).toBe(4);
  });

  it('gives exit 2, one line and no job for an unreadable file', async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY });
    const dataDir = freshDir();
    const pdf = join(root, 'report.csv');
    writeFileSync(pdf, '%PDF-1.4 binary');
    const r = await cli(uploadArgs(pdf, dataDir, sim));
    expect(r.code).toBe(2);
    expect(r.err).toEqual(['noojee-upload: report.csv: this is a PDF document, not a CSV or text file']);
    expect((await cli(['jobs', '--data-dir', dataDir])).out).toEqual(['no jobs']);
    expect(sim.state().insertRequests).toBe(0);
  });
});

describe('upload', () => {
  it('sends a messy file with exactly the normalised values and reports rejected leads by source row', async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY, minCallMs: 5, perLeadMs: 0 });
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
    sim = await startSimulator({ port: 0, apiKey: KEY, minCallMs: 5, perLeadMs: 0, contactHours: ['Business Hours'] });
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

  it('delivers 5,000 leads exactly once through error500, busy and reset faults', async () => {
    sim = await startSimulator({
      port: 0,
      apiKey: KEY,
      minCallMs: 5,
      perLeadMs: 0.01,
      faults: 'error500:0.1,busy:0.1,reset:0.05',
      seed: 3,
    });
    const r = await cli(uploadArgs(leadsCsv(5000), freshDir(), sim, ['--batch-size', '100', '--concurrency', '3']));
    expect(r.json).toMatchObject({ state: 'done', total: 5000, imported: 5000, rejected: 0, pending: 0 });
    expect(r.code).toBe(0);
    const counters = sim.state().counters;
    expect(counters.reset).toBeGreaterThan(0);
    expect(counters.busy).toBeGreaterThan(0);
    expect(counters.error500).toBeGreaterThan(0);
    storedOnce(sim, 5000);
  });

  it('per-lead method: insertLeadFast, with a lost reply counted as imported', async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY, minCallMs: 1, perLeadMs: 0, faults: 'reset:0.3', seed: 9 });
    const r = await cli(
      uploadArgs(leadsCsv(60, 'fast.csv'), freshDir(), sim, ['--method', 'insertLeadFast', '--concurrency', '4']),
    );
    expect(r.json).toMatchObject({ state: 'done', imported: 60, rejected: 0 });
    expect(sim.state().counters.reset).toBeGreaterThan(0);
    storedOnce(sim, 60);
  });

  it('waits out a manual import window and a down window, then completes', async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY, minCallMs: 5, perLeadMs: 0 });
    // The windows open when the faults are set, before the command has started: they are wide enough that the
    // first calls meet the manual import even on a loaded machine, where starting the command takes a second or more.
    sim.setFaults('manual-import:0-2.5,down:2.7-3.3');
    const started = Date.now();
    const r = await cli(uploadArgs(leadsCsv(2000, 'windows.csv'), freshDir(), sim, ['--batch-size', '50']));
    expect(r.json).toMatchObject({ state: 'done', imported: 2000 });
    expect(Date.now() - started).toBeGreaterThan(2500);
    expect(sim.state().counters.manualImport).toBeGreaterThan(0);
    storedOnce(sim, 2000);
  });

  it('stops with exit 4 and stores nothing when the key is refused; the key is nowhere on disk or in output', async () => {
    sim = await startSimulator({ port: 0, apiKey: 'the-real-key' });
    const dataDir = freshDir();
    const r = await cli(uploadArgs(leadsCsv(10, 'refused.csv'), dataDir, sim), { NOOJEE_API_KEY: KEY });
    expect(r.code).toBe(4);
    expect(r.json).toMatchObject({ state: 'failed', pending: 10 });
    expect(r.err.join('\n')).toMatch(/refused the API key/);
    expect(sim.state().campaigns).toEqual({});
    for (const file of filesUnder(dataDir)) expect(readFileSync(file).includes(KEY), file).toBe(false);
    expect([...r.out, ...r.err].join('\n')).not.toContain(KEY);
  });

  it('exits 3 when the server cannot be reached, and resume finishes the job', async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY, minCallMs: 1, perLeadMs: 0 });
    const url = sim.url;
    const port = sim.port;
    await sim.close();
    const dataDir = freshDir();
    const file = leadsCsv(30, 'unreachable.csv');
    const args = uploadArgs(file, dataDir, { url }, ['--give-up-after', '0.005']);
    const r = await cli(args);
    expect(r.code).toBe(3);
    expect(r.json).toMatchObject({ state: 'incomplete', pending: 30 });
    sim = await startSimulator({ port, apiKey: KEY, minCallMs: 1, perLeadMs: 0 });
    const resumed = await cli(['resume', '--data-dir', dataDir, '--json']);
    expect(resumed.code).toBe(0);
    expect(resumed.json).toMatchObject({ state: 'done', imported: 30, pending: 0 });
    storedOnce(sim, 30);
  });

  it('dry run validates, reports and sends nothing', async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY });
    const file = join(root, 'dry.csv');
    writeFileSync(file, 'Name,Phone\nA,0383218199\nB,12\n');
    const r = await cli(['upload', file, '--dry-run', '--json', '--data-dir', freshDir()]);
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ total: 2, invalid: 1, dryRun: true });
    expect(sim.state().insertRequests).toBe(0);
  });

  it('says once, not per row, that call-back dates without a time are set for 09:00', async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY });
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
    sim = await startSimulator({ port: 0, apiKey: KEY, minCallMs: 1, perLeadMs: 0 });
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
    sim = await startSimulator({ port: 0, apiKey: KEY, minCallMs: 1, perLeadMs: 0 });
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
    sim = await startSimulator({ port: 0, apiKey: KEY, minCallMs: 1, perLeadMs: 0 });
    const file = join(root, 'combine.csv');
    writeFileSync(file, 'First Name,Surname,Mobile\nAnn,Lee,0412345678\nBo,,0412345679\n');
    const mapping = join(root, 'combine.json');
    writeFileSync(mapping, JSON.stringify({ fields: { Name: ['First Name', 'Surname'], MobilePhone: 'Mobile' } }));
    const r = await cli(uploadArgs(file, freshDir(), sim, ['--mapping', mapping]));
    expect(r.json).toMatchObject({ state: 'done', imported: 2 });
    expect(sim.state().campaigns['41'].leads.map((l) => l.Name)).toEqual(['Ann Lee', 'Bo']);
  });

  it('names both columns when two share a header under the default mapping', async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY });
    const file = join(root, 'twice.csv');
    writeFileSync(file, 'Name,Phone,Phone\nA,0383218199,0412345678\n');
    const r = await cli(uploadArgs(file, freshDir(), sim));
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/columns 2 and 3 are both named "Phone"/);
  });
});

describe('crash safety', () => {
  it('kill -9 in the middle of an upload, then resume: every lead stored exactly once', async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY, minCallMs: 20, perLeadMs: 0.05 });
    const dataDir = freshDir();
    const file = leadsCsv(3000, 'crash.csv', 100_000);
    const child = spawn(process.execPath, ['electron/cli/main.ts', ...uploadArgs(file, dataDir, sim, ['--batch-size', '100'])], {
      env: { ...process.env, NOOJEE_API_KEY: KEY },
      stdio: 'ignore',
    });
    const deadline = Date.now() + 20_000;
    while ((sim.state().campaigns['41']?.count ?? 0) < 600 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const before = sim.state().campaigns['41']?.count ?? 0;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(3000);
    const resumed = await cli(['resume', '--data-dir', dataDir, '--json']);
    expect(resumed.json).toMatchObject({ state: 'done', total: 3000, imported: 3000, pending: 0 });
    storedOnce(sim, 3000);
    expect(statSync(join(dataDir, 'jobs.sqlite')).size).toBeGreaterThan(0);
  });
});
