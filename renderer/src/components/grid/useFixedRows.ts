/**
 * Windowing for rows of one fixed height: which rows a scrolled box shows, from its scroll position alone.
 * A general virtualiser (TanStack Virtual, which this grid used) keeps a start and a size for every row
 * and rebuilds them whenever the count changes: 55–90 ms for a million rows, twice as Preview opened, which
 * made the longest task of a scroll through a million-row job (the bench's ui section). With one height
 * row i starts at i × height, and nothing is kept per row.
 *
 * The box's sticky header sits above the rows (`offset`, its height): a row is in view only below it.
 */
import { type RefObject, useCallback, useLayoutEffect, useMemo, useState } from 'react';

export interface FixedRow {
  index: number;
  /** Where the row starts in the rows' own box, in pixels. */
  start: number;
}

interface View {
  scrollTop: number;
  height: number;
}

/** The first and last rows to draw (`overscan` more on either side), or undefined when there are none. */
export function visibleRange(
  view: View,
  count: number,
  rowHeight: number,
  offset: number,
  overscan: number,
): [number, number] | undefined {
  if (count <= 0) return undefined;
  const top = Math.max(0, view.scrollTop);
  const first = Math.floor(top / rowHeight);
  const last = Math.floor(Math.max(top, top + view.height - offset - 1) / rowHeight);
  return [Math.max(0, first - overscan), Math.min(count - 1, last + overscan)];
}

/**
 * The scroll position that brings row `index` wholly into view below the header, moving as little as
 * possible (none when it is in view already): undefined for no move.
 */
export function scrollTopFor(index: number, view: View, rowHeight: number, offset: number): number | undefined {
  const rowTop = index * rowHeight;
  // In the scrolled content the rows begin below the header; in view they must clear the sticky header.
  if (rowTop < view.scrollTop) return rowTop;
  const rowBottom = offset + rowTop + rowHeight;
  if (rowBottom > view.scrollTop + view.height) return rowBottom - view.height;
  return undefined;
}

export function useFixedRows(options: {
  count: number;
  rowHeight: number;
  overscan: number;
  scrollRef: RefObject<HTMLElement | null>;
  /** The height of what stands above the rows in the scrolled box (its sticky header). */
  headerRef: RefObject<HTMLElement | null>;
}) {
  const { count, rowHeight, overscan, scrollRef, headerRef } = options;
  const [view, setView] = useState<View>({ scrollTop: 0, height: 0 });
  const [offset, setOffset] = useState(0);

  useLayoutEffect(() => {
    const box = scrollRef.current;
    if (!box) return;
    const update = () =>
      setView((v) =>
        v.scrollTop === box.scrollTop && v.height === box.clientHeight
          ? v
          : { scrollTop: box.scrollTop, height: box.clientHeight },
      );
    // The header's height changes only with a resize: a scroll need not measure it.
    const resize = () => {
      update();
      setOffset(headerRef.current?.offsetHeight ?? 0);
    };
    resize();
    box.addEventListener('scroll', update, { passive: true });
    const resized = new ResizeObserver(resize);
    resized.observe(box);
    if (headerRef.current) resized.observe(headerRef.current);
    return () => {
      box.removeEventListener('scroll', update);
      resized.disconnect();
    };
  }, [scrollRef, headerRef]);

  const range = visibleRange(view, count, rowHeight, offset, overscan);
  const first = range?.[0] ?? 0;
  const last = range?.[1] ?? -1;
  const items = useMemo<FixedRow[]>(
    () => Array.from({ length: last - first + 1 }, (_, i) => ({ index: first + i, start: (first + i) * rowHeight })),
    [first, last, rowHeight],
  );

  const scrollToIndex = useCallback(
    (index: number) => {
      const box = scrollRef.current;
      if (!box) return;
      const top = scrollTopFor(
        index,
        { scrollTop: box.scrollTop, height: box.clientHeight },
        rowHeight,
        headerRef.current?.offsetHeight ?? 0,
      );
      if (top !== undefined) box.scrollTop = top;
    },
    [scrollRef, headerRef, rowHeight],
  );

  return { items, totalSize: Math.max(0, count) * rowHeight, scrollToIndex };
}
