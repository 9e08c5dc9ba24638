import { describe, expect, it } from 'vitest';
import { clampToDisplays, DEFAULT_BOUNDS, MIN_SIZE, parseWindowState } from './window-state.ts';

const laptop = { x: 0, y: 0, width: 1920, height: 1080 };
const rightMonitor = { x: 1920, y: 0, width: 2560, height: 1440 };

describe('window state', () => {
  it('restores saved bounds on a display that exists', () => {
    const saved = parseWindowState('{"x":100,"y":80,"width":1200,"height":800,"maximized":true}');
    expect(clampToDisplays(saved, [laptop])).toEqual({ x: 100, y: 80, width: 1200, height: 800, maximized: true });
    expect(clampToDisplays({ x: 2100, y: 50, width: 1400, height: 900, maximized: false }, [laptop, rightMonitor])).toEqual({
      x: 2100,
      y: 50,
      width: 1400,
      height: 900,
      maximized: false,
    });
  });

  it('falls back to the first display when the saved one is gone (monitor unplugged)', () => {
    expect(clampToDisplays({ x: 2100, y: 50, width: 2400, height: 1300, maximized: false }, [laptop])).toEqual({
      width: 1920,
      height: 1080,
      maximized: false,
    });
  });

  it('pulls a half-visible window fully onto its display and never exceeds it', () => {
    expect(clampToDisplays({ x: 1500, y: 900, width: 1000, height: 700, maximized: false }, [laptop])).toEqual({
      x: 920,
      y: 380,
      width: 1000,
      height: 700,
      maximized: false,
    });
    expect(clampToDisplays({ x: 0, y: 0, width: 5000, height: 3000, maximized: false }, [laptop])).toMatchObject({
      width: 1920,
      height: 1080,
    });
  });

  it('never makes the window smaller than its minimum', () => {
    expect(clampToDisplays({ x: 10, y: 10, width: 300, height: 200, maximized: false }, [laptop])).toMatchObject(MIN_SIZE);
  });

  it('ignores missing, broken or tampered state', () => {
    for (const text of [undefined, '', 'not json', '{"width":"wide","height":1}', '{"width":-5,"height":700}', '[]', 'null'])
      expect(parseWindowState(text)).toEqual(DEFAULT_BOUNDS);
    expect(parseWindowState('{"width":1000,"height":700}')).toEqual({ width: 1000, height: 700, maximized: false });
    expect(clampToDisplays(DEFAULT_BOUNDS, [])).toEqual(DEFAULT_BOUNDS);
  });
});
