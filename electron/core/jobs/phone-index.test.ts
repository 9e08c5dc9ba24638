import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openJobStore } from '../store/job-store.ts';
import { createJobService } from './job-service.ts';
import { buildPhoneIndex } from './phone-index.ts';
import { PhoneTable } from './phone-table.ts';

const dir = mkdtempSync(join(tmpdir(), 'phone-index-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the phone table', () => {
  it('finds the lowest other row holding a phone, with repeats, removals and international numbers', () => {
    const table = new PhoneTable({ expected: 0 });
    table.add(7, '0383218199');
    table.add(3, '0383218199');
    table.add(3, '0383218199');
    table.add(9, '+6421555000');
    expect(table.size).toBe(2);
    expect(table.holder('0383218199', 0)).toBe(3);
    expect(table.holder('0383218199', 3)).toBe(7);
    expect(table.holder('383218199', 0)).toBeUndefined();
    expect(table.holder('+6421555000', 1)).toBe(9);
    expect(table.holder('+6421555000', 9)).toBeUndefined();
    table.remove(3, '0383218199');
    expect(table.holder('0383218199', 0)).toBe(7);
    table.remove(7, '0383218199');
    table.remove(9, '+6421555000');
    expect(table.holder('0383218199', 0)).toBeUndefined();
    expect(table.holder('+6421555000', 0)).toBeUndefined();
    expect(table.size).toBe(0);
  });

  it('grows and reuses removed slots without losing a phone, and survives being handed over', () => {
    const table = new PhoneTable({ expected: 10 });
    const phone = (i: number) => `04${String(i).padStart(8, '0')}`;
    for (let i = 0; i < 50_000; i++) table.add(i + 2, phone(i));
    for (let i = 0; i < 50_000; i += 2) table.remove(i + 2, phone(i));
    for (let i = 0; i < 50_000; i += 4) table.add(i + 2, phone(i));
    const copy = new PhoneTable(structuredClone(table.parts()));
    for (let i = 0; i < 50_000; i++) {
      const held = i % 4 === 0 || i % 2 === 1;
      expect(copy.holder(phone(i), 0)).toBe(held ? i + 2 : undefined);
    }
    expect(copy.size).toBe(37_500);
  });
});

describe('building a job phone index', () => {
  it('gives the same answers from the worker thread as from this one, and leaves out rows that will not be sent', async () => {
    const path = join(dir, 'leads.csv');
    const lines = ['Name,Phone,Other'];
    for (let i = 0; i < 3_000; i++)
      lines.push(`n${i},04${String(i % 2_500).padStart(8, '0')},${i % 7 === 0 ? '+6421555000' : ''}`);
    lines.push('bad,12,');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const store = openJobStore(join(dir, 'data'));
    const service = createJobService({ store, resolveTarget: async () => Promise.reject(new Error('not sent')) });
    const mapping = {
      fields: { FirstName: 'Name', FirstPhone: 'Phone', SecondPhone: 'Other' },
      constants: {},
      phoneFields: ['FirstPhone', 'SecondPhone'],
    };
    const options = { country: 'AU', dateOrder: 'dmy' as const, allowDuplicates: false, contactHoursNames: [] };
    const { jobId } = await service.importFile(path, {}, { mapping, options });
    const job = store.getJob(jobId)!;
    const derivePhones = (await import('./row-rules.ts')).createPayloadDeriver({
      headers: job.source.headers,
      mapping,
      options,
      only: 'phones',
    });
    const request = { jobId, headers: job.source.headers, mapping, options, expected: job.counts.total };
    const [here, worker] = await Promise.all([
      buildPhoneIndex({ store, request, derivePhones, thread: 'here' }),
      buildPhoneIndex({ store, request, derivePhones, thread: 'worker' }),
    ]);
    for (const index of [here, worker]) {
      // Rows 2–2,501 hold the phones first (but those repeating row 2's second phone); their repeats are invalid, not in the index.
      expect(index.holder('0400000005', 0)).toBe(7);
      expect(index.holder('0400002498', 0)).toBe(2_500);
      expect(index.holder('0400000005', 7)).toBeUndefined();
      // The international number of row 2 only: the rows repeating it are invalid.
      expect(index.holder('+6421555000', 0)).toBe(2);
      expect(index.holder('12', 0)).toBeUndefined();
    }
    store.close();
  });
});
