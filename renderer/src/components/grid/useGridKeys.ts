/**
 * The grid as one stop for Tab (the ARIA grid pattern): one cell can be tabbed to, and the arrow keys move
 * from cell to cell, PageUp/PageDown by a screenful, Home/End to the row's ends, Ctrl+Home/End to the first
 * and last rows, however many rows there are (the grid scrolls to the row, which is then drawn and focused).
 * Without this, every drawn cell was a stop for Tab, and the step's buttons after the grid were hundreds of
 * presses away.
 */
import { type FocusEvent, type KeyboardEvent, type RefObject, useCallback, useEffect, useRef, useState } from 'react';

export interface CellPos {
  row: number;
  col: number;
}

export const cellKey = (pos: CellPos) => `${pos.row}:${pos.col}`;

/** Where a key moves from `at`, or undefined when the key is not one that moves. */
export function moveCell(
  key: string,
  ctrl: boolean,
  at: CellPos,
  size: { rows: number; cols: number; page: number },
): CellPos | undefined {
  const row = (r: number) => Math.max(0, Math.min(size.rows - 1, r));
  const col = (c: number) => Math.max(0, Math.min(size.cols - 1, c));
  switch (key) {
    case 'ArrowDown':
      return { row: row(at.row + 1), col: at.col };
    case 'ArrowUp':
      return { row: row(at.row - 1), col: at.col };
    case 'ArrowRight':
      return { row: at.row, col: col(at.col + 1) };
    case 'ArrowLeft':
      return { row: at.row, col: col(at.col - 1) };
    case 'PageDown':
      return { row: row(at.row + size.page), col: at.col };
    case 'PageUp':
      return { row: row(at.row - size.page), col: at.col };
    case 'Home':
      return ctrl ? { row: 0, col: at.col } : { row: at.row, col: 0 };
    case 'End':
      return ctrl ? { row: row(size.rows - 1), col: at.col } : { row: at.row, col: col(size.cols - 1) };
    default:
      return undefined;
  }
}

export function useGridKeys(options: {
  rows: number;
  cols: number;
  /** The rows drawn now. */
  first: number;
  last: number;
  scrollToRow(row: number): void;
  scrollRef: RefObject<HTMLDivElement | null>;
}) {
  const { rows, cols, first, last, scrollToRow, scrollRef } = options;
  const [active, setActive] = useState<CellPos>({ row: 0, col: 0 });
  const pending = useRef(false);
  // Whether a cell has the focus: a cell taken away with its row (a lead fixed out of Review's list) fires no blur.
  const holding = useRef(false);

  // The row that had the focus left the list and it was the last: the same column of the last row takes it,
  // rather than the page (where the keyboard would start again from the top).
  useEffect(() => {
    if (!holding.current || rows === 0 || active.row < rows || document.activeElement !== document.body) return;
    pending.current = true;
    setActive({ row: rows - 1, col: active.col });
    scrollToRow(rows - 1);
  }, [rows, active, scrollToRow]);

  // Once the row moved to is drawn, its cell (or the control in it) takes the focus.
  useEffect(() => {
    if (!pending.current) return;
    const cell = scrollRef.current?.querySelector<HTMLElement>(`[data-cell="${cellKey(active)}"]`);
    if (!cell) return;
    pending.current = false;
    (cell.querySelector<HTMLElement>('input, button') ?? cell).focus();
  });

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLDivElement>) => {
      const target = event.target as HTMLElement;
      // A cell being edited keeps its keys (the arrows move in the text).
      if (target instanceof HTMLInputElement && target.type !== 'checkbox') return;
      const cell = target.closest<HTMLElement>('[data-cell]');
      if (!cell?.dataset.cell) return;
      const [row, col] = cell.dataset.cell.split(':').map(Number);
      const to = moveCell(
        event.key,
        event.ctrlKey || event.metaKey,
        { row, col },
        {
          rows,
          cols,
          page: Math.max(1, last - first - 2),
        },
      );
      if (!to) return;
      event.preventDefault();
      if (to.row === row && to.col === col) return;
      pending.current = true;
      setActive(to);
      scrollToRow(to.row);
    },
    [rows, cols, first, last, scrollToRow],
  );

  // The one cell Tab reaches: the last one used while it is drawn, else the same column in the first row drawn.
  const tabStop: CellPos = {
    row: active.row >= first && active.row <= last ? active.row : first,
    col: Math.min(active.col, Math.max(0, cols - 1)),
  };
  /** Puts the focus back on a cell (after its edit box closes). */
  const focusCell = useCallback((pos: CellPos) => {
    pending.current = true;
    setActive({ ...pos });
  }, []);
  const onCellFocus = useCallback((pos: CellPos) => {
    holding.current = true;
    setActive(pos);
  }, []);
  /** For the grid's blur: the focus went elsewhere (not to another cell). */
  const onGridBlur = useCallback(
    (event: FocusEvent) => {
      const to = event.relatedTarget as Node | null;
      if (!to || !scrollRef.current?.contains(to)) holding.current = false;
    },
    [scrollRef],
  );
  return { tabStop, onKeyDown, onCellFocus, onGridBlur, focusCell };
}
