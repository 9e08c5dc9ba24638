import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { SendSettings } from '../../../shared/contract.ts';
import { type Simulator, startSimulator } from '../../../simulator/server.ts';
import type { InsertTarget } from '../campaigner/insert.ts';
import { mappedJob, storeFolder } from '../testing/store-fixtures.ts';
import { createRunControl, type Progress, runJob } from './runner.ts';

const folder = storeFolder('runner');
const KEY = 'runner-secret-key-123';
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  folder.closeStores();
});
afterAll(() => folder.remove());

const settings = (over: Partial<SendSettings> = {}): SendSettings => ({
  method: 'insertLeads',
  batchEndpoint: 'insertLeadsFast',
  batchSize: 50,
  concurrency: 4,
  allowDuplicates: false,
  ...over,
});
const fast = { backoffBaseMs: 5, backoffMaxMs: 40, maintenanceCooldownMs: 150, requestTimeoutMs: 2_000 };

function phone(i: number) {
  return `04${String(10_000_000 + i).padStart(8, '0')}`;
}

/** A job of `n` leads, mapped Name and MobilePhone; a `bad` lead's phone ('12') is no phone once normalised, which the server refuses. */
function jobWith(name: string, n: number, bad: (i: number) => boolean = () => false) {
  return mappedJob(folder.open(name), {
    name,
    headers: ['Name', 'Phone'],
    rows: Array.from({ length: n }, (_, i) => [`Lead ${i}`, bad(i) ? '12' : phone(i)]),
    fields: { Name: 'Name', MobilePhone: 'Phone' },
  });
}

async function simulator(faults = '', extra: Parameters<typeof startSimulator>[0] = {}) {
  sim = await startSimulator({ port: 0, apiKey: KEY, concurrency: 2, minCallMs: 2, perLeadMs: 0, faults, seed: 7, ...extra });
  return sim;
}

const target = (s: Simulator, apiKey = KEY): InsertTarget => ({
  base: s.url,
  apiKey,
  templateId: 41,
  campaignId: 41,
  allocationId: 38,
  allowDuplicates: false,
});

const storedPhones = (s: Simulator) => s.state().campaigns['41']?.leads.map((l) => l.MobilePhone) ?? [];

