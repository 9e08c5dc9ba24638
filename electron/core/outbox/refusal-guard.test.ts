import { describe, expect, it } from 'vitest';
import {
  answerOf,
  canaryTrips,
  createRefusalWindow,
  emptyTally,
  GUARD_MIN_ANSWERED,
  guardTrips,
  pauseMessage,
  pauseOf,
  rateOf,
} from './refusal-guard.ts';

const ok = { refused: false };
const refused = (reason = 'Unknown Contact Hours N') => ({ refused: true, reason });

describe('the refusal guard arithmetic', () => {
  it('leaves duplicate refusals out and folds reasons into groups', () => {
    expect(answerOf({ status: 'rejected', reason: 'Duplicate phone number 0412345678 (code 105)' })).toBeUndefined();
    expect(answerOf({ status: 'imported' })).toEqual(ok);
    expect(answerOf({ status: 'review', reason: 'check this lead' })).toEqual(ok);
    // Server reasons keep their own words; long numbers (a phone) and quoted values fold away.
    expect(answerOf({ status: 'rejected', reason: 'Invalid njPriority 200: must be 0-100' })).toEqual({
      refused: true,
      reason: 'Invalid njPriority 200: must be 0-100',
    });
    expect(answerOf({ status: 'rejected', reason: 'No valid phone number 0412345678' })).toEqual(
      answerOf({ status: 'rejected', reason: 'No valid phone number 0398765432' }),
    );
  });

  it('slides: the oldest answer leaves the tally when a new one comes', () => {
    const window = createRefusalWindow(4);
    for (const a of [refused('A'), refused('A'), ok, ok]) window.push(a);
    expect(window.tally).toMatchObject({ answered: 4, refused: 2 });
    window.push(ok);
    window.push(refused('B'));
    expect(window.tally.answered).toBe(4);
    expect(window.tally.refused).toBe(1);
    expect([...window.tally.reasons]).toEqual([['B', 1]]);
  });

  it('judges the guard only over enough answers, and only above the threshold', () => {
    const window = createRefusalWindow(500);
    for (let i = 0; i < GUARD_MIN_ANSWERED - 1; i++) window.push(refused());
    expect(guardTrips(window.tally, 0.2, 500)).toBe(false);
    window.push(refused());
    expect(guardTrips(window.tally, 0.2, 500)).toBe(true);
    // Exactly at the threshold does not pass it; 1 never passes.
    const even = emptyTally();
    Object.assign(even, { answered: 100, refused: 20 });
    expect(guardTrips(even, 0.2, 500)).toBe(false);
    expect(guardTrips({ ...even, refused: 100 }, 1, 500)).toBe(false);
    // A window smaller than the minimum judges when it is full.
    const small = createRefusalWindow(10);
    for (let i = 0; i < 10; i++) small.push(i < 3 ? refused() : ok);
    expect(guardTrips(small.tally, 0.2, 10)).toBe(true);
  });

  it('trips the canary on any refusal, and words a pause for a person', () => {
    const tally = emptyTally();
    expect(canaryTrips(tally)).toBe(false);
    expect(rateOf(tally)).toBe(0);
    const window = createRefusalWindow(10);
    for (let i = 0; i < 10; i++) window.push(i < 4 ? refused('Unknown field "x"') : ok);
    expect(canaryTrips(window.tally)).toBe(true);
    const pause = pauseOf('guard', window.tally, new Date('2026-11-30T10:00:00Z'));
    expect(pause).toEqual({
      by: 'guard',
      refusalRate: 0.4,
      answered: 10,
      refused: 4,
      reasons: [{ reason: 'Unknown field "x"', count: 4 }],
      at: '2026-11-30T10:00:00.000Z',
    });
    expect(pauseMessage(pause, 0.2)).toBe(
      'Paused: the server refused 4 of the last 10 leads (40 %, more than 20 %). Most often: Unknown field "x" (4). Fix the leads or the mapping, or continue anyway.',
    );
  });
});
