/**
 * Pages of rows fetched on demand and kept in a bounded least-recently-used cache, so that a grid of a
 * million rows holds only the pages around what is on screen.
 */
export interface PageCache<T> {
  get(page: number): T[] | undefined;
  set(page: number, rows: T[]): void;
  /** Replaces one row wherever it is cached (after an edit). */
  update(index: number, row: T): void;
  clear(): void;
  readonly size: number;
}

export function createPageCache<T>(pageSize: number, maxPages: number): PageCache<T> {
  const pages = new Map<number, T[]>();
  return {
    get(page) {
      const rows = pages.get(page);
      if (rows) {
        pages.delete(page);
        pages.set(page, rows);
      }
      return rows;
    },
    set(page, rows) {
      pages.delete(page);
      pages.set(page, rows);
      while (pages.size > maxPages) pages.delete(pages.keys().next().value as number);
    },
    update(index, row) {
      const rows = pages.get(Math.floor(index / pageSize));
      if (rows) rows[index % pageSize] = row;
    },
    clear() {
      pages.clear();
    },
    get size() {
      return pages.size;
    },
  };
}

/** The pages needed to show rows [first, last], plus one on each side to scroll into. */
export function pagesFor(first: number, last: number, pageSize: number, total: number): number[] {
  if (total === 0 || last < first) return [];
  const lastPage = Math.floor((total - 1) / pageSize);
  const from = Math.max(0, Math.floor(first / pageSize) - 1);
  const to = Math.min(lastPage, Math.floor(last / pageSize) + 1);
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
