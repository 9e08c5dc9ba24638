/** File ▸ Open Recent on every platform (the OS list exists on macOS and Windows only): recent.json in userData. */
import { z } from 'zod';

export const RECENT_LIMIT = 10;
const recentFile = z.object({ version: z.literal(1), paths: z.array(z.string().min(1)).max(100) });

export function parseRecent(text: string | undefined): string[] {
  if (!text) return [];
  try {
    const parsed = recentFile.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.paths.slice(0, RECENT_LIMIT) : [];
  } catch {
    return [];
  }
}

export const serialiseRecent = (paths: readonly string[]): string => JSON.stringify({ version: 1, paths });

/** Newest first, no duplicates, at most RECENT_LIMIT. */
export function addRecent(list: readonly string[], opened: readonly string[]): string[] {
  const fresh = [...opened].reverse();
  return [...fresh, ...list.filter((p) => !fresh.includes(p))].slice(0, RECENT_LIMIT);
}
