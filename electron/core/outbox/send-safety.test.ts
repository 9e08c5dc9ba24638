import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { SendSettings } from '../../../shared/contract.ts';
import { type Simulator, startSimulator } from '../../../simulator/server.ts';
import type { InsertTarget } from '../campaigner/insert.ts';
import type { JobStore } from '../store/job-store.ts';
import { openSafetyStore } from '../store/safety-store.ts';
import { mappedJob, storeFolder } from '../testing/store-fixtures.ts';
import { type Progress, runJob } from './runner.ts';

const folder = storeFolder('send-safety');
const KEY = 'safety-secret-key-123';
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  folder.closeStores();
});
afterAll(() => folder.remove());

const settings = (over: Partial<SendSettings> = {}): SendSettings => ({
  method: 'insertLeads',
  batchEndpoint: 'insertLeads',
  batchSize: 20,
  concurrency: 2,
  allowDuplicates: false,
  canary: 10,
  maxRefusalRate: 0.2,
  refusalWindow: 200,
  ...over,
});
const fast = { backoffBaseMs: 5, backoffMaxMs: 40, maintenanceCooldownMs: 150, requestTimeoutMs: 2_000 };

const phone = (i: number) => `04${String(20_000_000 + i).padStart(8, '0')}`;

/**
 * A job whose leads `refused(i)` carry a Contact Hours name the server does not know: valid here (no names
 * were listed), refused there with code 111, as a mapping to the wrong column would be.
 */
function jobWith(name: string, n: number, refused: (i: number) => boolean = () => false, phoneOf = phone) {
  return mappedJob(folder.open(name), {
    name,
    headers: ['Name', 'Phone', 'Hours'],
    rows: Array.from({ length: n }, (_, i) => [`Lead ${i}`, phoneOf(i), refused(i) ? 'Lunchtime' : 'Business Hours']),
    fields: { Name: 'Name', MobilePhone: 'Phone', njContactHours: 'Hours' },
    state: 'sending',
  });
}

async function simulator() {
  sim = await startSimulator({ port: 0, apiKey: KEY, concurrency: 2, minCallMs: 2, perLeadMs: 0, seed: 3 });
  return sim;
}

const target = (s: Simulator): InsertTarget => ({
  base: s.url,
  apiKey: KEY,
  templateId: 41,
  campaignId: 41,
  allocationId: 38,
  allowDuplicates: false,
});

/** What reached the server: every lead it answered, stored or refused. */
const leadsAnswered = (s: Simulator) => {
  const c = s.state().counters;
  return (c['leads.imported'] ?? 0) + (c['leads.updated'] ?? 0) + (c['leads.rejected'] ?? 0);
};
const storedPhones = (s: Simulator) => s.state().campaigns['41']?.leads.map((l) => l.MobilePhone) ?? [];
/** How many times each lead went out, from the job's own attempt records. */
const sendsPerLead = (store: JobStore, jobId: string) => {
  const sends = new Map<number, number>();
  for (const a of store.attempts(jobId)) for (const seq of a.leadSeqs) sends.set(seq, (sends.get(seq) ?? 0) + 1);
  return sends;
};

