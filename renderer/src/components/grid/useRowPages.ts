/**
 * The rows of a job as a grid needs them: the first page (with the columns and the total) whenever the job,
 * the filter or the data changes, then the pages around what is on screen, kept in a bounded cache.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { RowFilter, RowView } from '../../../../shared/contract.ts';
import { api } from '../../api/index.ts';
import { createPageCache, createPageLoader, pagesFor } from '../../lib/page-cache.ts';

export const PAGE = 200;

export interface RowQuery {
  jobId: string;
  filter: RowFilter;
  reason?: string;
  search?: string;
}

export function useRowPages(query: RowQuery, version: number, onTotal?: (total: number) => void) {
  const { jobId, filter, reason, search } = query;
  const cache = useMemo(() => createPageCache<RowView>(PAGE, 60), []);
  const [total, setTotal] = useState(0);
  const [headers, setHeaders] = useState<string[]>([]);
  const [tick, setTick] = useState(0);
  const [problem, setProblem] = useState<string>();
  const generation = useRef(0);
  const onTotalRef = useRef(onTotal);
  onTotalRef.current = onTotal;
  const current = useRef(query);
  current.current = query;
  const loader = useMemo(
    () =>
      createPageLoader({
        cache,
        maxInFlight: 2,
        fetchPage: async (page) => (await api.getRows({ ...current.current, offset: page * PAGE, limit: PAGE })).rows,
        onLoaded: () => setTick((t) => t + 1),
        onError: (e) => setProblem(e.message),
      }),
    [cache],
  );

  // A new job, filter or data version starts from an empty cache.
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the signal to reload
  useEffect(() => {
    generation.current++;
    loader.reset();
    const mine = generation.current;
    api.getRows({ jobId, offset: 0, limit: PAGE, filter, reason, search: search || undefined }).then(
      (page) => {
        if (mine !== generation.current) return;
        cache.set(0, page.rows);
        setHeaders(page.columns);
        setTotal(page.total);
        onTotalRef.current?.(page.total);
        setTick((t) => t + 1);
      },
      (e: Error) => setProblem(e.message),
    );
  }, [jobId, filter, reason, search, version, cache, loader]);

  /** Fetches the pages of rows first…last, those nearest the first row first. */
  const want = useCallback(
    (first: number, last: number) => {
      const centre = Math.floor(first / PAGE);
      loader.want(pagesFor(first, last, PAGE, total).sort((a, b) => Math.abs(a - centre) - Math.abs(b - centre)));
    },
    [loader, total],
  );
  const rowAt = useCallback((index: number) => cache.get(Math.floor(index / PAGE))?.[index % PAGE], [cache]);
  /** Puts a row changed by an edit in place of the old one. */
  const replace = useCallback(
    (index: number, row: RowView) => {
      cache.update(index, row);
      setTick((t) => t + 1);
    },
    [cache],
  );
  return { total, headers, tick, problem, setProblem, want, rowAt, replace };
}
