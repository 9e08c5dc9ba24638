/** The window's size and position, remembered between runs and kept on a screen that still exists. */
export interface Bounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}
export interface WorkArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_BOUNDS: Bounds = { width: 1280, height: 820 };
const MIN = { width: 900, height: 600 };

export function parseBounds(text: string | undefined): Bounds {
  if (!text) return DEFAULT_BOUNDS;
  try {
    const b = JSON.parse(text) as Partial<Bounds>;
    const ok = (n: unknown) => typeof n === 'number' && Number.isFinite(n);
    if (!ok(b.width) || !ok(b.height)) return DEFAULT_BOUNDS;
    return { x: ok(b.x) ? b.x : undefined, y: ok(b.y) ? b.y : undefined, width: b.width as number, height: b.height as number };
  } catch {
    return DEFAULT_BOUNDS;
  }
}

/** Fits saved bounds into the displays we have now (a monitor may have been unplugged). */
export function clampToDisplays(bounds: Bounds, displays: readonly WorkArea[]): Bounds {
  const width = Math.max(MIN.width, bounds.width);
  const height = Math.max(MIN.height, bounds.height);
  if (bounds.x === undefined || bounds.y === undefined || displays.length === 0) return { width, height };
  const { x, y } = bounds;
  const visible = displays.find((d) => x + 100 > d.x && x < d.x + d.width - 100 && y >= d.y - 10 && y < d.y + d.height - 100);
  if (!visible) return { width: Math.min(width, displays[0].width), height: Math.min(height, displays[0].height) };
  return { x, y, width: Math.min(width, visible.width), height: Math.min(height, visible.height) };
}
