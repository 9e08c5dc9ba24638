import { describe, expect, it } from 'vitest';
import { addRecent, parseRecent, RECENT_LIMIT, serialiseRecent } from './recent-files.ts';

describe('recent files', () => {
  it('keeps the newest first, without duplicates, at most ten', () => {
    expect(addRecent(['a', 'b', 'c'], ['c', 'd'])).toEqual(['d', 'c', 'a', 'b']);
    const many = Array.from({ length: 15 }, (_, i) => `f${i}`);
    expect(addRecent([], many)).toHaveLength(RECENT_LIMIT);
    expect(addRecent([], many)[0]).toBe('f14');
  });

  it('round-trips and ignores a damaged list', () => {
    expect(parseRecent(serialiseRecent(['x.csv', 'y.xlsx']))).toEqual(['x.csv', 'y.xlsx']);
    for (const text of [undefined, 'nope', '{"version":2,"paths":[]}', '{"version":1,"paths":[3]}'])
      expect(parseRecent(text)).toEqual([]);
  });
});
