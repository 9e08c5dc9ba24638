import { describe, expect, it } from 'vitest';
import { moveCell } from './useGridKeys.ts';

const size = { rows: 1_000_000, cols: 8, page: 14 };

describe('moving through the grid with the keyboard', () => {
  it('moves one cell with the arrows and stops at the edges', () => {
    expect(moveCell('ArrowDown', false, { row: 0, col: 3 }, size)).toEqual({ row: 1, col: 3 });
    expect(moveCell('ArrowUp', false, { row: 0, col: 3 }, size)).toEqual({ row: 0, col: 3 });
    expect(moveCell('ArrowRight', false, { row: 5, col: 7 }, size)).toEqual({ row: 5, col: 7 });
    expect(moveCell('ArrowLeft', false, { row: 5, col: 7 }, size)).toEqual({ row: 5, col: 6 });
  });

  it('moves a screenful with PageUp/PageDown, to the row ends with Home/End and to the first and last rows with Ctrl', () => {
    expect(moveCell('PageDown', false, { row: 999_990, col: 2 }, size)).toEqual({ row: 999_999, col: 2 });
    expect(moveCell('PageUp', false, { row: 20, col: 2 }, size)).toEqual({ row: 6, col: 2 });
    expect(moveCell('Home', false, { row: 20, col: 2 }, size)).toEqual({ row: 20, col: 0 });
    expect(moveCell('End', false, { row: 20, col: 2 }, size)).toEqual({ row: 20, col: 7 });
    expect(moveCell('End', true, { row: 20, col: 2 }, size)).toEqual({ row: 999_999, col: 2 });
    expect(moveCell('Home', true, { row: 20, col: 2 }, size)).toEqual({ row: 0, col: 2 });
  });

  it('leaves every other key to the cell (Enter edits, Space picks, letters type)', () => {
    for (const key of ['Enter', ' ', 'a', 'Tab', 'Escape'])
      expect(moveCell(key, false, { row: 1, col: 1 }, size)).toBeUndefined();
  });
});
