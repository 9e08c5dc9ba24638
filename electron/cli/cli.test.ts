/** The command line end to end against the simulator: usage, lists, delivery through faults, crashes. */
import { spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../simulator/server.ts';
import { cliHarness, filesUnder, uploadArgs } from './testing/cli-harness.ts';

const KEY = 'cli-test-key-5f0c9a';
const { root, freshDir, simulator, cli } = cliHarness({
  prefix: 'cli',
  key: KEY,
  env: { NOOJEE_BACKOFF_BASE_MS: '20', NOOJEE_MAINTENANCE_COOLDOWN_MS: '200' },
});

function leadsCsv(count: number, name = `leads-${count}.csv`, offset = 0): string {
  const lines = ['Name,FirstPhone,njExternalLeadId'];
  for (let i = 0; i < count; i++) lines.push(`Lead ${i},04${String(offset + i).padStart(8, '0')},EXT${offset + i}`);
  const path = join(root, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** Every stored lead of campaign 41, counted by external id: exactly once each is the promise. */
function storedOnce(s: Simulator, expected: number) {
  const leads = s.state().campaigns['41']?.leads ?? [];
  const byId = new Map<string, number>();
  for (const lead of leads) byId.set(lead.njExternalLeadId, (byId.get(lead.njExternalLeadId) ?? 0) + 1);
  expect(byId.size).toBe(expected);
  expect([...byId.values()].every((n) => n === 1)).toBe(true);
  expect(leads.length).toBe(expected);
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
    const sim = await simulator();
    const campaigns = await cli(['lists', 'campaigns', '--template', '41', '--server', sim.url]);
    expect(campaigns.out).toEqual(['41\tJan16a', '42\tFeb16b']);
    const refused = await cli(['lists', 'templates', '--server', sim.url], { NOOJEE_API_KEY: 'wrong' });
    expect(refused.code).toBe(4);
  });

  it('gives exit 2, one line and no job for an unreadable file', async () => {
    const sim = await simulator();
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

describe('upload through faults', () => {
  it('delivers 5,000 leads exactly once through error500, busy and reset faults', async () => {
    const sim = await simulator({
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
    const sim = await simulator({ minCallMs: 1, perLeadMs: 0, faults: 'reset:0.3', seed: 9 });
    const r = await cli(
      uploadArgs(leadsCsv(60, 'fast.csv'), freshDir(), sim, ['--method', 'insertLeadFast', '--concurrency', '4']),
    );
    expect(r.json).toMatchObject({ state: 'done', imported: 60, rejected: 0 });
    expect(sim.state().counters.reset).toBeGreaterThan(0);
    storedOnce(sim, 60);
  });

  it('waits out a manual import window and a down window, then completes', async () => {
    const sim = await simulator({ minCallMs: 5, perLeadMs: 0 });
    // Each window ends only once the command has met it, however long a loaded machine takes to start the
    // command: the manual import lasts until three calls were answered 103 (the run that means "wait"), then
    // the server goes down for 0.6 s.
    sim.setFaults('manual-import:0-600');
    const next = setInterval(() => {
      const { manualImport = 0, down = 0 } = sim.state().counters;
      if (manualImport >= 3 && down === 0) {
        sim.setFaults('down:0-0.6');
        clearInterval(next);
      }
    }, 10);
    try {
      const r = await cli(uploadArgs(leadsCsv(2000, 'windows.csv'), freshDir(), sim, ['--batch-size', '50']));
      expect(r.json).toMatchObject({ state: 'done', imported: 2000 });
    } finally {
      clearInterval(next);
    }
    expect(sim.state().counters.manualImport).toBeGreaterThanOrEqual(3);
    expect(sim.state().counters.down).toBe(1);
    storedOnce(sim, 2000);
  });

  it('stops with exit 4 and stores nothing when the key is refused; the key is nowhere on disk or in output', async () => {
    const sim = await simulator({ apiKey: 'the-real-key' });
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
    let sim = await simulator({ minCallMs: 1, perLeadMs: 0 });
    const url = sim.url;
    const port = sim.port;
    await sim.close();
    const dataDir = freshDir();
    const file = leadsCsv(30, 'unreachable.csv');
    const args = uploadArgs(file, dataDir, { url }, ['--give-up-after', '0.005']);
    const r = await cli(args);
    expect(r.code).toBe(3);
    expect(r.json).toMatchObject({ state: 'incomplete', pending: 30 });
    sim = await simulator({ port, minCallMs: 1, perLeadMs: 0 });
    const resumed = await cli(['resume', '--data-dir', dataDir, '--json']);
    expect(resumed.code).toBe(0);
    expect(resumed.json).toMatchObject({ state: 'done', imported: 30, pending: 0 });
    storedOnce(sim, 30);
  });
});

describe('crash safety', () => {
  it('kill -9 in the middle of an upload, then resume: every lead stored exactly once', async () => {
    const sim = await simulator({ minCallMs: 20, perLeadMs: 0.05 });
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
