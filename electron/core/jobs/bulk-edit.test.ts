import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openJobStore } from '../store/job-store.ts';
import { createJobService } from './job-service.ts';

const dir = mkdtempSync(join(tmpdir(), 'bulk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spec = {
  mapping: {
    fields: { FirstName: 'Name', FirstPhone: 'Phone', njPriority: 'Priority' },
    constants: {},
    phoneFields: ['FirstPhone'],
  },
  options: { country: 'AU', dateOrder: 'dmy' as const, allowDuplicates: false, contactHoursNames: [] },
};

let n = 0;
/** Rows 2–6: two good, two with a broken phone (home phone fine), one good. */
async function setup(
  lines = [
    'ann smith,0383218199,0412000001,5',
    ' Bob ,12,0412000002,5',
    'Cy,34,0412000003,5',
    'Di,0383218100,,5',
    'Ed,0383218101,,5',
  ],
) {
  const folder = join(dir, `s${++n}`);
  const path = join(dir, `f${n}.csv`);
  writeFileSync(path, `Name,Phone,HomePh,Priority\n${lines.join('\n')}\n`);
  const open = () => {
    const store = openJobStore(folder);
    const service = createJobService({ store, resolveTarget: async () => Promise.reject(new Error('not sent in these tests')) });
    return { store, service };
  };
  const { store, service } = open();
  const { jobId } = await service.importFile(path, {}, spec);
  const cells = (row: number) => store.leadByRow(jobId, row)?.cells;
  const status = (row: number) => store.leadByRow(jobId, row)?.status;
  return { store, service, jobId, cells, status, open };
}

describe('corrections of many rows', () => {
  it('uses another column for a field on a reason group, and says how many rows became valid', async () => {
    const { service, jobId, cells, status, store } = await setup();
    const [group] = store.reasonGroups(jobId);
    expect(group.count).toBe(2);
    const result = await service.editor.apply(
      jobId,
      { reason: group.reason },
      { kind: 'use', field: 'FirstPhone', column: 'HomePh' },
    );
    expect(result).toMatchObject({
      selected: 2,
      changed: 2,
      becameValid: 2,
      nowValid: 2,
      stillInvalid: 0,
      label: 'Use HomePh as FirstPhone',
    });
    expect(result.counts).toMatchObject({ ready: 5, invalid: 0 });
    expect(cells(3)?.[1]).toBe('0412000002');
    expect(status(4)).toBe('ready');
    expect(store.countFixed(jobId)).toBe(2);
    expect(store.leadByRow(jobId, 3)?.original?.[1]).toBe('12');
    expect(store.getJob(jobId)?.counts).toMatchObject({ ready: 5, invalid: 0 });
  });

  it('sets and clears a field on rows picked by number and range', async () => {
    const { service, jobId, cells, status } = await setup();
    const set = await service.editor.apply(jobId, { rows: [[3, 4]] }, { kind: 'set', field: 'FirstPhone', value: '0299990000' });
    // The second row to take the number repeats the first: the import's duplicate rule holds.
    expect(set).toMatchObject({ changed: 2, becameValid: 1, stillInvalid: 1 });
    expect(status(4)).toBe('invalid');
    const cleared = await service.editor.apply(jobId, { rows: [2] }, { kind: 'clear', field: 'njPriority' });
    expect(cleared.changed).toBe(1);
    expect(cells(2)?.[3]).toBe('');
  });

  it('finds and replaces, part of a cell or the whole cell, with or without case, counting first', async () => {
    const { service, jobId, cells } = await setup();
    const all = { filter: 'all' as const };
    const preview = await service.editor.apply(
      jobId,
      all,
      { kind: 'replace', field: 'FirstName', from: 'S', to: 'Z', ignoreCase: true },
      { dryRun: true },
    );
    expect(preview.changed).toBe(1);
    expect(cells(2)?.[0]).toBe('ann smith');
    expect((await service.editor.apply(jobId, all, { kind: 'replace', field: 'FirstName', from: 'S', to: 'Z' })).changed).toBe(0);
    expect((await service.editor.apply(jobId, all, { kind: 'replace', field: 'FirstName', from: 's', to: 'z' })).changed).toBe(1);
    expect(cells(2)?.[0]).toBe('ann zmith');
    expect(
      (await service.editor.apply(jobId, all, { kind: 'replace', field: 'FirstName', from: 'cy', to: 'Cyd', wholeCell: true }))
        .changed,
    ).toBe(0);
    expect(
      (
        await service.editor.apply(jobId, all, {
          kind: 'replace',
          field: 'FirstName',
          from: 'cy',
          to: 'Cyd',
          wholeCell: true,
          ignoreCase: true,
        })
      ).changed,
    ).toBe(1);
    expect(cells(4)?.[0]).toBe('Cyd');
  });

  it('fills down and tidies case within the selection', async () => {
    const { service, jobId, cells } = await setup();
    await service.editor.apply(jobId, { rows: [[2, 6]] }, { kind: 'fillDown', field: 'HomePh' });
    expect([cells(5)?.[2], cells(6)?.[2]]).toEqual(['0412000003', '0412000003']);
    await service.editor.apply(jobId, { filter: 'all' }, { kind: 'tidy', field: 'FirstName', letterCase: 'title' });
    expect([cells(2)?.[0], cells(3)?.[0]]).toEqual(['Ann Smith', 'Bob']);
  });

  it('skips rows (never sent, counted) and brings them back checked again', async () => {
    const { service, jobId, status, store } = await setup();
    const skipped = await service.editor.apply(jobId, { rows: [2, 3] }, { kind: 'skip' });
    expect(skipped.counts).toMatchObject({ skipped: 2, ready: 2, invalid: 1 });
    expect(store.nextReady(jobId, -1, 10, () => ({})).map((l) => l.rowNumber)).not.toContain(2);
    expect(status(2)).toBe('skipped');
    const back = await service.editor.apply(jobId, { filter: 'skipped' }, { kind: 'unskip' });
    expect(back).toMatchObject({ changed: 2, nowValid: 1, stillInvalid: 1 });
    expect(store.getJob(jobId)?.counts).toMatchObject({ skipped: 0, ready: 3, invalid: 2 });
  });

  it('refuses formula values, empty selections, unknown fields, and a replace that spoils every row', async () => {
    const { service, jobId, cells } = await setup();
    const edit = service.editor.apply;
    await expect(edit(jobId, { rows: [2] }, { kind: 'set', field: 'FirstName', value: '=HYPERLINK("x")' })).rejects.toThrow(
      /run as a formula/,
    );
    await expect(
      edit(jobId, { rows: [2] }, { kind: 'set', field: 'FirstPhone', value: '+61 3 8321 8000' }),
    ).resolves.toMatchObject({ changed: 1 });
    // A typed cell, and the other characters a spreadsheet starts a formula with.
    await expect(service.editRow(jobId, 3, { '0': '@SUM(A1)' })).rejects.toThrow(/starts with "@"/);
    await expect(edit(jobId, { rows: [3] }, { kind: 'set', field: 'FirstName', value: '\tx' })).rejects.toThrow(
      /starts with "tab"/,
    );
    await expect(edit(jobId, { rows: [3] }, { kind: 'replace', field: 'FirstName', from: 'Bob', to: '-x' })).rejects.toThrow(
      /starts with "-"/,
    );
    expect(cells(3)?.[0]).toBe(' Bob ');
    await expect(edit(jobId, {}, { kind: 'clear', field: 'FirstName' })).rejects.toThrow(/Choose the rows/);
    await expect(edit(jobId, { rows: [] }, { kind: 'clear', field: 'FirstName' })).rejects.toThrow(/No rows are picked/);
    await expect(edit(jobId, { rows: [99] }, { kind: 'clear', field: 'FirstName' })).rejects.toThrow(/No rows match/);
    await expect(edit(jobId, { rows: [2] }, { kind: 'clear', field: 'Fax' })).rejects.toThrow(/no field or column "Fax"/);
    await expect(edit(jobId, { filter: 'valid' }, { kind: 'replace', field: 'FirstPhone', from: '0', to: 'x' })).rejects.toThrow(
      /every one of the 3 rows it changes invalid \(row 2: .*\)\. Nothing was changed/,
    );
    expect(cells(2)?.[1]).toBe('+61 3 8321 8000');
    // Asked for on purpose, it is done.
    const forced = await edit(
      jobId,
      { filter: 'valid' },
      { kind: 'replace', field: 'FirstPhone', from: '0', to: 'x' },
      { allowAllInvalid: true },
    );
    expect(forced).toMatchObject({ changed: 3, nowValid: 0 });
  });

  it('selects by search (ignoring case) and by reversed ranges, and refuses a field taken from itself', async () => {
    const { service, jobId, cells } = await setup();
    const edit = service.editor.apply;
    expect(await edit(jobId, { search: 'SMITH' }, { kind: 'set', field: 'njPriority', value: '9' })).toMatchObject({
      selected: 1,
      changed: 1,
    });
    expect(cells(2)?.[3]).toBe('9');
    expect((await edit(jobId, { rows: [[6, 5], 5] }, { kind: 'set', field: 'njPriority', value: '8' })).selected).toBe(2);
    await expect(edit(jobId, { rows: [2] }, { kind: 'use', field: 'FirstPhone', column: 'Phone' })).rejects.toThrow(
      /already taken from Phone/,
    );
    // A priority out of range is checked as at import (and, spoiling the one valid row it changes, refused).
    await expect(edit(jobId, { rows: [2] }, { kind: 'set', field: 'njPriority', value: '500' })).rejects.toThrow(
      /row 2: njPriority "500" must be a whole number from 0 to 100/,
    );
    const forced = await edit(
      jobId,
      { rows: [2] },
      { kind: 'set', field: 'njPriority', value: '500' },
      { allowAllInvalid: true },
    );
    expect(forced).toMatchObject({ changed: 1, stillInvalid: 1 });
  });

  it('undoes and redoes every edit, after the store is opened again, and a new edit drops what was undone', async () => {
    const first = await setup();
    const { jobId } = first;
    await first.service.editor.apply(jobId, { rows: [[3, 4]] }, { kind: 'use', field: 'FirstPhone', column: 'HomePh' });
    await first.service.editRow(jobId, 2, { '0': 'Annie' });
    first.store.close();

    const { store, service } = first.open();
    const cells = (row: number) => store.leadByRow(jobId, row)?.cells;
    expect(service.editor.state(jobId)).toMatchObject({ undo: { label: 'Edit Name', rows: 1 }, redo: undefined });
    await service.editor.undo(jobId);
    expect(cells(2)?.[0]).toBe('ann smith');
    expect(store.leadByRow(jobId, 2)?.edited).toBe(false);
    const undone = await service.editor.undo(jobId);
    expect(undone).toMatchObject({ label: 'Use HomePh as FirstPhone', changed: 2, counts: { invalid: 2, ready: 3 } });
    expect(cells(3)?.[1]).toBe('12');
    expect(store.countFixed(jobId)).toBe(0);
    await expect(service.editor.undo(jobId)).rejects.toThrow(/nothing to undo/);
    const redone = await service.editor.redo(jobId);
    expect(redone.counts).toMatchObject({ invalid: 0, ready: 5 });
    expect(cells(3)?.[1]).toBe('0412000002');
    // The phone index follows undo and redo: row 3's number is taken again.
    expect((await service.editRow(jobId, 6, { '1': '0412000002' })).reason).toBe('phone 0412000002 already in row 3');
    await expect(service.editor.redo(jobId)).rejects.toThrow(/nothing to redo/);
    store.close();
  });
});