describe('the outbox runner', () => {
  it('delivers every lead exactly once through 500s, busy answers and lost replies', async () => {
    const s = await simulator('error500:0.1,busy:0.1,reset:0.1');
    const { store, jobId, derivePayload } = jobWith('faults', 1_000);
    const result = await runJob({ store, jobId, derivePayload, target: target(s), settings: settings(), timings: fast });
    expect(result.state).toBe('done');
    expect(result.counts).toMatchObject({ imported: 1_000, ready: 0, sending: 0, rejected: 0, review: 0 });
    const phones = storedPhones(s);
    expect(phones).toHaveLength(1_000);
    expect(new Set(phones).size).toBe(1_000);
    expect(s.state().counters.reset).toBeGreaterThan(0);
    expect(store.countByStatus(jobId)).toMatchObject({ imported: 1_000 });
  });

  it('settles server rejections on the source rows that caused them', async () => {
    const s = await simulator();
    const { store, jobId, derivePayload } = jobWith('rejects', 60, (i) => i % 20 === 7);
    const result = await runJob({
      store,
      jobId,
      derivePayload,
      target: target(s),
      settings: settings({ batchSize: 25 }),
      timings: fast,
    });
    expect(result.counts).toMatchObject({ imported: 57, rejected: 3 });
    const rejected = store.rows(jobId, 0, 10, 'rejected').rows;
    expect(rejected.map((r) => r.rowNumber)).toEqual([9, 29, 49]);
    expect(rejected.every((r) => r.cells[1] === '12' && r.reason)).toBe(true);
  });

  it('reaches more than one call in flight, and reports the level in progress', async () => {
    const s = await simulator('', { concurrency: 3, minCallMs: 20 });
    const { store, jobId, derivePayload } = jobWith('aimd', 1_000);
    const seen: Progress[] = [];
    const result = await runJob({
      store,
      jobId,
      derivePayload,
      target: target(s),
      settings: settings({ batchSize: 20, concurrency: 3 }),
      timings: fast,
      onProgress: (p) => seen.push(p),
    });
    expect(result.state).toBe('done');
    expect(Math.max(...result.concurrencyHistory.map((h) => h.level))).toBe(3);
    expect(s.state().peakConcurrentInserts).toBeGreaterThanOrEqual(2);
    expect(seen.at(-1)).toMatchObject({ state: 'done', counts: { imported: 1_000 } });
    expect(seen.some((p) => p.concurrency > 1)).toBe(true);
  });

  it('pauses, resumes where it stopped, and cancels', async () => {
    const s = await simulator('', { minCallMs: 15 });
    const { store, jobId, derivePayload } = jobWith('pause', 400);
    const control = createRunControl();
    const run = runJob({
      store,
      jobId,
      derivePayload,
      target: target(s),
      settings: settings({ batchSize: 10, concurrency: 1 }),
      timings: fast,
      control,
    });
    while (storedPhones(s).length < 50) await new Promise((r) => setTimeout(r, 5));
    control.pause();
    const paused = await run;
    expect(paused.state).toBe('paused');
    const sentWhenPaused = storedPhones(s).length;
    expect(sentWhenPaused).toBeLessThan(400);
    expect(paused.counts.imported).toBe(sentWhenPaused);
    expect(store.getJob(jobId)?.state).toBe('paused');

    const again = createRunControl();
    const resumed = runJob({
      store,
      jobId,
      derivePayload,
      target: target(s),
      settings: settings({ batchSize: 10, concurrency: 1 }),
      timings: fast,
      control: again,
    });
    while (storedPhones(s).length < sentWhenPaused + 50) await new Promise((r) => setTimeout(r, 5));
    again.cancel();
    const cancelled = await resumed;
    expect(cancelled.state).toBe('cancelled');
    const stored = storedPhones(s);
    expect(new Set(stored).size).toBe(stored.length);
    expect(cancelled.counts.imported).toBe(stored.length);
    expect(cancelled.counts.ready).toBe(400 - stored.length);
  });

  it('waits out a manual import (a run of code 103) and says when it will retry', async () => {
    const { store, jobId, derivePayload } = jobWith('maintenance', 100);
    // The manual import lasts until the job says it waits, however long a loaded machine takes to get there.
    const s = await simulator('manual-import:0-600');
    const seen: Progress[] = [];
    const result = await runJob({
      store,
      jobId,
      derivePayload,
      target: target(s),
      settings: settings(),
      timings: fast,
      onProgress: (p) => {
        seen.push(p);
        if (p.state === 'waiting') s.setFaults('');
      },
    });
    expect(result.state).toBe('done');
    expect(storedPhones(s)).toHaveLength(100);
    const waiting = seen.find((p) => p.state === 'waiting');
    expect(waiting?.waitingUntil).toBeDefined();
    expect(waiting?.message).toMatch(/manual import or maintenance.*will retry at/);
  });

  it('keeps trying through a down window and then delivers', async () => {
    const s = await simulator('down:0-0.5');
    const { store, jobId, derivePayload } = jobWith('down', 100);
    const seen: Progress[] = [];
    const result = await runJob({
      store,
      jobId,
      derivePayload,
      target: target(s),
      settings: settings(),
      timings: fast,
      onProgress: (p) => seen.push(p),
    });
    expect(result.state).toBe('done');
    expect(storedPhones(s)).toHaveLength(100);
    expect(seen.some((p) => p.state === 'waiting')).toBe(true);
  });

  it('stops as failed on a refused key, stores nothing and never echoes the key', async () => {
    const s = await simulator();
    const { store, jobId, derivePayload } = jobWith('refused', 30);
    const wrong = 'wrong-key-should-not-leak';
    const result = await runJob({ store, jobId, derivePayload, target: target(s, wrong), settings: settings(), timings: fast });
    expect(result.state).toBe('failed');
    expect(result.message).toMatch(/refused/);
    expect(result.message).not.toContain(wrong);
    expect(storedPhones(s)).toHaveLength(0);
    expect(store.countByStatus(jobId)).toMatchObject({ ready: 30, sending: 0 });
    for (const a of store.attempts(jobId)) expect(a.reply ?? '').not.toContain(wrong);
  });

  it('gives up as incomplete when nothing answers for the configured time', async () => {
    const { store, jobId, derivePayload } = jobWith('unreachable', 10);
    const closed = await simulator();
    const url = closed.url;
    await closed.close();
    sim = undefined;
    const result = await runJob({
      store,
      jobId,
      derivePayload,
      target: { ...target(closed), base: url },
      settings: settings(),
      timings: { ...fast, giveUpAfterMs: 150 },
    });
    expect(result.state).toBe('incomplete');
    expect(result.counts).toMatchObject({ ready: 10, sending: 0 });
  });

  it('sends one lead per call with insertLeadFast and maps per-lead codes', async () => {
    const s = await simulator();
    const { store, jobId, derivePayload } = jobWith('single', 12, (i) => i === 3);
    const result = await runJob({
      store,
      jobId,
      derivePayload,
      target: target(s),
      settings: settings({ method: 'insertLeadFast', concurrency: 2 }),
      timings: fast,
    });
    expect(result.counts).toMatchObject({ imported: 11, rejected: 1 });
    expect(s.state().callsByMethod.insertLeadFast).toBeDefined();
    expect(store.rows(jobId, 0, 5, 'rejected').rows[0]).toMatchObject({
      rowNumber: 5,
      reason: expect.stringMatching(/code \d+/),
    });
  });
});
