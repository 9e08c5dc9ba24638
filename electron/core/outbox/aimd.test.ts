import { describe, expect, it } from 'vitest';
import { backoffMs, createConcurrency } from './aimd.ts';

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('adaptive concurrency (AIMD)', () => {
  it('starts at one and, until the first overload, adds one per fast success (slow start)', () => {
    const c = createConcurrency(4, clock().now);
    expect(c.level).toBe(1);
    c.success(100);
    expect(c.level).toBe(2);
    c.success(100);
    expect(c.level).toBe(3);
    c.success(100);
    expect(c.level).toBe(4);
    for (let i = 0; i < 20; i++) c.success(100);
    expect(c.level).toBe(4);
  });

  it('after an overload, adds one only after a run of fast successes as long as the level', () => {
    const c = createConcurrency(8, clock().now);
    while (c.level < 6) c.success(100);
    c.overload();
    expect(c.level).toBe(3);
    c.success(100);
    c.success(100);
    expect(c.level).toBe(3);
    c.success(100);
    expect(c.level).toBe(4);
    for (let i = 0; i < 3; i++) c.success(100);
    expect(c.level).toBe(4);
    c.success(100);
    expect(c.level).toBe(5);
  });

  it('never goes above the user maximum, even a maximum of one', () => {
    const c = createConcurrency(1);
    for (let i = 0; i < 10; i++) c.success(10);
    expect(c.level).toBe(1);
  });

  it('halves on overload, never below one', () => {
    const c = createConcurrency(16);
    while (c.level < 8) c.success(50);
    c.overload();
    expect(c.level).toBe(4);
    c.overload();
    c.overload();
    c.overload();
    expect(c.level).toBe(1);
  });

  it('does not grow while calls are much slower than the best seen (the server is queueing them)', () => {
    const c = createConcurrency(8);
    c.success(100);
    expect(c.level).toBe(2);
    for (let i = 0; i < 10; i++) c.success(2_000);
    expect(c.level).toBe(2);
    c.success(120);
    expect(c.level).toBe(3);
  });

  it('an overload restarts the run of successes', () => {
    const c = createConcurrency(4);
    while (c.level < 4) c.success(10);
    c.success(10);
    c.success(10);
    c.overload();
    expect(c.level).toBe(2);
    c.success(10);
    expect(c.level).toBe(2);
    c.success(10);
    expect(c.level).toBe(3);
  });

  it('keeps the history of levels with their times', () => {
    const time = clock();
    const c = createConcurrency(3, time.now);
    time.advance(100);
    c.success(10);
    time.advance(50);
    c.overload();
    expect(c.history).toEqual([
      { atMs: 0, level: 1 },
      { atMs: 100, level: 2 },
      { atMs: 150, level: 1 },
    ]);
  });
});

describe('backoff with jitter', () => {
  it('doubles per failure between half and all of the ceiling, capped', () => {
    expect(backoffMs(1, 500, 60_000, () => 0)).toBe(250);
    expect(backoffMs(1, 500, 60_000, () => 1)).toBe(500);
    expect(backoffMs(3, 500, 60_000, () => 1)).toBe(2_000);
    expect(backoffMs(3, 500, 60_000, () => 0)).toBe(1_000);
    expect(backoffMs(30, 500, 60_000, () => 1)).toBe(60_000);
    expect(backoffMs(30, 500, 60_000, () => 0)).toBe(30_000);
  });
});
