/** Re-mapping a stored job off the main thread: the same verdicts as applyMapping, progress, cancel. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openJobStore } from '../store/job-store.ts';
import { createJobService } from './job-service.ts';
import { REMAP_CHUNK, remapLeads } from './remap.ts';

const dir = mkdtempSync(join(tmpdir(), 'remap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ROWS = 2 * REMAP_CHUNK + 123;
/** Every 7th row has no dialable phone; every 11th repeats the phone of the row before (a duplicate in the file). */
function csv(name: string): string {
  const lines = ['First,Last,Phone,Priority'];
  for (let i = 0; i < ROWS; i++) {
    const n = i % 11 === 10 ? i - 1 : i;
    const phone = i % 7 === 3 ? '12' : `04${String(n).padStart(8, '0')}`;
    lines.push(`F${i},L${i},${phone},${i % 13 === 0 ? 500 : i % 100}`);
  }
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const spec = {
  mapping: { fields: { Name: ['First', 'Last'], MobilePhone: 'Phone', njPriority: 'Priority' }, constants: {}, phoneFields: [] },
  options: { country: 'AU', dateOrder: 'dmy' as const, allowDuplicates: false, contactHoursNames: [] },
};

async function twoJobs(name: string) {
  const store = openJobStore(join(dir, name));
  const service = createJobService({ store, resolveTarget: async () => undefined as never });
  const file = csv(`${name}.csv`);
  const a = (await service.importFile(file, {})).jobId;
  const b = (await service.importFile(file, {})).jobId;
  return { store, service, a, b };
}

describe('remap', () => {
  it('gives every row the verdict applyMapping gives, with progress, while the event loop keeps turning', async () => {
    const { store, service, a, b } = await twoJobs('same');
    const expected = service.applyMapping(a, spec);
    const progress: number[] = [];
    let turned = false;
    setImmediate(() => {
      turned = true;
    });
    const result = await service.remap(b, spec, (p) => {
      progress.push(p.rowsDone);
      expect(p.total).toBe(ROWS);
    });
    expect(turned).toBe(true);
    const counts = result?.counts;
    expect(counts).toEqual(expected);
    expect(result?.groups).toEqual(store.reasonGroups(a));
    expect(counts?.invalid).toBeGreaterThan(ROWS / 7);
    expect(progress).toEqual([REMAP_CHUNK, 2 * REMAP_CHUNK, ROWS]);
    const rows = (job: string) => store.rows(job, 0, 300, 'all').rows.map((r) => [r.rowNumber, r.status, r.issues, r.reason]);
    expect(rows(b)).toEqual(rows(a));
    expect(store.reasonGroups(b)).toEqual(store.reasonGroups(a));
    expect(service.requireJob(b).mapping).toEqual(spec.mapping);
    store.close();
  });

  it('stops when cancelled and leaves the job without a mapping, so it cannot be sent half-checked', async () => {
    const { store, service, b } = await twoJobs('cancel');
    const target = { serverUrl: 'http://127.0.0.1:1', templateId: 41, campaignId: 41, allocationId: 38 };
    const settings = {
      method: 'insertLeads' as const,
      batchEndpoint: 'insertLeads',
      batchSize: 500,
      concurrency: 1,
      allowDuplicates: false,
    };
    const done: number[] = [];
    // While the rows are being checked, nothing else may change the job (an edit is async: its refusal is awaited below).
    let editWhileChecking: Promise<string> | undefined;
    const result = await service.remap(b, spec, (p) => {
      done.push(p.rowsDone);
      editWhileChecking = service.editRow(b, 2, { 0: 'x' }).then(
        () => 'edited',
        (error: Error) => error.message,
      );
      expect(service.cancelRemap(b)).toBe(true);
    });
    expect(await editWhileChecking).toMatch(/being checked/);
    expect(result).toBeUndefined();
    expect(done).toEqual([REMAP_CHUNK]);
    expect(service.requireJob(b).mapping).toBeUndefined();
    expect(() => service.submit(b, target, settings)).toThrow(/Map the columns/);
    expect(service.cancelRemap(b)).toBe(false);
    // Applied whole afterwards, the job is mapped again.
    expect((await service.remap(b, spec))?.counts.total).toBe(ROWS);
    store.close();
  });

  it('gives the same verdicts on this thread, where no worker can be had', async () => {
    const { store, service, a, b } = await twoJobs('here');
    const expected = service.applyMapping(a, spec);
    const job = service.requireJob(b);
    const summary = await remapLeads({
      store,
      jobId: b,
      total: job.counts.total,
      rules: { headers: job.source.headers, ...spec },
      thread: 'here',
    });
    expect(summary?.counts).toEqual(expected);
    const rows = (id: string) => store.rows(id, 4_990, 40, 'all').rows.map((r) => [r.rowNumber, r.status, r.issues]);
    expect(rows(b)).toEqual(rows(a));
    store.close();
  });
});
