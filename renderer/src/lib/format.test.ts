import { describe, expect, it } from 'vitest';
import { clock, count, duration, percent, rate, stateWords, statusLine } from './format.ts';

describe('formatting for people', () => {
  it('writes durations in the largest sensible units', () => {
    expect(duration(undefined)).toBe('—');
    expect(duration(Number.POSITIVE_INFINITY)).toBe('—');
    expect(duration(-3)).toBe('0 s');
    expect(duration(42.4)).toBe('42 s');
    expect(duration(125)).toBe('2 min 5 s');
    expect(duration(3 * 3600 + 7 * 60 + 59)).toBe('3 h 7 min');
  });

  it('writes rates with a decimal only when they are small', () => {
    expect(rate(0)).toBe('0.0/s');
    expect(rate(3.14)).toBe('3.1/s');
    expect(rate(1234.6)).toBe('1,235/s');
  });

  it('groups thousands and caps percentages', () => {
    expect(count(1_000_000)).toBe('1,000,000');
    expect(percent(1, 3)).toBe(33);
    expect(percent(5, 0)).toBe(0);
    expect(percent(11, 10)).toBe(100);
  });

  it('names states in words and explains a wait with its retry time', () => {
    const at = new Date(2026, 0, 5, 14, 5).toISOString();
    expect(stateWords('done')).toBe('Finished');
    expect(stateWords('something-new')).toBe('something-new');
    expect(statusLine('sending')).toBe('Sending');
    expect(statusLine('waiting', at, 'The server is busy (a manual import or maintenance is running)')).toBe(
      `Waiting: the server is busy (manual import or maintenance). Will retry at ${clock(at)}.`,
    );
    expect(clock(at)).toMatch(/^0?2:05\s?pm$|^14:05$/i);
    expect(statusLine('waiting', undefined, 'The server cannot be reached (ECONNREFUSED)')).toBe(
      'Waiting: the server cannot be reached.',
    );
  });
});
