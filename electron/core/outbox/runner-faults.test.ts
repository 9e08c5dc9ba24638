/**
 * The runner against a store that cannot be written and servers that answer nonsense: it stops with
 * one clear message, keeps the job resumable, and keeps what it stores bounded.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { SendSettings } from '../../../shared/contract.ts';
import { type Simulator, startSimulator } from '../../../simulator/server.ts';
import { mappedJob, storeFolder } from '../testing/store-fixtures.ts';
import { STORED_REPLY_CHARS } from './run-messages.ts';
import { runJob } from './runner.ts';

const folder = storeFolder('runner-faults');
const KEY = 'runner-faults-secret-key-9';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  folder.closeStores();
});
afterAll(() => folder.remove());

const settings: SendSettings = {
  method: 'insertLeads',
  batchEndpoint: 'insertLeads',
  batchSize: 10,
  concurrency: 2,
  allowDuplicates: false,
};
const fast = { backoffBaseMs: 5, backoffMaxMs: 40, maintenanceCooldownMs: 150, requestTimeoutMs: 5_000 };
const phone = (i: number) => `04${String(10_000_000 + i)}`;

/** A job of `n` leads whose names are long, so that a full disk is reached in few batches. */
function jobWith(name: string, n: number) {
  return mappedJob(folder.open(name), {
    name,
    headers: ['Name', 'Phone'],
    rows: Array.from({ length: n }, (_, i) => [`Lead ${i} ${'x'.repeat(400)}`, phone(i)]),
    fields: { Name: 'Name', MobilePhone: 'Phone' },
  });
}

async function simulator(): Promise<Simulator> {
  const sim = await startSimulator({ port: 0, apiKey: KEY, concurrency: 2, minCallMs: 2, perLeadMs: 0 });
  closers.push(() => sim.close());
  return sim;
}

/** A server that answers every call with `answer`. */
async function answering(answer: (res: import('node:http').ServerResponse) => void): Promise<string> {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => answer(res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const target = (base: string) => ({
  base,
  apiKey: KEY,
  templateId: 41,
  campaignId: 41,
  allocationId: 38,
  allowDuplicates: false,
});

describe('the runner when the store cannot be written', () => {
  it('stops with one clear message on a full store (a real SQLITE_FULL), and finishes once space is freed', async () => {
    const sim = await simulator();
    const { store, jobId, derivePayload } = jobWith('full', 200);
    // SQLite's own limit on the database's size: past it every write fails with SQLITE_FULL, as on a full disk.
    const pages = (store.db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count;
    store.db.exec(`PRAGMA max_page_count = ${pages}`);
    // Small batches: many attempts, so the attempts table soon needs a page it cannot have.
    const small = { ...settings, batchSize: 2 };
    const stopped = await runJob({ store, jobId, derivePayload, target: target(sim.url), settings: small, timings: fast });
    expect(stopped.state).toBe('incomplete');
    expect(stopped.message).toBe(
      'Stopped: the disk that holds the data folder is full: free some space, then resume the job (nothing already stored is lost).',
    );
    const partly = sim.state().campaigns['41']?.leads.length ?? 0;
    expect(partly).toBeLessThan(200);
    // The job's stored counts are what the store holds, never settlements it could not record.
    const stored = store.countByStatus(jobId);
    expect(store.getJob(jobId)?.counts).toMatchObject({
      imported: stored.imported,
      ready: stored.ready,
      sending: stored.sending,
    });

    store.db.exec('PRAGMA max_page_count = 1073741823');
    const resumed = await runJob({ store, jobId, derivePayload, target: target(sim.url), settings: small, timings: fast });
    expect(resumed.state).toBe('done');
    const phones = sim.state().campaigns['41'].leads.map((l) => l.MobilePhone);
    expect(phones).toHaveLength(200);
    expect(new Set(phones).size).toBe(200);
    expect(store.countByStatus(jobId)).toMatchObject({ imported: 200, ready: 0, sending: 0 });
  });

  it('stops with the storage line when the last batch cannot be recorded, not as an unexplained "incomplete"', async () => {
    const sim = await simulator();
    const { store, jobId, derivePayload } = jobWith('last-batch', 20);
    const beginAttempt = store.beginAttempt;
    let calls = 0;
    store.beginAttempt = (id, seqs) => {
      calls++;
      if (calls === 2) throw Object.assign(new Error('database or disk is full'), { code: 'ERR_SQLITE_ERROR', errcode: 13 });
      return beginAttempt(id, seqs);
    };
    const stopped = await runJob({
      store,
      jobId,
      derivePayload,
      target: target(sim.url),
      settings: { ...settings, concurrency: 1 },
      timings: fast,
    });
    expect(stopped).toMatchObject({
      state: 'incomplete',
      message:
        'Stopped: the disk that holds the data folder is full: free some space, then resume the job (nothing already stored is lost).',
    });
    expect(store.countByStatus(jobId)).toMatchObject({ imported: 10, ready: 10, sending: 0 });
  });
});

describe('the runner against hostile or broken servers', () => {
  it('treats a reply over the size cap as a failure of that batch and stores only an excerpt of it', async () => {
    const huge = JSON.stringify({ code: 0, message: `Imported 10 Updated 0 Rejected 0 leads.${'z'.repeat(12 << 20)}` });
    const base = await answering((res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(huge);
    });
    const { store, jobId, derivePayload } = jobWith('huge', 10);
    const result = await runJob({
      store,
      jobId,
      derivePayload,
      target: target(base),
      settings,
      timings: { ...fast, giveUpAfterMs: 400 },
    });
    expect(result.state).toBe('incomplete');
    expect(result.message).toMatch(/the server's last answer: the server's reply was larger than 4 MB/);
    expect(store.countByStatus(jobId)).toMatchObject({ ready: 10, imported: 0 });
    const attempts = store.attempts(jobId);
    expect(attempts.length).toBeGreaterThan(0);
    for (const a of attempts) expect((a.reply ?? '').length).toBeLessThanOrEqual(STORED_REPLY_CHARS + 100);
  });

  it('says what the server answered when it gives up after pages that are not Campaigner replies', async () => {
    const base = await answering((res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(`<html><head><title>Scheduled maintenance</title></head><body>${'<p>back soon</p>'.repeat(50)}</body></html>`);
    });
    const { store, jobId, derivePayload } = jobWith('html', 10);
    const result = await runJob({
      store,
      jobId,
      derivePayload,
      target: target(base),
      settings,
      timings: { ...fast, giveUpAfterMs: 300 },
    });
    expect(result.state).toBe('incomplete');
    expect(result.message).toBe(
      'Stopped: no batch accepted for 1 s; the server\'s last answer: the server answered with something that is not a Campaigner reply: "Scheduled maintenance". Resume the job to continue.',
    );
    expect(store.attempts(jobId)[0].reply).toContain('<title>Scheduled maintenance</title>');
  });
});
