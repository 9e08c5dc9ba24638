import { describe, expect, it } from 'vitest';
import { ALLOCATION_ADVISED_MAX, allocationWarning } from './allocation.ts';
import { createFileChecks } from './file-checks.ts';
import { NumberIndex } from './number-index.ts';

const phones = new Set(['FirstPhone', 'MobilePhone']);

describe('checks across the file', () => {
  it('flags a repeated phone in a later row, naming the first row', () => {
    const checks = createFileChecks({ allowDuplicates: false });
    expect(checks.check(12, { FirstPhone: '0383218199' }, phones)).toEqual([]);
    expect(checks.check(13, { FirstPhone: '0412345678', MobilePhone: '0412345678' }, phones)).toEqual([]);
    expect(checks.check(20, { MobilePhone: '0383218199' }, phones)).toEqual([
      { field: 'MobilePhone', severity: 'error', message: 'phone 0383218199 already in row 12' },
    ]);
    expect(checks.check(21, { FirstPhone: '0499999999', MobilePhone: '0412345678' }, phones)).toEqual([
      { field: 'MobilePhone', severity: 'error', message: 'phone 0412345678 already in row 13' },
    ]);
  });

  it('keeps numbers that differ only by a leading zero apart, and international numbers too', () => {
    const checks = createFileChecks({ allowDuplicates: false });
    checks.check(2, { FirstPhone: '0383218199' }, phones);
    expect(checks.check(3, { FirstPhone: '383218199' }, phones)).toEqual([]);
    checks.check(4, { FirstPhone: '+442079460958' }, phones);
    expect(checks.check(5, { FirstPhone: '+442079460958' }, phones)[0].message).toBe('phone +442079460958 already in row 4');
  });

  it('lets repeated phones through when duplicates are allowed', () => {
    const checks = createFileChecks({ allowDuplicates: true });
    checks.check(2, { FirstPhone: '0383218199' }, phones);
    expect(checks.check(3, { FirstPhone: '0383218199' }, phones)).toEqual([]);
  });

  it('flags a repeated external id even when duplicates are allowed, naming the first row', () => {
    const checks = createFileChecks({ allowDuplicates: true });
    checks.check(2, { njExternalLeadId: 'A1' }, new Set());
    checks.check(3, { njExternalLeadId: '00123' }, new Set());
    expect(checks.check(4, { njExternalLeadId: '123' }, new Set())).toEqual([]);
    expect(checks.check(5, { njExternalLeadId: 'A1' }, new Set())).toEqual([
      { field: 'njExternalLeadId', severity: 'error', message: 'njExternalLeadId A1 already in row 2' },
    ]);
    expect(checks.check(9, { njExternalLeadId: '00123' }, new Set())[0].message).toBe('njExternalLeadId 00123 already in row 3');
  });

  it('checking the same row again (after an edit) does not flag it against itself', () => {
    const checks = createFileChecks({ allowDuplicates: false });
    checks.check(7, { FirstPhone: '0383218199', njExternalLeadId: 'X' }, phones);
    expect(checks.check(7, { FirstPhone: '0383218199', njExternalLeadId: 'X' }, phones)).toEqual([]);
  });
});

describe('number index', () => {
  it('remembers many keys through growth, up to 16 digits', () => {
    const index = new NumberIndex(16);
    for (let i = 1; i <= 50_000; i++) index.set(1_000_000_000_000_000 + i * 7919, i);
    expect(index.size).toBe(50_000);
    for (let i = 1; i <= 50_000; i++) expect(index.get(1_000_000_000_000_000 + i * 7919)).toBe(i);
    expect(index.get(1_000_000_000_000_000 + 3)).toBeUndefined();
    index.set(1_000_000_000_000_000 + 7919, 99);
    expect(index.get(1_000_000_000_000_000 + 7919)).toBe(99);
    expect(index.size).toBe(50_000);
  });

  it('refuses keys it cannot hold exactly', () => {
    const index = new NumberIndex();
    expect(() => index.set(0, 1)).toThrow(/positive safe integer/);
    expect(() => index.set(2 ** 53 + 2, 1)).toThrow(/positive safe integer/);
    expect(() => index.set(1.5, 1)).toThrow(/positive safe integer/);
  });
});

describe('allocation size', () => {
  it.each([
    [ALLOCATION_ADVISED_MAX, 0, undefined],
    [ALLOCATION_ADVISED_MAX + 1, 0, /10,001 leads would be in one allocation: Noojee advises .* under about 10,000/],
    [6_000, 5_000, /11,000 leads would be in one allocation \(6,000 now, 5,000 sent before\)/],
    [10, 0, undefined],
  ])('%d new and %d earlier leads', (now, before, expected) => {
    const warning = allocationWarning(now, before);
    if (expected === undefined) expect(warning).toBeUndefined();
    else expect(warning).toMatch(expected);
  });
});
