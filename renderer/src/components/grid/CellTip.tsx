/**
 * The grid's own tooltip: the full text of a cell that needs explaining (a problem, what the file had before a
 * person changed it, a long payload), shown when the cell is hovered or reached with the keyboard. Unlike the
 * browser's `title`, it shows on focus, stays while the cell is hovered or focused, and Escape hides it
 * (WCAG 1.4.13; rather than being hoverable itself, it is drawn clear of the pointer).
 *
 * It sits above the cell, clear of the row below and of the pointer, so the next row's cell can be clicked
 * while it shows; where there is no room above (the top of the window), beside the cell, and only as a last
 * resort below it. Pointer events pass through it: it never stands between the person and a cell.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

interface Tip {
  text: string;
  /** The cell's box on screen when the tip was asked for. */
  top: number;
  bottom: number;
  left: number;
  right: number;
}

const GAP = 4;
const MAX_WIDTH = 420;

export function useCellTip() {
  const [tip, setTip] = useState<Tip>();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const show = useCallback((cell: HTMLElement, text: string) => {
    clearTimeout(timer.current);
    const box = cell.getBoundingClientRect();
    setTip({ text, top: box.top, bottom: box.bottom, left: box.left, right: box.right });
  }, []);
  /** `soon`: after a moment, so that moving from one cell to the next does not make the tip flicker. */
  const hide = useCallback((soon = false) => {
    clearTimeout(timer.current);
    if (soon) timer.current = setTimeout(() => setTip(undefined), 200);
    else setTip(undefined);
  }, []);
  useEffect(() => () => clearTimeout(timer.current), []);
  return { tip, show, hide };
}

/** Where a tip of this size goes for this cell, in a window (`view`) of this size: above, beside, or below. */
export function placeTip(
  cell: Pick<Tip, 'top' | 'bottom' | 'left' | 'right'>,
  size: { width: number; height: number },
  view: { width: number; height: number },
): { top: number; left: number } {
  const alongside = Math.max(GAP, Math.min(cell.left, view.width - size.width - GAP));
  if (cell.top - GAP - size.height >= GAP) return { top: cell.top - GAP - size.height, left: alongside };
  const top = Math.max(GAP, Math.min(cell.top, view.height - size.height - GAP));
  if (cell.right + GAP + size.width <= view.width - GAP) return { top, left: cell.right + GAP };
  if (cell.left - GAP - size.width >= GAP) return { top, left: cell.left - GAP - size.width };
  return { top: cell.bottom + GAP, left: alongside };
}

export function CellTip({ tip }: { tip: Tip | undefined }) {
  const box = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState<{ top: number; left: number }>();
  // Placed once its size is known (before the browser paints it): until then it is drawn nowhere.
  useLayoutEffect(() => {
    const element = box.current;
    if (!tip || !element) return setPlace(undefined);
    const { width, height } = element.getBoundingClientRect();
    setPlace(placeTip(tip, { width, height }, { width: window.innerWidth, height: window.innerHeight }));
  }, [tip]);
  if (!tip) return null;
  return (
    <div
      ref={box}
      className="cell-tip"
      role="tooltip"
      style={{ maxWidth: MAX_WIDTH, ...(place ?? { top: 0, left: 0, visibility: 'hidden' }) }}
    >
      {tip.text}
    </div>
  );
}
