import { describe, expect, it } from 'vitest';
import { scrollTopFor, visibleRange } from './useFixedRows.ts';

const H = 30;
const HEADER = 34;

describe('rows of one height in a scrolled box', () => {
  it('draws the rows in view and a few more, whatever the count', () => {
    // 480 px high: a 34 px header, then 446 px of rows 0–14 (row 14 partly).
    expect(visibleRange({ scrollTop: 0, height: 480 }, 1_000_001, H, HEADER, 5)).toEqual([0, 19]);
    expect(visibleRange({ scrollTop: 3000, height: 480 }, 1_000_001, H, HEADER, 5)).toEqual([95, 119]);
    // At the very end: the last row, no further.
    const end = 1_000_001 * H + HEADER - 480;
    expect(visibleRange({ scrollTop: end, height: 480 }, 1_000_001, H, HEADER, 5)?.[1]).toBe(1_000_000);
    expect(visibleRange({ scrollTop: 0, height: 480 }, 3, H, HEADER, 5)).toEqual([0, 2]);
    expect(visibleRange({ scrollTop: 0, height: 480 }, 0, H, HEADER, 5)).toBeUndefined();
    // Before the box has a height (not laid out yet): the first rows still.
    expect(visibleRange({ scrollTop: 0, height: 0 }, 100, H, HEADER, 5)).toEqual([0, 5]);
  });

  it('scrolls a row wholly into view below the header, and only as far as needed', () => {
    const view = { scrollTop: 3000, height: 480 };
    // Rows 100 to 113 are wholly in view (row 100 right under the header; 114 is cut by the box's bottom).
    expect(scrollTopFor(100, view, H, HEADER)).toBeUndefined();
    expect(scrollTopFor(113, view, H, HEADER)).toBeUndefined();
    expect(scrollTopFor(114, view, H, HEADER)).toBe(3004);
    // Above: its top just under the header.
    expect(scrollTopFor(99, view, H, HEADER)).toBe(2970);
    // Below: its bottom at the box's bottom.
    expect(scrollTopFor(115, view, H, HEADER)).toBe(115 * H + H + HEADER - 480);
    expect(scrollTopFor(0, view, H, HEADER)).toBe(0);
  });
});
