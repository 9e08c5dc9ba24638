/**
 * Additive increase, multiplicative decrease: the number of insert calls in flight. The server's own
 * limit (hardware threads / 2) is unknown, so start at one, grow quickly (slow start) until the first
 * overload, then add one after a run of fast successes,
 * halve when the server says it is overloaded (109, timeouts, 5xx, resets), never above the user's maximum.
 */
export interface Concurrency {
  readonly level: number;
  success(latencyMs: number): void;
  overload(): void;
  /** (time, level) each time the level changed, for the report of how it adapted. */
  readonly history: readonly { atMs: number; level: number }[];
}

export function createConcurrency(maximum: number, now: () => number = performance.now.bind(performance)): Concurrency {
  const started = now();
  let level = 1;
  let fastInRow = 0;
  let best = Number.POSITIVE_INFINITY;
  let congested = false;
  const history = [{ atMs: 0, level }];
  const set = (next: number) => {
    if (next === level) return;
    level = next;
    history.push({ atMs: Math.round(now() - started), level });
  };
  return {
    get level() {
      return level;
    },
    history,
    success(latencyMs) {
      best = Math.min(best, latencyMs);
      // A call much slower than the best seen means the server is queueing us: hold, do not grow.
      const fast = latencyMs <= best * 2.5 + 50;
      if (!fast) {
        fastInRow = 0;
        return;
      }
      fastInRow++;
      // Slow start until the first sign of overload: one more per fast success, so the level doubles
      // each round trip and the server's limit is reached in a few calls. After that, one more per
      // round of fast successes.
      if ((!congested || fastInRow >= level) && level < maximum) {
        fastInRow = 0;
        set(level + 1);
      }
    },
    overload() {
      congested = true;
      fastInRow = 0;
      set(Math.max(1, Math.floor(level / 2)));
    },
  };
}

/** Exponential backoff with full jitter: a random wait up to base·2^(n-1), capped. */
export function backoffMs(failures: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
