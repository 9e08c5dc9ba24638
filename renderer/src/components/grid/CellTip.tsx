/**
 * The grid's own tooltip: the full text of a cell that needs explaining (a problem, what the file had before a
 * person changed it, a long payload), shown when the cell is hovered or reached with the keyboard. Unlike the
 * browser's `title`, it shows on focus, stays while the pointer moves onto it, and Escape hides it (WCAG 1.4.13).
 */
import { useCallback, useEffect, useRef, useState } from 'react';

interface Tip {
  text: string;
  /** The cell's box on screen when the tip was asked for. */
  top: number;
  bottom: number;
  left: number;
}

const GAP = 4;
const MAX_WIDTH = 420;

export function useCellTip() {
  const [tip, setTip] = useState<Tip>();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const show = useCallback((cell: HTMLElement, text: string) => {
    clearTimeout(timer.current);
    const box = cell.getBoundingClientRect();
    setTip({ text, top: box.top, bottom: box.bottom, left: box.left });
  }, []);
  /** `soon`: after a moment, so that the pointer can move from the cell onto the tip. */
  const hide = useCallback((soon = false) => {
    clearTimeout(timer.current);
    if (soon) timer.current = setTimeout(() => setTip(undefined), 200);
    else setTip(undefined);
  }, []);
  const keep = useCallback(() => clearTimeout(timer.current), []);
  useEffect(() => () => clearTimeout(timer.current), []);
  return { tip, show, hide, keep };
}

export function CellTip(props: { tip: Tip | undefined; onEnter(): void; onLeave(): void }) {
  const { tip } = props;
  if (!tip) return null;
  // Under the cell, or above it near the bottom of the window; never past the window's right edge.
  const below = tip.bottom + 120 < window.innerHeight;
  const left = Math.max(GAP, Math.min(tip.left, window.innerWidth - MAX_WIDTH - GAP));
  const style = below ? { top: tip.bottom + GAP, left } : { bottom: window.innerHeight - tip.top + GAP, left };
  return (
    <div
      className="cell-tip"
      role="tooltip"
      style={{ ...style, maxWidth: MAX_WIDTH }}
      onMouseEnter={props.onEnter}
      onMouseLeave={props.onLeave}
    >
      {tip.text}
    </div>
  );
}
