import { describe, expect, it } from 'vitest';
import { duration, percent, rate } from './format.ts';
import { createPageCache, pagesFor } from './page-cache.ts';

describe('page cache', () => {
  it('keeps at most N pages, dropping the least recently used', () => {
    const cache = createPageCache<number>(10, 2);
    cache.set(0, [0]);
    cache.set(1, [10]);
    cache.get(0);
    cache.set(2, [20]);
    expect(cache.get(1)).toBeUndefined();
    expect(cache.get(0)).toEqual([0]);
    expect(cache.size).toBe(2);
  });
  it('updates a cached row in place', () => {
    const cache = createPageCache<string>(3, 4);
    cache.set(1, ['a', 'b', 'c']);
    cache.update(4, 'B');
    expect(cache.get(1)).toEqual(['a', 'B', 'c']);
  });
  it('asks for the visible pages and one on each side, within the total', () => {
    expect(pagesFor(250, 260, 100, 1_000_000)).toEqual([1, 2, 3]);
    expect(pagesFor(0, 30, 100, 50)).toEqual([0]);
    expect(pagesFor(999_990, 999_999, 100, 1_000_000)).toEqual([9998, 9999]);
    expect(pagesFor(0, 10, 100, 0)).toEqual([]);
  });
});

describe('formatting', () => {
  it('says durations, rates and percentages plainly', () => {
    expect(duration(5)).toBe('5 s');
    expect(duration(125)).toBe('2 min 5 s');
    expect(duration(7260)).toBe('2 h 1 min');
    expect(duration(undefined)).toBe('—');
    expect(rate(2.25)).toBe('2.3/s');
    expect(rate(4321.2)).toBe('4,321/s');
    expect(percent(1, 3)).toBe(33);
    expect(percent(5, 0)).toBe(0);
  });
});
