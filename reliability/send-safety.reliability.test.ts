import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../simulator/server.ts';
import { FULL, freshDir, KEY, lastJson, ROOT, runCli, SCALE, seeded, spawnCli, uploadArgs } from './harness.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
const report: string[] = [];
afterAll(() => console.log(`send safety (${FULL ? 'full' : 'small'} scale):\n  ${report.join('\n  ')}`));

/**
 * Leads whose slice [from, to) names Contact Hours the simulator does not know (refused, code 111) and
 * whose other leads are fine: the refusal guard is to pause the job inside that slice.
 */
function sliceRefusedFile(count: number, offset: number, from: number, to: number, label: string): string {
  const lines = ['Name,FirstPhone,njExternalLeadId,njContactHours'];
  for (let i = 0; i < count; i++) {
    const hours = i >= from && i < to ? 'Lunchtime' : 'Business Hours';
    lines.push(`Lead ${offset + i},04${String(offset + i).padStart(8, '0')},S${offset + i},${hours}`);
  }
  const path = join(ROOT, `${label}.csv`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const answered = (s: Simulator) => {
  const c = s.state().counters;
  return (c['leads.imported'] ?? 0) + (c['leads.updated'] ?? 0) + (c['leads.rejected'] ?? 0);
};

/** How many times each lead that should be stored is, and whether a refused one was. */
function storedOnce(s: Simulator, offset: number, count: number, refused: (i: number) => boolean) {
  const times = new Map<string, number>();
  for (const lead of s.state().campaigns['41']?.leads ?? [])
    times.set(lead.njExternalLeadId, (times.get(lead.njExternalLeadId) ?? 0) + 1);
  let missing = 0;
  let duplicated = 0;
  let storedRefused = 0;
  for (let i = 0; i < count; i++) {
    const n = times.get(`S${offset + i}`) ?? 0;
    if (refused(i)) storedRefused += n;
    else if (n === 0) missing++;
    else if (n > 1) duplicated++;
  }
  return { missing, duplicated, storedRefused };
}

describe('the refusal guard across kill -9', () => {
  it(`kill -9 at random moments around a pause (${SCALE.kills} uploads): the pause holds, and the rest is sent exactly once`, async () => {
    const random = seeded(1818);
    const count = SCALE.killLeads;
    const from = Math.floor(count * 0.4);
    const to = Math.floor(count * 0.5);
    const refused = (i: number) => i >= from && i < to;
    const guard = ['--canary', '10', '--max-refusal-rate', '0.2', '--refusal-window', '100'];
    let clean = 0;
    let killedRunning = 0;
    for (let run = 0; run < SCALE.kills; run++) {
      sim = await startSimulator({ port: 0, apiKey: KEY, minCallMs: 10, perLeadMs: 0.02 });
      const offset = 3_000_000 * (run + 1);
      const file = sliceRefusedFile(count, offset, from, to, `guard-kill-${run}`);
      const dataDir = freshDir('guard-kill');
      const upload = spawnCli(uploadArgs(file, dataDir, sim, ['--batch-size', '20', '--concurrency', '3', ...guard]));
      // From before the refusals start to about when the guard pauses (past 20 refusals in its window).
      const killAfter = Math.floor(count * 0.3 + (from + 25 - count * 0.3) * random());
      const deadline = Date.now() + 30_000;
      while (answered(sim) < killAfter && Date.now() < deadline && upload.child.exitCode === null) {
        await new Promise((r) => setTimeout(r, 1));
      }
      if (upload.child.exitCode === null) killedRunning++;
      upload.child.kill('SIGKILL');
      await upload.done;

      // A plain resume goes on up to the pause, or reports the pause already made: exit 3, paused by the guard.
      const first = await runCli(['resume', '--data-dir', dataDir, '--json']);
      expect(first.code, first.stderr).toBe(3);
      const pause = lastJson(first).paused;
      expect(pause).toMatchObject({ by: 'guard', answered: 100 });
      expect(pause.refusalRate).toBeGreaterThan(0.2);
      expect(first.stderr).toMatch(/paused by the refusal guard/);

      // Again: the same pause, nothing sent.
      const requests = sim.state().insertRequests;
      const again = await runCli(['resume', '--data-dir', dataDir, '--json']);
      expect(again.code).toBe(3);
      expect(lastJson(again).paused).toEqual(pause);
      expect(sim.state().insertRequests).toBe(requests);

      // Continue anyway: the rest, each lead once, no refused lead stored.
      const rest = await runCli(['resume', '--continue-anyway', '--data-dir', dataDir, '--json']);
      expect(rest.code, rest.stderr).toBe(1);
      const summary = lastJson(rest);
      expect(summary).toMatchObject({ state: 'done', total: count, pending: 0, rejected: to - from });
      expect(summary.imported + summary.updated).toBe(count - (to - from));
      const stored = storedOnce(sim, offset, count, refused);
      expect(stored).toEqual({ missing: 0, duplicated: 0, storedRefused: 0 });
      if (stored.missing === 0 && stored.duplicated === 0) clean++;
      await sim.close();
      sim = undefined;
    }
    report.push(
      `kill -9 around a guard pause: ${killedRunning}/${SCALE.kills} killed while running, ${clean}/${SCALE.kills} paused by the guard on resume, then every lead stored once`,
    );
    // A kill that came after the upload had ended would test nothing here.
    expect(killedRunning).toBeGreaterThan(0);
  }, 300_000);
});
