import { describe, expect, it } from 'vitest';
import { ruleBatch, ruleUnruledBatch, unruledBatch } from './batch-transport.ts';
import { createRowRules, type RowInput } from './row-rules.ts';

const rules = createRowRules({
  headers: ['Name', 'Phone', 'Mobile', 'Notes'],
  mapping: { fields: { Name: 'Name', FirstPhone: 'Phone', MobilePhone: 'Mobile' }, constants: {}, phoneFields: [] },
  options: { country: 'AU', dateOrder: 'dmy', allowDuplicates: false, contactHoursNames: [] },
});

/** Rows as a workbook gives them: some with a phone stored as a number, one with a date past the mapped columns. */
function workbookRows(): RowInput[] {
  const rows: RowInput[] = [];
  for (let i = 0; i < 40; i++) {
    const phone = `3${10_000_000 + i}`;
    const row: RowInput = { rowNumber: i + 2, cells: [`Lead ${i}`, phone, i % 5 === 0 ? 'x' : '0412345678', ''] };
    if (i % 2 === 0) row.raw = [undefined, Number(phone)];
    if (i === 7) row.raw = [undefined, undefined, undefined, new Date(Date.UTC(2026, 10, 3, 9, 30))];
    rows.push(row);
  }
  return rows;
}

describe('batches left to the storing thread', () => {
  it('carry the rows’ workbook values, and are ruled to the same batch as in the reading thread', () => {
    const rows = workbookRows();
    const unruled = unruledBatch(rows, rules, 100, true);
    expect(unruled?.raws).toBeInstanceOf(Float64Array);
    // As a worker's message arrives: cloned.
    const ruled = ruleUnruledBatch(structuredClone(unruled) as NonNullable<typeof unruled>, rules);
    const here = ruleBatch(workbookRows(), rules, 100, true);
    expect(ruled).toEqual(here);
    // The values are stored with their rows: the restored zero's warning and the date, each on its row.
    const byRow = new Map(ruled.batch.details.map((d) => [ruled.batch.rowNumbers[d.index], d]));
    expect(byRow.get(2)?.raw).toBe('[null,310000000]');
    expect(byRow.get(9)?.raw).toBe(JSON.stringify([null, null, null, new Date(Date.UTC(2026, 10, 3, 9, 30))]));
    expect(byRow.get(3)?.raw).toBeNull();
  });

  it('are not made of rows with a read problem, or of cells that may hold the separators', () => {
    const rows = workbookRows();
    expect(unruledBatch(rows, rules, 0, false)).toBeUndefined();
    rows[3].problem = { severity: 'error', message: 'row has 5 cells but the header has 4' };
    expect(unruledBatch(rows, rules, 0, true)).toBeUndefined();
  });

  it('carry no values when no row has any', () => {
    const rows = workbookRows().map(({ raw: _raw, ...row }) => row);
    expect(unruledBatch(rows, rules, 0, true)?.raws).toBeUndefined();
  });
});
