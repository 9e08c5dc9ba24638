import { describe, expect, it } from 'vitest';
import { ALLOCATION_ADVISED_MAX, allocationWarning } from './allocation.ts';
import { checkedValue, checkedValuesOf, createFileChecks, digitKey, newCheckedValues, setCheckedValue } from './file-checks.ts';
import { NumberIndex } from './number-index.ts';

const FIELDS = ['njExternalLeadId', 'FirstPhone', 'MobilePhone'];
type Checks = ReturnType<typeof createFileChecks>;
const fileChecks = (allowDuplicates: boolean) => createFileChecks({ allowDuplicates, fields: FIELDS });
const check = (checks: Checks, rowNumber: number, payload: Record<string, string>) =>
  checks.check(rowNumber, checkedValuesOf(FIELDS, payload), 0);

describe('checks across the file', () => {
  it('flags a repeated phone in a later row, naming the first row', () => {
    const checks = fileChecks(false);
    expect(check(checks, 12, { FirstPhone: '0383218199' })).toEqual([]);
    expect(check(checks, 13, { FirstPhone: '0412345678', MobilePhone: '0412345678' })).toEqual([]);
    expect(check(checks, 20, { MobilePhone: '0383218199' })).toEqual([
      { field: 'MobilePhone', severity: 'error', message: 'phone 0383218199 already in row 12' },
    ]);
    expect(check(checks, 21, { FirstPhone: '0499999999', MobilePhone: '0412345678' })).toEqual([
      { field: 'MobilePhone', severity: 'error', message: 'phone 0412345678 already in row 13' },
    ]);
  });

  it('keeps numbers that differ only by a leading zero apart, and international numbers too', () => {
    const checks = fileChecks(false);
    check(checks, 2, { FirstPhone: '0383218199' });
    expect(check(checks, 3, { FirstPhone: '383218199' })).toEqual([]);
    check(checks, 4, { FirstPhone: '+442079460958' });
    expect(check(checks, 5, { FirstPhone: '+442079460958' })[0].message).toBe('phone +442079460958 already in row 4');
  });

  it('lets repeated phones through when duplicates are allowed', () => {
    const checks = fileChecks(true);
    check(checks, 2, { FirstPhone: '0383218199' });
    expect(check(checks, 3, { FirstPhone: '0383218199' })).toEqual([]);
  });

  it('flags a repeated external id even when duplicates are allowed, naming the first row', () => {
    const checks = fileChecks(true);
    check(checks, 2, { njExternalLeadId: 'A1' });
    check(checks, 3, { njExternalLeadId: '00123' });
    expect(check(checks, 4, { njExternalLeadId: '123' })).toEqual([]);
    expect(check(checks, 5, { njExternalLeadId: 'A1' })).toEqual([
      { field: 'njExternalLeadId', severity: 'error', message: 'njExternalLeadId A1 already in row 2' },
    ]);
    expect(check(checks, 9, { njExternalLeadId: '00123' })[0].message).toBe('njExternalLeadId 00123 already in row 3');
  });

  it('checking the same row again (after an edit) does not flag it against itself', () => {
    const checks = fileChecks(false);
    check(checks, 7, { FirstPhone: '0383218199', njExternalLeadId: 'X' });
    expect(check(checks, 7, { FirstPhone: '0383218199', njExternalLeadId: 'X' })).toEqual([]);
  });

  it('checks row r of many rows at r × width', () => {
    const checks = fileChecks(false);
    const values = newCheckedValues(3, FIELDS.length);
    setCheckedValue(values, 0 * 3 + 1, '0383218199');
    setCheckedValue(values, 2 * 3 + 2, '0383218199');
    expect(checks.check(10, values, 0)).toEqual([]);
    expect(checks.check(11, values, 1)).toEqual([]);
    expect(checks.check(12, values, 2)).toEqual([
      { field: 'MobilePhone', severity: 'error', message: 'phone 0383218199 already in row 10' },
    ]);
  });
});

describe('checked values', () => {
  it.each(['0383218199', '383218199', '0', '000', '999999999999999', '1234567890123456', '+442079460958', 'A1', ' 12'])(
    '%j comes back as it went in',
    (value) => {
      const values = newCheckedValues(2, 2);
      setCheckedValue(values, 3, value);
      expect(checkedValue(values, 3)).toBe(value);
      expect(checkedValue(values, 2)).toBeUndefined();
    },
  );

  it('keeps digit strings as numbers and only other values as text', () => {
    const values = checkedValuesOf(['a', 'b', 'c'], { a: '0412345678', b: '+61412345678' });
    expect([...values.keys].map((k) => (Number.isNaN(k) ? 'text' : k))).toEqual([10412345678, 'text', 0]);
    expect([...values.texts]).toEqual([[1, '+61412345678']]);
    // Reused for another row, nothing of the first is left.
    const again = checkedValuesOf(['a', 'b', 'c'], { c: '0383218199' }, values);
    expect(again).toBe(values);
    expect([...again.keys]).toEqual([0, 0, 10383218199]);
    expect(again.texts.size).toBe(0);
    expect(digitKey('0412345678')).toBe(10412345678);
    expect(digitKey('12a')).toBeUndefined();
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

  it('finds or keeps a key in one call', () => {
    const index = new NumberIndex(16);
    for (let i = 1; i <= 1_000; i++) expect(index.getOrSet(10_000_000_000 + i, i)).toBe(i);
    for (let i = 1; i <= 1_000; i++) expect(index.getOrSet(10_000_000_000 + i, i + 5_000)).toBe(i);
    expect(index.size).toBe(1_000);
    expect(() => index.getOrSet(-1, 1)).toThrow(/positive safe integer/);
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
