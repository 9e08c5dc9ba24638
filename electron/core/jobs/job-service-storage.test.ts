/** The job service when the store fails: the person is told, the process goes on, nothing is lost. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../../simulator/server.ts';
import type { Progress } from '../outbox/runner.ts';
import { openJobStore } from '../store/job-store.ts';
import { simulatorTarget } from '../testing/send-target.ts';
import { createJobService } from './job-service.ts';

const KEY = 'service-storage-key-3';
const dir = mkdtempSync(join(tmpdir(), 'jobsvc-storage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const full = () => Object.assign(new Error('database or disk is full'), { code: 'ERR_SQLITE_ERROR', errcode: 13 });
const spec = {
  mapping: { fields: { Name: 'Name', MobilePhone: 'Phone' }, constants: {}, phoneFields: ['MobilePhone'] },
  options: { country: 'AU', dateOrder: 'dmy' as const, allowDuplicates: false, contactHoursNames: [] },
};
const settings = {
  method: 'insertLeads' as const,
  batchEndpoint: 'insertLeads',
  batchSize: 10,
  concurrency: 1,
  allowDuplicates: false,
};

function csv(name: string, count: number) {
  const path = join(dir, name);
  const rows = Array.from({ length: count }, (_, i) => `Lead ${i},04${String(20_000_000 + i)}`);
  writeFileSync(path, `Name,Phone\n${rows.join('\n')}\n`);
  return path;
}

describe('the job service on a failing store', () => {
  it('a job whose start cannot be recorded is told as stopped with the storage line, and runs once the store works', async () => {
    const sim = await startSimulator({ port: 0, apiKey: KEY, minCallMs: 2, perLeadMs: 0 });
    const { resolveTarget, target } = simulatorTarget(sim.url, KEY);
    const store = openJobStore(join(dir, 'start'));
    const progress: Progress[] = [];
    const service = createJobService({
      store,
      timings: { backoffBaseMs: 5, backoffMaxMs: 20 },
      resolveTarget,
      onProgress: (p) => progress.push(p),
    });
    try {
      const { jobId } = await service.importFile(csv('start.csv', 30), {}, spec);
      const updateJob = store.updateJob;
      let failing = true;
      store.updateJob = (id, patch) => {
        if (failing && patch.state === 'sending') throw full();
        return updateJob(id, patch);
      };
      service.submit(jobId, target, settings);
      await service.idle();
      expect(progress.at(-1)).toMatchObject({
        jobId,
        state: 'incomplete',
        message:
          'Stopped: the disk that holds the data folder is full: free some space, then resume the job (nothing already stored is lost).',
      });
      expect(sim.state().insertRequests ?? 0).toBe(0);

      failing = false;
      service.resume(jobId);
      await service.idle();
      expect(service.requireJob(jobId)).toMatchObject({ state: 'done', counts: { imported: 30 } });
    } finally {
      store.close();
      await sim.close();
    }
  });

  it('a read that fails on a full store says so in one line and leaves no job behind', async () => {
    const store = openJobStore(join(dir, 'read'));
    const service = createJobService({ store, resolveTarget: async () => Promise.reject(new Error('not used')) });
    const insertBatch = store.insertBatch;
    store.insertBatch = () => {
      throw full();
    };
    try {
      await expect(service.importFile(csv('read.csv', 30), {}, spec)).rejects.toThrow(
        'the disk that holds the data folder is full: free some space, then resume the job (nothing already stored is lost)',
      );
      expect(store.listJobs()).toEqual([]);
    } finally {
      store.insertBatch = insertBatch;
      store.close();
    }
  });
});
