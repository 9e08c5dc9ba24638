import { statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../simulator/server.ts';
import {
  FULL,
  filesContaining,
  freshDir,
  KEY,
  lastJson,
  leadsFile,
  runCli,
  SCALE,
  seeded,
  spawnCli,
  storedCounts,
  uploadArgs,
} from './harness.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
const report: string[] = [];
afterAll(() => console.log(`reliability (${FULL ? 'full' : 'small'} scale):\n  ${report.join('\n  ')}`));

describe('crash safety', () => {
  it(`kill -9 at random moments during ${SCALE.kills} uploads, then resume: every lead stored exactly once`, async () => {
    const random = seeded(2026);
    let survived = 0;
    let lost = 0;
    let doubled = 0;
    for (let run = 0; run < SCALE.kills; run++) {
      sim = await startSimulator({ port: 0, apiKey: KEY, minCallMs: 15, perLeadMs: 0.02 });
      const offset = 1_000_000 * (run + 1);
      const file = leadsFile(SCALE.killLeads, offset, `kill-${run}`);
      const dataDir = freshDir('kill');
      const upload = spawnCli(uploadArgs(file, dataDir, sim, ['--batch-size', '100', '--concurrency', '3']));
      const killAfter = Math.floor(SCALE.killLeads * (0.05 + 0.85 * random()));
      const deadline = Date.now() + 30_000;
      while ((sim.state().campaigns['41']?.count ?? 0) < killAfter && Date.now() < deadline && upload.child.exitCode === null) {
        await new Promise((r) => setTimeout(r, 2));
      }
      upload.child.kill('SIGKILL');
      await upload.done;
      const resumed = await runCli(['resume', '--data-dir', dataDir, '--json']);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(lastJson(resumed)).toMatchObject({ state: 'done', total: SCALE.killLeads, imported: SCALE.killLeads, pending: 0 });
      const stored = storedCounts(sim, offset, SCALE.killLeads);
      lost += stored.missing;
      doubled += stored.duplicated;
      if (stored.missing === 0 && stored.duplicated === 0) survived++;
      await sim.close();
      sim = undefined;
    }
    report.push(`kills survived: ${survived}/${SCALE.kills}, leads lost: ${lost}, leads stored twice: ${doubled}`);
    expect({ survived, lost, doubled }).toEqual({ survived: SCALE.kills, lost: 0, doubled: 0 });
  }, 300_000);

  it('kill -9 while the file is being read: nothing is sent, and the half-read job is never resumed', async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY });
    const file = leadsFile(FULL ? 400_000 : 150_000, 5_000_000, 'kill-reading');
    const dataDir = freshDir('kill-reading');
    const upload = spawnCli(uploadArgs(file, dataDir, sim));
    const deadline = Date.now() + 20_000;
    // Wait until the job store exists and holds some rows, then kill in the middle of the read.
    while (Date.now() < deadline) {
      try {
        if (statSync(join(dataDir, 'jobs.sqlite-wal')).size > 256 * 1024) break;
      } catch {}
      await new Promise((r) => setTimeout(r, 5));
    }
    upload.child.kill('SIGKILL');
    await upload.done;
    expect(sim.state().insertRequests).toBe(0);
    const resumed = await runCli(['resume', '--data-dir', dataDir, '--json']);
    expect(resumed.stderr).toMatch(/interrupted while its file was read; it was removed|no unfinished job/);
    expect(sim.state().insertRequests).toBe(0);
    const jobs = await runCli(['jobs', '--data-dir', dataDir, '--json']);
    expect(JSON.parse(jobs.stdout)).toEqual([]);
    report.push('kill during ingestion: the half-read job was removed, nothing sent');
  }, 60_000);

  it('a power cut that tears the last write of the WAL: resume still delivers every lead exactly once', async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY, minCallMs: 15, perLeadMs: 0.02 });
    const offset = 7_000_000;
    const count = SCALE.killLeads;
    const file = leadsFile(count, offset, 'power-cut');
    const dataDir = freshDir('power-cut');
    const upload = spawnCli(uploadArgs(file, dataDir, sim, ['--batch-size', '100']));
    while ((sim.state().campaigns['41']?.count ?? 0) < count / 3) await new Promise((r) => setTimeout(r, 2));
    upload.child.kill('SIGKILL');
    await upload.done;
    const wal = join(dataDir, 'jobs.sqlite-wal');
    const size = statSync(wal).size;
    truncateSync(wal, Math.max(0, size - 1500));
    const resumed = await runCli(['resume', '--data-dir', dataDir, '--json']);
    expect(resumed.code, resumed.stderr).toBeLessThanOrEqual(1);
    const summary = lastJson(resumed);
    expect(summary.pending).toBe(0);
    expect(summary.imported + summary.updated + summary.rejected).toBe(count);
    expect(storedCounts(sim, offset, count)).toMatchObject({ missing: 0, duplicated: 0 });
    report.push(
      `power cut (WAL torn by 1,500 bytes of ${size}): ${summary.imported} imported, ${summary.updated} updated, ${summary.rejected} answered duplicate, 0 lost`,
    );
  }, 60_000);
});

describe('server faults during one upload', () => {
  const cases: [string, string][] = [
    ['error500', 'error500:0.2'],
    ['busy', 'busy:0.2'],
    ['reset', 'reset:0.1'],
    ['stall', 'stall:0.05'],
    ['manual-import', 'manual-import:0.2-1.2'],
    ['down', 'down:0.3-1.3'],
    ['all together', 'error500:0.1,busy:0.1,reset:0.05,stall:0.02,manual-import:0.5-1.0,down:1.5-2.0'],
  ];
  it.each(cases)(
    '%s: completes, nothing lost, nothing stored twice',
    async (name, faults) => {
      sim = await startSimulator({ port: 0, apiKey: KEY, minCallMs: 10, perLeadMs: 0.01, faults, seed: 11 });
      const offset = 9_000_000 + cases.findIndex((c) => c[0] === name) * 100_000;
      const dataDir = freshDir(`fault-${name}`);
      const started = Date.now();
      const run = await runCli(
        uploadArgs(leadsFile(SCALE.faultLeads, offset, `fault-${name}`), dataDir, sim, [
          '--batch-size',
          '50',
          '--concurrency',
          '3',
        ]),
        {
          NOOJEE_REQUEST_TIMEOUT_MS: '800',
        },
      );
      const seconds = (Date.now() - started) / 1000;
      expect(run.code, run.stderr).toBe(0);
      expect(lastJson(run)).toMatchObject({ state: 'done', imported: SCALE.faultLeads, pending: 0 });
      expect(storedCounts(sim, offset, SCALE.faultLeads)).toMatchObject({ missing: 0, duplicated: 0 });
      expect(filesContaining(dataDir, KEY)).toEqual([]);
      expect(run.stdout + run.stderr).not.toContain(KEY);
      report.push(`fault ${name}: ${SCALE.faultLeads} leads in ${seconds.toFixed(1)} s, lost 0, doubled 0`);
    },
    120_000,
  );
});
