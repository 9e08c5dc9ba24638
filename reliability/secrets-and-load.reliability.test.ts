/** Five jobs back to back in one process: memory and handles stay flat, and the key is in no file. */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../simulator/server.ts';
import { FULL, filesContaining, freshDir, KEY, leadsFile, ROOT, SCALE, storedCounts } from './harness.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
const report: string[] = [];
afterAll(() => console.log(`reliability (${FULL ? 'full' : 'small'} scale):\n  ${report.join('\n  ')}`));

describe('secrets and load', () => {
  it(`five jobs back to back (${SCALE.loadLeads * SCALE.loadJobs} leads): all delivered, memory and handles flat, key nowhere`, async () => {
    const sockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'TCPServerWrap').length;
    const handlesBefore = sockets();
    sim = await startSimulator({ port: 0, apiKey: KEY, minCallMs: 2, perLeadMs: 0.005 });
    const { createJobService } = await import('../electron/core/jobs/job-service.ts');
    const { openJobStore } = await import('../electron/core/store/job-store.ts');
    const { defaultMapping } = await import('../shared/leads/mapping.ts');
    const dataDir = freshDir('load');
    const store = openJobStore(dataDir);
    const { simulatorTarget } = await import('../electron/core/testing/send-target.ts');
    const { resolveTarget, target } = simulatorTarget(sim.url, KEY);
    const service = createJobService({
      store,
      resolveTarget,
      onFinished: () => rss.push(process.memoryUsage().rss),
    });
    const rss: number[] = [];
    for (let j = 0; j < SCALE.loadJobs; j++) {
      const csv = leadsFile(SCALE.loadLeads, 30_000_000 + j * SCALE.loadLeads, `load-${j}`);
      const info = await service.inspect(csv, {});
      const mapping = defaultMapping(info.rawHeaders);
      if (!mapping.ok) throw new Error(mapping.reason);
      const { jobId } = await service.importFile(
        csv,
        {},
        { mapping: mapping.mapping, options: { country: 'AU', dateOrder: 'dmy', allowDuplicates: false, contactHoursNames: [] } },
      );
      service.submit(jobId, target, {
        method: 'insertLeads',
        batchEndpoint: 'insertLeads',
        batchSize: 500,
        concurrency: 2,
        allowDuplicates: false,
      });
    }
    await service.idle();
    // Memory after the last job is about what it was after the first: nothing grows with leads sent.
    expect(rss).toHaveLength(SCALE.loadJobs);
    expect(rss[rss.length - 1]).toBeLessThan(rss[0] * 1.5 + 64 * 1048576);
    const jobs = store.listJobs();
    expect(jobs.map((j) => j.state)).toEqual(Array(SCALE.loadJobs).fill('done'));
    expect(storedCounts(sim, 30_000_000, SCALE.loadLeads * SCALE.loadJobs)).toMatchObject({ missing: 0, duplicated: 0 });
    store.close();
    await sim.close();
    sim = undefined;
    await new Promise((r) => setTimeout(r, 300));
    // Once the server is gone, no socket of the five jobs may be left open.
    const handlesAfter = sockets();
    expect(handlesAfter).toBeLessThanOrEqual(handlesBefore);
    expect(filesContaining(dataDir, KEY)).toEqual([]);
    report.push(
      `load: ${SCALE.loadJobs} jobs, ${SCALE.loadLeads * SCALE.loadJobs} leads, RSS ${Math.round(rss[0] / 1048576)} MB after the first job, ${Math.round(rss[rss.length - 1] / 1048576)} MB after the last, sockets ${handlesBefore} → ${handlesAfter}; secrets leaked: 0`,
    );
  }, 300_000);

  it('the key is in no file the runs wrote (data dirs, reports, logs)', () => {
    expect(filesContaining(ROOT, KEY)).toEqual([]);
  });
});
