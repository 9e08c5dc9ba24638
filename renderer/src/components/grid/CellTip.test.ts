import { describe, expect, it } from 'vitest';
import { placeTip } from './CellTip.tsx';

const view = { width: 1024, height: 700 };
const size = { width: 300, height: 60 };
/** A grid cell 30 px high, 150 px wide. */
const cell = (top: number, left = 400) => ({ top, bottom: top + 30, left, right: left + 150 });
const overlaps = (a: { top: number; left: number }, c: ReturnType<typeof cell>) =>
  a.left < c.right && a.left + size.width > c.left && a.top < c.bottom && a.top + size.height > c.top;

describe('the grid tooltip’s place', () => {
  it('is above the cell, never over the cell of the next row', () => {
    const hovered = cell(400);
    const place = placeTip(hovered, size, view);
    expect(place.top + size.height).toBeLessThanOrEqual(hovered.top);
    expect(overlaps(place, cell(430))).toBe(false);
    expect(overlaps(place, hovered)).toBe(false);
  });

  it('goes beside the cell near the top of the window, clear of the rows below', () => {
    const hovered = cell(40);
    const place = placeTip(hovered, size, view);
    expect(place.left).toBeGreaterThanOrEqual(hovered.right);
    expect(overlaps(place, cell(70))).toBe(false);
    // Near the right edge, on the left of the cell.
    const right = cell(40, 800);
    const left = placeTip(right, size, view);
    expect(left.left + size.width).toBeLessThanOrEqual(right.left);
    expect(overlaps(left, cell(70, 800))).toBe(false);
  });

  it('stays inside the window', () => {
    const place = placeTip(cell(400, 950), size, view);
    expect(place.left + size.width).toBeLessThanOrEqual(view.width);
    expect(place.left).toBeGreaterThanOrEqual(0);
  });
});
