import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../simulator/server.ts';
import { cliHarness } from './testing/cli-harness.ts';
import { uploadArgs } from './testing/upload-args.ts';

const KEY = 'cli-safety-key-7d21';
const { root, freshDir, simulator, cli } = cliHarness({ prefix: 'cli-safety', key: KEY, env: { NOOJEE_BACKOFF_BASE_MS: '20' } });
/** The simulator of the test running: the upload arguments name it. */
let sim: Simulator | undefined;

/**
 * Leads whose `refused(i)` rows name Contact Hours the server does not know: nothing checks them here
 * (no names were listed), and the server refuses them with code 111, as it would a wrong column.
 */
function leadsCsv(name: string, count: number, refused: (i: number) => boolean): string {
  const lines = ['Name,Phone,Hours,Id'];
  for (let i = 0; i < count; i++)
    lines.push(`Lead ${i},04${String(30_000_000 + i).padStart(8, '0')},${refused(i) ? 'Lunchtime' : 'Business Hours'},X${i}`);
  const path = join(root, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const upload = (file: string, dataDir: string, extra: string[] = []) =>
  uploadArgs(file, dataDir, sim as Simulator, [
    '--map',
    'Name=Name',
    '--map',
    'MobilePhone=Phone',
    '--map',
    'njContactHours=Hours',
    '--map',
    'njExternalLeadId=Id',
    '--batch-size',
    '25',
    ...extra,
  ]);

const answered = (s: Simulator) => {
  const c = s.state().counters;
  return (c['leads.imported'] ?? 0) + (c['leads.updated'] ?? 0) + (c['leads.rejected'] ?? 0);
};
const storedIds = (s: Simulator) => s.state().campaigns['41']?.leads.map((l) => l.njExternalLeadId) ?? [];

describe('cli: sending safely', () => {
  it('a mapping the server refuses stops after the canary: exit 3, one line, paused in the JSON; resume says it again', async () => {
    sim = await simulator({ minCallMs: 1, perLeadMs: 0 });
    const dataDir = freshDir();
    const r = await cli(
      upload(
        leadsCsv('refused.csv', 300, () => true),
        dataDir,
      ),
    );
    expect(r.code).toBe(3);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(
      /^noojee-upload: paused by the canary: the server refused 10 of 10 leads \(100 %\), most often: Unknown Contact Hours Lunchtime \(10\); .*resume 1 --continue-anyway$/,
    );
    expect(r.json).toMatchObject({
      state: 'incomplete',
      rejected: 10,
      pending: 290,
      paused: { by: 'canary', refusalRate: 1, answered: 10 },
    });
    expect(answered(sim)).toBe(10);

    const requests = sim.state().insertRequests;
    const again = await cli(['resume', '--data-dir', dataDir, '--json']);
    expect(again.code).toBe(3);
    expect(again.err).toEqual(r.err);
    expect(again.json).toMatchObject({ paused: { by: 'canary', refusalRate: 1, answered: 10 }, pending: 290 });
    expect(sim.state().insertRequests).toBe(requests);
  });

  it('resume --continue-anyway sends the rest exactly once', async () => {
    sim = await simulator({ minCallMs: 1, perLeadMs: 0 });
    const dataDir = freshDir();
    const first = await cli(
      upload(
        leadsCsv('first-ten.csv', 400, (i) => i < 10),
        dataDir,
      ),
    );
    expect(first.code).toBe(3);
    expect(first.json.paused).toMatchObject({ by: 'canary', answered: 10 });
    const resumed = await cli(['resume', '1', '--continue-anyway', '--data-dir', dataDir, '--json']);
    expect(resumed.code).toBe(1);
    expect(resumed.json).toMatchObject({ state: 'done', imported: 390, rejected: 10, pending: 0 });
    expect(resumed.json.paused).toBeUndefined();
    const ids = storedIds(sim);
    expect(ids).toHaveLength(390);
    expect(new Set(ids).size).toBe(390);
    expect(answered(sim)).toBe(400);
  });

  it('the guard pauses refusals that start half-way, with its own rate and window', async () => {
    sim = await simulator({ minCallMs: 1, perLeadMs: 0 });
    const dataDir = freshDir();
    const file = leadsCsv('half.csv', 1_000, (i) => i >= 500);
    const r = await cli(upload(file, dataDir, ['--canary', '0', '--max-refusal-rate', '0.1', '--refusal-window', '100']));
    expect(r.code).toBe(3);
    expect(r.err[0]).toMatch(/paused by the refusal guard: the server refused \d+ of 100 leads/);
    expect(r.json.paused).toMatchObject({ by: 'guard', answered: 100 });
    expect(r.json.paused.refusalRate).toBeGreaterThan(0.1);
    expect(r.json.imported).toBe(500);
    expect(r.json.rejected).toBeLessThan(100);
  });

  it('with --canary 0 --max-refusal-rate 1 sends everything as before', async () => {
    sim = await simulator({ minCallMs: 1, perLeadMs: 0 });
    const r = await cli(
      upload(
        leadsCsv('off.csv', 200, () => true),
        freshDir(),
        ['--canary', '0', '--max-refusal-rate', '1'],
      ),
    );
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ state: 'done', rejected: 200, pending: 0 });
    expect(r.json.paused).toBeUndefined();
  });

  it('refuses bad values with exit 2 and a line that names the option', async () => {
    sim = await simulator();
    const file = leadsCsv('bad-options.csv', 5, () => false);
    for (const [extra, pattern] of [
      [['--max-refusal-rate', '1.5'], /--max-refusal-rate must be a number from 0 to 1/],
      [['--max-refusal-rate', '20%'], /--max-refusal-rate must be a number from 0 to 1/],
      [['--canary', 'ten'], /--canary must be a whole number from 0 to 5000/],
      [['--canary=-1'], /--canary must be a whole number from 0 to 5000/],
      [['--refusal-window', '0'], /--refusal-window must be a whole number from 1/],
      [['--continue-anyway'], /--continue-anyway is for resume/],
    ] as const) {
      const r = await cli(upload(file, freshDir(), [...extra]));
      expect(r.code).toBe(2);
      expect(r.err).toHaveLength(1);
      expect(r.err[0]).toMatch(pattern);
    }
    expect(sim.state().insertRequests).toBe(0);
  });
});