describe('the canary', () => {
  it('stops a job whose every lead is refused after the first 10, and says why', async () => {
    const s = await simulator();
    const { store, jobId, derivePayload } = jobWith('all-refused', 1_000, () => true);
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
    expect(result.state).toBe('paused');
    expect(leadsAnswered(s)).toBe(10);
    expect(s.state().insertRequests).toBe(1);
    expect(result.counts).toMatchObject({ rejected: 10, ready: 990, sending: 0 });
    const record = openSafetyStore(store).read(jobId);
    expect(record.pause).toMatchObject({
      by: 'canary',
      refusalRate: 1,
      answered: 10,
      refused: 10,
      reasons: [{ reason: 'Unknown Contact Hours Lunchtime', count: 10 }],
    });
    const job = store.getJob(jobId);
    expect(job?.state).toBe('paused');
    expect(job?.message).toMatch(/refused 10 of 10 \(100 %\).*Unknown Contact Hours Lunchtime.*continue anyway/);
    expect(seen.at(-1)).toMatchObject({ state: 'paused', paused: { by: 'canary' } });
    expect(seen.at(-1)?.refusals).toEqual([{ reason: 'Unknown Contact Hours Lunchtime', count: 10 }]);
  });

  it('holds a paused job: a plain run again sends nothing and reports the same pause', async () => {
    const s = await simulator();
    const { store, jobId, derivePayload } = jobWith('held', 100, () => true);
    await runJob({ store, jobId, derivePayload, target: target(s), settings: settings(), timings: fast });
    const first = openSafetyStore(store).read(jobId).pause;
    const again = await runJob({ store, jobId, derivePayload, target: target(s), settings: settings(), timings: fast });
    expect(again.state).toBe('paused');
    expect(s.state().insertRequests).toBe(1);
    expect(openSafetyStore(store).read(jobId).pause).toEqual(first);
  });

  it('judges answers stored before a crash that came between the answer and the judgement', async () => {
    const s = await simulator();
    const { store, jobId, derivePayload } = jobWith('crash-window', 100, () => true);
    await runJob({ store, jobId, derivePayload, target: target(s), settings: settings(), timings: fast });
    // As if the process died after the canary's settlement was committed but before the pause was.
    store.db.prepare('UPDATE jobs SET safety_json = NULL, state = ? WHERE id = ?').run('sending', Number(jobId));
    const again = await runJob({ store, jobId, derivePayload, target: target(s), settings: settings(), timings: fast });
    expect(again.state).toBe('paused');
    expect(s.state().insertRequests).toBe(1);
    expect(openSafetyStore(store).read(jobId).pause).toMatchObject({ by: 'canary', answered: 10 });
  });

  it('after "continue anyway" sends the rest exactly once', async () => {
    const s = await simulator();
    const { store, jobId, derivePayload } = jobWith('continue', 500, (i) => i < 10);
    const paused = await runJob({ store, jobId, derivePayload, target: target(s), settings: settings(), timings: fast });
    expect(paused.state).toBe('paused');
    expect(leadsAnswered(s)).toBe(10);
    openSafetyStore(store).continueAnyway(jobId);
    const rest = await runJob({ store, jobId, derivePayload, target: target(s), settings: settings(), timings: fast });
    expect(rest.state).toBe('done');
    expect(rest.counts).toMatchObject({ imported: 490, rejected: 10, ready: 0, sending: 0 });
    const phones = storedPhones(s);
    expect(phones).toHaveLength(490);
    expect(new Set(phones).size).toBe(490);
    expect(leadsAnswered(s)).toBe(500);
    const sends = sendsPerLead(store, jobId);
    expect(sends.size).toBe(500);
    expect([...sends.values()].every((n) => n === 1)).toBe(true);
    expect(openSafetyStore(store).read(jobId)).toMatchObject({ canaryPassed: true, pause: undefined });
  });

  it('is never tripped by duplicate refusals', async () => {
    const s = await simulator();
    const earlier = jobWith('earlier', 300);
    await runJob({ ...earlier, target: target(s), settings: settings({ canary: 0 }), timings: fast });
    // The same phones again: the server refuses all 300 as duplicates (code 105), then 300 new ones import.
    const { store, jobId, derivePayload } = jobWith('duplicates', 600);
    const result = await runJob({ store, jobId, derivePayload, target: target(s), settings: settings(), timings: fast });
    expect(result.state).toBe('done');
    expect(result.counts).toMatchObject({ rejected: 300, imported: 300 });
    expect(store.rows(jobId, 0, 1, 'rejected').rows[0].reason).toMatch(/duplicate/i);
    expect(openSafetyStore(store).read(jobId).pause).toBeUndefined();
  });

  it('lets a job smaller than the canary just send', async () => {
    const s = await simulator();
    const { store, jobId, derivePayload } = jobWith('small', 6, () => true);
    const result = await runJob({ store, jobId, derivePayload, target: target(s), settings: settings(), timings: fast });
    expect(result.state).toBe('done');
    expect(result.counts).toMatchObject({ rejected: 6, ready: 0 });
    expect(openSafetyStore(store).read(jobId).pause).toBeUndefined();
  });

  it('sends the canary one lead per call with insertLeadFast', async () => {
    const s = await simulator();
    const { store, jobId, derivePayload } = jobWith('per-lead', 200, () => true);
    const result = await runJob({
      store,
      jobId,
      derivePayload,
      target: target(s),
      settings: settings({ method: 'insertLeadFast', canary: 5 }),
      timings: fast,
    });
    expect(result.state).toBe('paused');
    expect(s.state().insertRequests).toBe(5);
    expect(openSafetyStore(store).read(jobId).pause).toMatchObject({ by: 'canary', answered: 5, refused: 5 });
  });
});

