/**
 * Corrections larger than one slice (bulk-apply.ts writes a change slice by slice once it can no longer be
 * refused): a refusal found late takes back what was written, a change refused for spoiling every row or a
 * preview writes nothing and leaves the phone index as it was, and undo and redo go part by part.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openJobStore } from '../store/job-store.ts';
import { SLICE } from './bulk-write.ts';
import { createJobService } from './job-service.ts';

const dir = mkdtempSync(join(tmpdir(), 'bulk-scale-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ROWS = SLICE * 2 + 200;
const spec = {
  mapping: { fields: { FirstName: 'Name', FirstPhone: 'Phone' }, constants: {}, phoneFields: ['FirstPhone'] },
  options: { country: 'AU', dateOrder: 'dmy' as const, allowDuplicates: false, contactHoursNames: [] },
};
const phone = (i: number) => `04${String(20_000_000 + i).slice(-8)}`;

let n = 0;
async function setup(name: (i: number) => string = (i) => `lead ${i}`) {
  const path = join(dir, `f${++n}.csv`);
  const lines = ['Name,Phone'];
  for (let i = 0; i < ROWS; i++) lines.push(`${name(i)},${phone(i)}`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  const store = openJobStore(join(dir, `s${n}`));
  const service = createJobService({ store, resolveTarget: async () => Promise.reject(new Error('not sent in these tests')) });
  const { jobId } = await service.importFile(path, {}, spec);
  const cellsOf = () => Array.from({ length: ROWS }, (_, i) => store.leadByRow(jobId, i + 2)?.cells.join(','));
  return { store, service, jobId, cellsOf };
}

describe('corrections of more rows than one slice', () => {
  it('takes back what it wrote when a later row refuses the change (a formula made by a replace)', async () => {
    // Removing "lead" leaves "-0", "-1"… (numbers) but "+x" on the last row: a formula.
    const { store, service, jobId, cellsOf } = await setup((i) => (i === ROWS - 1 ? 'lead+x' : `lead-${i}`));
    await service.editor.apply(jobId, { rows: [2] }, { kind: 'set', field: 'FirstName', value: 'Ann' });
    const before = cellsOf();
    const counts = store.getJob(jobId)?.counts;
    const saved: number[] = [];
    await expect(
      service.editor.apply(
        jobId,
        { filter: 'all' },
        { kind: 'replace', field: 'FirstName', from: 'lead', to: '' },
        { onProgress: (p) => p.phase === 'saving' && saved.push(p.done) },
      ),
    ).rejects.toThrow(/"\+x" starts with "\+", which a spreadsheet would run as a formula/);
    // Rows were written before the last row was reached; they were taken back.
    expect(saved.at(-1)).toBeGreaterThanOrEqual(SLICE);
    expect(cellsOf()).toEqual(before);
    expect(store.getJob(jobId)?.counts).toEqual(counts);
    // Nothing of the refused change is left to undo or redo: the edit before it is next.
    expect(service.editor.state(jobId)).toMatchObject({ undo: { label: 'Set FirstName to "Ann"' }, redo: undefined });
    // A change of many parts ends with a checkpoint on its own thread: let it finish before the folder goes.
    await store.checkpointsSettled();
    store.close();
  });

  it('refuses a change that spoils every row without writing any, and leaves the phone index as it was', async () => {
    const { store, service, jobId, cellsOf } = await setup();
    const before = cellsOf();
    await expect(
      service.editor.apply(jobId, { filter: 'all' }, { kind: 'replace', field: 'FirstPhone', from: '04', to: '99' }),
    ).rejects.toThrow(
      new RegExp(`every one of the ${ROWS.toLocaleString('en-AU').replace(',', ',?')} rows|every one of the ${ROWS} rows`),
    );
    expect(cellsOf()).toEqual(before);
    expect(store.getJob(jobId)?.counts).toMatchObject({ ready: ROWS, invalid: 0 });
    expect(service.editor.state(jobId).undo).toBeUndefined();
    // A preview of a row taking a new number writes nothing and keeps no claim on that number.
    const preview = await service.editor.apply(
      jobId,
      { rows: [2] },
      { kind: 'set', field: 'FirstPhone', value: '0499000001' },
      { dryRun: true },
    );
    expect(preview).toMatchObject({ changed: 1, nowValid: 1 });
    expect((await service.editRow(jobId, 3, { '1': '0499000001' })).status).toBe('ready');
    // The index still knows every row's own number, and the number row 3 gave up is free.
    const repeat = await service.editRow(jobId, 4, { '1': phone(ROWS - 1) });
    expect(repeat).toMatchObject({ status: 'invalid', reason: `phone ${phone(ROWS - 1)} already in row ${ROWS + 1}` });
    expect((await service.editRow(jobId, 5, { '1': phone(1) })).status).toBe('ready');
    // A change of many parts ends with a checkpoint on its own thread: let it finish before the folder goes.
    await store.checkpointsSettled();
    store.close();
  });

  it('undoes and redoes a change of many slices, its counts with it, and reports progress as it goes', async () => {
    const { store, service, jobId, cellsOf } = await setup();
    const before = cellsOf();
    const steps: number[] = [];
    const done = await service.editor.apply(
      jobId,
      { filter: 'all' },
      { kind: 'set', field: 'FirstPhone', value: '0299990000' },
      { onProgress: (p) => p.phase === 'saving' && steps.push(p.done) },
    );
    // The first row takes the number; every other row repeats it.
    expect(done).toMatchObject({ changed: ROWS, nowValid: 1, stillInvalid: ROWS - 1 });
    expect(steps.length).toBeGreaterThan(1);
    expect(store.getJob(jobId)?.counts).toMatchObject({ ready: 1, invalid: ROWS - 1 });
    const undone = await service.editor.undo(jobId);
    expect(undone).toMatchObject({ changed: ROWS, counts: expect.objectContaining({ ready: ROWS, invalid: 0 }) });
    expect(cellsOf()).toEqual(before);
    expect(store.getJob(jobId)?.counts).toMatchObject({ ready: ROWS, invalid: 0 });
    await service.editor.redo(jobId);
    expect(store.getJob(jobId)?.counts).toMatchObject({ ready: 1, invalid: ROWS - 1 });
    await service.editor.undo(jobId);
    // A new change drops the undone one, however many rows it had.
    await service.editor.apply(jobId, { rows: [2] }, { kind: 'set', field: 'FirstName', value: 'Ann' });
    expect(service.editor.state(jobId)).toMatchObject({ undo: { label: 'Set FirstName to "Ann"' }, redo: undefined });
    expect(store.db.prepare('SELECT count(*) AS n FROM edit_rows').get()).toEqual({ n: 1 });
    // A change of many parts ends with a checkpoint on its own thread: let it finish before the folder goes.
    await store.checkpointsSettled();
    store.close();
  });
});
