import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRows } from './fix.ts';
import { cliHarness } from './testing/cli-harness.ts';

const { root, simulator, cli } = cliHarness({
  prefix: 'cli-fix',
  key: 'cli-fix-key-3b1d',
  env: { NOOJEE_BACKOFF_BASE_MS: '20' },
});

describe('noojee-upload fix', () => {
  it('reads row lists and ranges', () => {
    expect(parseRows('2,7,10-20')).toEqual([2, 7, [10, 20]]);
    expect(() => parseRows('2,x')).toThrow(/row numbers and ranges/);
  });

  it('fixes a reason group with one action, then resume --fixed-only sends exactly those leads', async () => {
    const sim = await simulator({ minCallMs: 1, perLeadMs: 0 });
    const dataDir = join(root, 'data');
    const file = join(root, 'leads.csv');
    const lines = ['Name,FirstPhone,HomePh'];
    for (let i = 0; i < 20; i++)
      lines.push(`Lead ${i},${i % 4 === 0 ? '12' : `04${String(i).padStart(8, '0')}`},03${String(i).padStart(8, '0')}`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const ids = ['--template', '41', '--campaign', '41', '--allocation', '38', '--server', sim.url, '--data-dir', dataDir];
    const upload = await cli(['upload', file, ...ids, '--phone-field', 'FirstPhone', '--json']);
    expect(upload.json).toMatchObject({ invalid: 5, imported: 15 });
    const jobId = String(upload.json?.jobId);

    const usage = await cli(['fix', jobId, '--data-dir', dataDir, '--reason', 'x']);
    expect(usage.code).toBe(2);
    expect(usage.err.join('\n')).toMatch(/exactly one action/);
    const both = await cli(['fix', jobId, '--data-dir', dataDir, '--rows', '2', '--skip', '--clear', 'Name']);
    expect(both.err.join('\n')).toMatch(/got 2/);
    const none = await cli(['fix', jobId, '--data-dir', dataDir, '--reason', 'no such reason', '--skip']);
    expect(none.code).toBe(2);
    expect(none.err.join('\n')).toMatch(/No rows match/);
    const sent = await cli(['fix', jobId, '--data-dir', dataDir, '--rows', '3', '--set', 'Name=Changed', '--json']);
    expect(sent.json).toMatchObject({ changed: 0, alreadySent: 1 });

    const jobs = await cli(['jobs', '--data-dir', dataDir, '--json']);
    expect(jobs.code, jobs.err.join('\n')).toBe(0);
    const fixed = await cli(['fix', jobId, '--data-dir', dataDir, '--rows', '2,6-10,14', '--use', 'FirstPhone=HomePh', '--json']);
    expect(fixed.code).toBe(0);
    // Rows 2, 6, 10 and 14 held the broken numbers; 7–9 were sent already and are left alone.
    expect(fixed.json).toMatchObject({ selected: 7, changed: 4, nowValid: 4, stillInvalid: 0, alreadySent: 3, fixedToSend: 4 });

    const before = sim.state().campaigns['41'].count;
    const resumed = await cli(['resume', jobId, '--fixed-only', '--data-dir', dataDir, '--json']);
    expect(resumed.json).toMatchObject({ imported: 19, invalid: 1 });
    expect(sim.state().campaigns['41'].count).toBe(before + 4);
    const again = await cli(['resume', jobId, '--fixed-only', '--data-dir', dataDir]);
    expect(again.code).toBe(2);
    expect(again.err.join('\n')).toMatch(/no fixed leads/);
  });
});