describe('the refusal guard', () => {
  it('pauses a job whose refusals start half-way, within the window', async () => {
    const s = await simulator();
    const { store, jobId, derivePayload } = jobWith('half-way', 2_000, (i) => i >= 1_000);
    const result = await runJob({ store, jobId, derivePayload, target: target(s), settings: settings(), timings: fast });
    expect(result.state).toBe('paused');
    expect(result.counts.imported).toBe(1_000);
    // Refused leads sent before the pause: past 20 % of the 200-lead window, plus the calls in flight.
    expect(result.counts.rejected).toBeGreaterThan(40);
    expect(result.counts.rejected).toBeLessThan(200);
    const pause = openSafetyStore(store).read(jobId).pause;
    expect(pause).toMatchObject({ by: 'guard', answered: 200 });
    expect(pause?.refusalRate).toBeGreaterThan(0.2);
    expect(pause?.reasons[0]).toMatchObject({ reason: 'Unknown Contact Hours Lunchtime' });
    expect(store.getJob(jobId)?.message).toMatch(/of the last 200 leads .*more than 20 %/);
  });

  it('with the canary and the guard off, sends everything as before', async () => {
    const s = await simulator();
    const { store, jobId, derivePayload } = jobWith('off', 400, () => true);
    const result = await runJob({
      store,
      jobId,
      derivePayload,
      target: target(s),
      settings: settings({ canary: 0, maxRefusalRate: 1 }),
      timings: fast,
    });
    expect(result.state).toBe('done');
    expect(result.counts).toMatchObject({ rejected: 400, ready: 0 });
    expect(leadsAnswered(s)).toBe(400);
  });

  it('treats a job stored without these settings as before (both off)', async () => {
    const s = await simulator();
    const { store, jobId, derivePayload } = jobWith('legacy', 150, () => true);
    const { canary: _c, maxRefusalRate: _r, refusalWindow: _w, ...legacy } = settings();
    const result = await runJob({ store, jobId, derivePayload, target: target(s), settings: legacy, timings: fast });
    expect(result.state).toBe('done');
    expect(leadsAnswered(s)).toBe(150);
  });

  it('still watches after someone continues past the canary', async () => {
    const s = await simulator();
    const { store, jobId, derivePayload } = jobWith('after-canary', 1_000, () => true);
    await runJob({ store, jobId, derivePayload, target: target(s), settings: settings(), timings: fast });
    openSafetyStore(store).continueAnyway(jobId);
    const result = await runJob({ store, jobId, derivePayload, target: target(s), settings: settings(), timings: fast });
    expect(result.state).toBe('paused');
    const pause = openSafetyStore(store).read(jobId).pause;
    // A new window: the canary's 10 refusals are not in it; it judges from 100 answers on.
    expect(pause).toMatchObject({ by: 'guard', refusalRate: 1 });
    expect(pause?.answered).toBeGreaterThanOrEqual(100);
    expect(leadsAnswered(s)).toBeLessThan(10 + 200);
  });

  it('lets the rest go after someone continues past it, each lead exactly once', async () => {
    const s = await simulator();
    const { store, jobId, derivePayload } = jobWith('guard-continue', 1_200, (i) => i >= 600 && i < 700);
    const paused = await runJob({ store, jobId, derivePayload, target: target(s), settings: settings(), timings: fast });
    expect(paused.state).toBe('paused');
    expect(openSafetyStore(store).continueAnyway(jobId)).toMatchObject({ canaryPassed: true, guardOff: true });
    const rest = await runJob({ store, jobId, derivePayload, target: target(s), settings: settings(), timings: fast });
    expect(rest.state).toBe('done');
    expect(rest.counts).toMatchObject({ imported: 1_100, rejected: 100, ready: 0 });
    expect(storedPhones(s)).toHaveLength(1_100);
    const sends = sendsPerLead(store, jobId);
    expect(sends.size).toBe(1_200);
    expect([...sends.values()].every((n) => n === 1)).toBe(true);
  });
});
