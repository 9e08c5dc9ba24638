import { describe, expect, it } from 'vitest';
import { createPageCache, createPageLoader, pagesFor } from './page-cache.ts';

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

describe('page loader', () => {
  function setup(maxInFlight = 2) {
    const cache = createPageCache<string>(10, 8);
    const asked: number[] = [];
    const pending = new Map<number, (rows: string[]) => void>();
    const loaded: number[] = [];
    const loader = createPageLoader({
      cache,
      maxInFlight,
      fetchPage: (page) => {
        asked.push(page);
        return new Promise<string[]>((resolve) => pending.set(page, resolve));
      },
      onLoaded: (page) => loaded.push(page),
      onError: (error) => {
        throw error;
      },
    });
    const answer = async (page: number) => {
      pending.get(page)?.([`row of page ${page}`]);
      await Promise.resolve();
      await Promise.resolve();
    };
    return { cache, asked, loaded, loader, answer };
  }

  it('fetches at most N pages at once and never a page twice', () => {
    const { asked, loader } = setup(2);
    loader.want([4, 5, 6]);
    loader.want([4, 5, 6]);
    expect(asked).toEqual([4, 5]);
  });

  it('skips pages that scrolled out of view before their turn', async () => {
    const { asked, loaded, loader, answer, cache } = setup(2);
    loader.want([1, 2, 3]);
    loader.want([90, 91]);
    await answer(1);
    expect(asked).toEqual([1, 2, 90]);
    expect(loaded).toEqual([1]);
    expect(cache.get(1)).toEqual(['row of page 1']);
    await answer(2);
    expect(asked).toEqual([1, 2, 90, 91]);
    expect(asked).not.toContain(3);
  });

  it('drops answers that arrive after a reset', async () => {
    const { loaded, loader, answer, cache } = setup(2);
    loader.want([0]);
    loader.reset();
    await answer(0);
    expect(loaded).toEqual([]);
    expect(cache.has(0)).toBe(false);
  });
});
