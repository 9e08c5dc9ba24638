/**
 * Pages of rows fetched on demand and kept in a bounded least-recently-used cache, so that a grid of a
 * million rows holds only the pages around what is on screen.
 */
export interface PageCache<T> {
  get(page: number): T[] | undefined;
  /** Whether a page is cached, without counting as a use. */
  has(page: number): boolean;
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
    has: (page) => pages.has(page),
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

/**
 * Fetches the pages the grid wants, at most a few at a time. While the user drags the scrollbar the
 * wanted pages keep changing; a page that has scrolled out of view before its turn is never fetched,
 * so the last screen arrives at once instead of behind every screen passed on the way.
 */
export interface PageLoader {
  want(pages: number[]): void;
  /** Forgets everything (new job, filter or data): answers to older requests are dropped. */
  reset(): void;
}

export function createPageLoader<T>(options: {
  cache: PageCache<T>;
  fetchPage: (page: number) => Promise<T[]>;
  maxInFlight: number;
  onLoaded: (page: number) => void;
  onError: (error: Error) => void;
}): PageLoader {
  const { cache, fetchPage, maxInFlight } = options;
  let wanted: number[] = [];
  let inFlight = new Set<number>();

  const pump = () => {
    const mine = inFlight;
    while (mine.size < maxInFlight) {
      const page = wanted.find((p) => !cache.has(p) && !mine.has(p));
      if (page === undefined) return;
      mine.add(page);
      fetchPage(page).then(
        (rows) => {
          mine.delete(page);
          if (mine !== inFlight) return;
          cache.set(page, rows);
          options.onLoaded(page);
          pump();
        },
        (error: Error) => {
          mine.delete(page);
          if (mine === inFlight) options.onError(error);
        },
      );
    }
  };

  return {
    want(pages) {
      wanted = pages;
      pump();
    },
    reset() {
      inFlight = new Set();
      wanted = [];
      cache.clear();
    },
  };
}
