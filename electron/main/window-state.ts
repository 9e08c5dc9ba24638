/** The window's size and position, remembered between runs (window.json in userData) and kept on a screen that still exists. */
import { z } from 'zod';

const finite = z.number().finite();

export const savedWindow = z.object({
  x: finite.optional(),
  y: finite.optional(),
  width: finite.positive(),
  height: finite.positive(),
  maximized: z.boolean().default(false),
});
export type SavedWindow = z.infer<typeof savedWindow>;
export type Bounds = Omit<SavedWindow, 'maximized'>;

export interface WorkArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_BOUNDS: SavedWindow = { width: 1280, height: 820, maximized: false };
export const MIN_SIZE = { width: 900, height: 600 };
/** How much of the title bar must lie on a display for the window to count as reachable. */
const GRIP = 100;

/** Missing, unreadable or tampered state falls back to the default size, centred by the OS. */
export function parseWindowState(text: string | undefined): SavedWindow {
  if (!text) return DEFAULT_BOUNDS;
  try {
    const parsed = savedWindow.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : DEFAULT_BOUNDS;
  } catch {
    return DEFAULT_BOUNDS;
  }
}

/** Fits saved bounds into the displays we have now (a monitor may have been unplugged or resized). */
export function clampToDisplays(saved: SavedWindow, displays: readonly WorkArea[]): SavedWindow {
  const { x, y, maximized } = saved;
  const width = Math.max(MIN_SIZE.width, saved.width);
  const height = Math.max(MIN_SIZE.height, saved.height);
  const first = displays[0];
  if (!first) return { width, height, maximized };
  if (x === undefined || y === undefined) {
    return { width: Math.min(width, first.width), height: Math.min(height, first.height), maximized };
  }
  const home = displays.find(
    (d) => x + width - GRIP >= d.x && x + GRIP <= d.x + d.width && y >= d.y && y + GRIP / 2 <= d.y + d.height,
  );
  if (!home) return { width: Math.min(width, first.width), height: Math.min(height, first.height), maximized };
  const w = Math.min(width, home.width);
  const h = Math.min(height, home.height);
  // Keep the whole window on its display where it fits, so no edge is out of reach.
  const cx = Math.min(Math.max(x, home.x), home.x + home.width - w);
  const cy = Math.min(Math.max(y, home.y), home.y + home.height - h);
  return { x: cx, y: cy, width: w, height: h, maximized };
}
