import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { JobState } from '../../../shared/contract.ts';
import { type Simulator, startSimulator } from '../../../simulator/server.ts';
import type { Progress } from '../outbox/runner.ts';
import { openJobStore } from '../store/job-store.ts';
import { createJobService } from './job-service.ts';

const KEY = 'service-secret-key';
const dir = mkdtempSync(join(tmpdir(), 'jobsvc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

function csv(name: string, count: number, offset: number) {
  const lines = ['Name,Phone'];
  for (let i = 0; i < count; i++) lines.push(`Lead ${offset + i},04${String(offset + i).padStart(8, '0')}`);
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const spec = {
  mapping: { fields: { Name: 'Name', MobilePhone: 'Phone' }, constants: {}, phoneFields: ['MobilePhone'] },
  options: { country: 'AU', dateOrder: 'dmy' as const, allowDuplicates: false, contactHoursNames: [] },
};
const settings = {
  method: 'insertLeads' as const,
  batchEndpoint: 'insertLeadsFast',
  batchSize: 10,
  concurrency: 2,
  allowDuplicates: false,
};

async function setup(name: string) {
  sim = await startSimulator({ port: 0, apiKey: KEY, minCallMs: 15, perLeadMs: 0 });
  const url = sim.url;
  const store = openJobStore(join(dir, name));
  const progress: Progress[] = [];
  const service = createJobService({
    store,
    timings: { backoffBaseMs: 5, backoffMaxMs: 20 },
    resolveTarget: async (job) => ({
      base: url,
      apiKey: KEY,
      templateId: 41,
      campaignId: job.target?.campaignId ?? 41,
      allocationId: job.target?.allocationId ?? 38,
      allowDuplicates: false,
    }),
    onProgress: (p) => progress.push(p),
  });
  const target = { serverUrl: url, templateId: 41, campaignId: 41, allocationId: 38 };
  return { store, service, progress, target };
}

describe('the job service', () => {
  it('runs submitted jobs one after another, and a queued job can be paused and resumed', async () => {
    const { store, service, progress, target } = await setup('queue');
    const a = await service.importFile(csv('a.csv', 60, 0), {}, spec);
    const b = await service.importFile(csv('b.csv', 40, 1000), {}, spec);
    const c = await service.importFile(csv('c.csv', 20, 2000), {}, spec);
    service.submit(a.jobId, target, settings);
    service.submit(b.jobId, target, settings);
    service.submit(c.jobId, target, settings);
    expect(store.getJob(b.jobId)?.state).toBe('queued');
    expect((await service.pause(c.jobId)).state).toBe('paused');
    await service.idle();
    expect(store.getJob(a.jobId)?.state).toBe('done');
    expect(store.getJob(b.jobId)?.state).toBe('done');
    expect(store.getJob(c.jobId)?.state).toBe('paused');
    // One job at a time: every progress event of b comes after a's last.
    const order = progress.map((p) => p.jobId);
    expect(order.lastIndexOf(a.jobId)).toBeLessThan(order.indexOf(b.jobId));
    expect(sim?.state().campaigns['41'].count).toBe(100);

    service.resume(c.jobId);
    await service.idle();
    expect(store.getJob(c.jobId)).toMatchObject({ state: 'done', counts: { imported: 20 } });
    expect(sim?.state().campaigns['41'].count).toBe(120);
    store.close();
  });

  it('pauses and cancels the running job; a cancelled job keeps its unsent leads', async () => {
    const { store, service, target } = await setup('cancel');
    const a = await service.importFile(csv('big.csv', 300, 5000), {}, spec);
    service.submit(a.jobId, target, { ...settings, concurrency: 1 });
    const stored = () => sim?.state().campaigns['41']?.count ?? 0;
    while (stored() < 30) await new Promise((r) => setTimeout(r, 5));
    const paused = await service.pause(a.jobId);
    expect(paused.state).toBe('paused' satisfies JobState);
    expect(paused.counts.imported).toBe(stored());
    service.resume(a.jobId);
    while (stored() < paused.counts.imported + 30) await new Promise((r) => setTimeout(r, 5));
    const cancelled = await service.cancel(a.jobId);
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.counts.imported).toBe(stored());
    expect(cancelled.counts.ready).toBe(300 - stored());
    expect(cancelled.counts.sending).toBe(0);
    store.close();
  });

  it('commits a read without waiting for the disk, and sending waits again', async () => {
    const { store, service, target } = await setup('unsynced');
    const executed: string[] = [];
    const exec = store.db.exec.bind(store.db);
    store.db.exec = (sql: string) => {
      executed.push(sql);
      exec(sql);
    };
    const NORMAL = 'PRAGMA synchronous = NORMAL';
    const FULL = 'PRAGMA synchronous = FULL';
    const commitsBetween = (from: number, to: number) =>
      executed.slice(from, to).flatMap((sql, i) => (sql === 'COMMIT' ? [executed[from + i - 2] === NORMAL] : []));
    const { jobId } = await service.importFile(csv('unsynced.csv', 12_000, 0), {}, spec);
    const afterRead = executed.length;
    // Three batches of rows, each committed unsynced; the draft too (one statement, no BEGIN).
    expect(commitsBetween(0, afterRead)).toEqual([true, true, true]);
    expect(executed.filter((sql) => sql === NORMAL).length).toBe(4);
    expect(executed.filter((sql) => sql === NORMAL || sql === FULL).at(-1)).toBe(FULL);
    service.submit(jobId, target, { ...settings, batchSize: 4_000 });
    await service.idle();
    const sending = commitsBetween(afterRead, executed.length);
    expect(sending.length).toBeGreaterThan(3);
    expect(sending.every((unsynced) => !unsynced)).toBe(true);
    expect(store.getJob(jobId)?.counts.imported).toBe(12_000);
    store.close();
  });

  it('stores no payload for imported leads and sends what their cells derive to, edited cells included', async () => {
    const { store, service, target } = await setup('derived');
    const path = join(dir, 'messy.csv');
    writeFileSync(path, 'Name,Phone\n  Zoë   Müller ,(03) 8321 8199\nAnn,+61 412 345 678\nBob,12\n');
    const { jobId, counts } = await service.importFile(path, {}, spec);
    expect(counts).toMatchObject({ total: 3, ready: 2, invalid: 1 });
    const stored = store.db.prepare('SELECT count(*) AS n FROM leads WHERE payload IS NOT NULL').get() as { n: number };
    expect(stored.n).toBe(0);
    // The grid still shows what will be sent.
    expect(service.rows(jobId, 0, 10, 'all').rows[0].payload).toEqual({ Name: 'Zoë Müller', MobilePhone: '0383218199' });
    await service.editRow(jobId, 4, { '1': '0398765432' });
    service.submit(jobId, target, settings);
    await service.idle();
    expect(store.getJob(jobId)).toMatchObject({ state: 'done', counts: { imported: 3 } });
    const sent = sim?.state().campaigns['41'].leads.map(({ __allocationId, ...lead }) => lead);
    expect(sent).toEqual([
      { Name: 'Zoë Müller', MobilePhone: '0383218199' },
      { Name: 'Ann', MobilePhone: '0412345678' },
      { Name: 'Bob', MobilePhone: '0398765432' },
    ]);
    store.close();
  });

  it("an edit that repeats another row's phone is refused, naming that row", async () => {
    const { store, service } = await setup('edit-duplicate');
    const path = join(dir, 'dup.csv');
    writeFileSync(path, 'Name,Phone\nA,0383218199\nB,0412345678\nC,0498765432\n');
    const { jobId } = await service.importFile(path, {}, spec);
    const view = await service.editRow(jobId, 4, { '1': '+61 3 8321 8199' });
    expect(view).toMatchObject({ status: 'invalid', reason: 'phone 0383218199 already in row 2' });
    expect((await service.editRow(jobId, 4, { '1': '0400000004' })).status).toBe('ready');
    store.close();
  });

  it('copies the log of a large import into the database in the background, then checkpoints as usual', async () => {
    const { store, service } = await setup('checkpoint');
    const path = csv('big.csv', 20_000, 0);
    const autoCheckpoint = () =>
      (store.db.prepare('PRAGMA wal_autocheckpoint').get() as { wal_autocheckpoint: number }).wal_autocheckpoint;
    let duringImport: number | undefined;
    await service.importFile(path, {}, spec, undefined, () => {
      duringImport = autoCheckpoint();
    });
    expect(duringImport).toBe(0);
    await store.checkpointsSettled();
    expect(autoCheckpoint()).toBe(1000);
    // Only a checkpoint moves the rows from the log into the database file; this thread ran none.
    expect(statSync(join(dir, 'checkpoint', 'jobs.sqlite')).size).toBeGreaterThan(1 << 20);
    store.close();
  });
});
