import { describe, expect, it } from 'vitest';
import type { Counts, ReasonGroup } from '../../../shared/contract.ts';
import { filterCount, isChosen, reasonOptions, rowQuery } from './filters.ts';

const groups: ReasonGroup[] = [
  { stage: 'local', reason: 'phone missing', count: 2 },
  { stage: 'server', reason: 'duplicate phone', count: 7 },
  { stage: 'local', reason: 'bad priority', count: 1200 },
  { stage: 'local', reason: 'no rows', count: 0 },
];
const counts: Counts = {
  total: 100,
  invalid: 10,
  ready: 60,
  sending: 0,
  imported: 20,
  updated: 3,
  rejected: 5,
  review: 2,
  warnings: 4,
  skipped: 0,
};

describe('row filters', () => {
  it('turns a chip into its own filter', () => {
    expect(rowQuery({ kind: 'filter', filter: 'warnings' }, groups)).toEqual({ filter: 'warnings' });
  });

  it('asks for invalid rows for a local reason and not-accepted rows for a server reason', () => {
    expect(rowQuery({ kind: 'reason', reason: 'phone missing' }, groups)).toEqual({ filter: 'invalid', reason: 'phone missing' });
    expect(rowQuery({ kind: 'reason', reason: 'duplicate phone' }, groups)).toEqual({
      filter: 'notAccepted',
      reason: 'duplicate phone',
    });
  });

  it('counts the rows behind each chip', () => {
    expect(filterCount('all', counts)).toBe(100);
    expect(filterCount('valid', counts)).toBe(90);
    expect(filterCount('invalid', counts)).toBe(10);
    expect(filterCount('warnings', counts)).toBe(4);
    expect(filterCount('notAccepted', counts)).toBe(17);
    const withSkipped = { ...counts, total: 102, skipped: 2 };
    expect(filterCount('skipped', withSkipped)).toBe(2);
    expect(filterCount('valid', withSkipped)).toBe(90);
  });

  it('lists reasons of the chosen stages, most common first, without empty ones', () => {
    expect(reasonOptions(groups, ['local'])).toEqual([
      { value: 'bad priority', label: 'bad priority (1,200)' },
      { value: 'phone missing', label: 'phone missing (2)' },
    ]);
    expect(reasonOptions(groups, ['local', 'server']).map((o) => o.value)).toEqual([
      'bad priority',
      'duplicate phone',
      'phone missing',
    ]);
  });

  it('marks a chip chosen only while no reason is picked', () => {
    expect(isChosen({ kind: 'filter', filter: 'all' }, 'all')).toBe(true);
    expect(isChosen({ kind: 'reason', reason: 'x' }, 'all')).toBe(false);
  });
});
