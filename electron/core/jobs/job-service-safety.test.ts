import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../../simulator/server.ts';
import { openJobStore } from '../store/job-store.ts';
import { simulatorTarget } from '../testing/send-target.ts';
import { createJobService } from './job-service.ts';

const KEY = 'service-safety-key';
const dir = mkdtempSync(join(tmpdir(), 'jobsvc-safety-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

function csv(name: string, count: number) {
  const lines = ['Name,Phone'];
  for (let i = 0; i < count; i++) lines.push(`Lead ${i},04${String(40_000_000 + i).padStart(8, '0')}`);
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const options = { country: 'AU', dateOrder: 'dmy' as const, allowDuplicates: false, contactHoursNames: [] };
const good = { fields: { Name: 'Name', MobilePhone: 'Phone' }, constants: {}, phoneFields: ['MobilePhone'] };
/** A constant the server does not know: every lead is refused (code 111), as a wrong mapping would be. */
const wrong = { ...good, constants: { njContactHours: 'Lunchtime' } };
const settings = {
  method: 'insertLeads' as const,
  batchEndpoint: 'insertLeads',
  batchSize: 25,
  concurrency: 2,
  allowDuplicates: false,
};

describe('the job service and a pause of the canary', () => {
  it('stores the defaults, holds the job on a plain resume, and after a changed mapping sends every lead once', async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY, minCallMs: 2, perLeadMs: 0 });
    const { resolveTarget, target } = simulatorTarget(sim.url, KEY);
    const store = openJobStore(join(dir, 'service'));
    const service = createJobService({ store, timings: { backoffBaseMs: 5, backoffMaxMs: 20 }, resolveTarget });
    const { jobId } = await service.importFile(csv('wrong.csv', 200), {}, { mapping: wrong, options, target });

    service.submit(jobId, target, settings);
    await service.idle();
    expect(store.getJob(jobId)?.settings).toMatchObject({ canary: 10, maxRefusalRate: 0.2, refusalWindow: 500 });
    const paused = service.summary(service.requireJob(jobId));
    expect(paused).toMatchObject({ state: 'paused', counts: { rejected: 10, ready: 190 } });
    expect(paused.paused).toMatchObject({ by: 'canary', refused: 10, answered: 10 });
    expect(sim.state().insertRequests).toBe(1);

    // A plain resume does not go past the pause.
    expect(service.resume(jobId).state).toBe('paused');
    await service.idle();
    expect(sim.state().insertRequests).toBe(1);

    // Change the mapping: the ten refused leads are built again with it, and a new canary goes first.
    const counts = service.applyMapping(jobId, { mapping: good, options, target });
    expect(counts).toMatchObject({ ready: 200, rejected: 0 });
    service.submit(jobId, target, settings);
    await service.idle();
    const done = service.summary(service.requireJob(jobId));
    expect(done).toMatchObject({ state: 'done', counts: { imported: 200, rejected: 0, ready: 0 } });
    expect(done.paused).toBeUndefined();
    const phones = sim.state().campaigns['41'].leads.map((l) => l.MobilePhone);
    expect(phones).toHaveLength(200);
    expect(new Set(phones).size).toBe(200);
    store.close();
  });
});
