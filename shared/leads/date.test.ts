import { describe, expect, it } from 'vitest';
import { NO_TIME_NOTE, normaliseDate } from './date.ts';

describe('njCallBackDate normalisation', () => {
  it.each([
    ['2026/12/01 09:30', 'dmy', '2026/12/01 09:30'],
    ['2026/1/5 7:05', 'dmy', '2026/01/05 07:05'],
    ['2026-12-01T14:05', 'dmy', '2026/12/01 14:05'],
    ['2026-12-01T14:05:00Z', 'dmy', '2026/12/01 14:05'],
    ['2026-12-01 14:05:30+10:00', 'dmy', '2026/12/01 14:05'],
    ['01/12/2026 14:05', 'dmy', '2026/12/01 14:05'],
    ['1/12/2026 2:05 pm', 'dmy', '2026/12/01 14:05'],
    ['12/01/2026 14:05', 'mdy', '2026/12/01 14:05'],
    ['01-12-2026 08:00', 'dmy', '2026/12/01 08:00'],
    ['01.12.2026 12:00 am', 'dmy', '2026/12/01 00:00'],
  ] as const)('%s (%s) → %s', (input, order, expected) => {
    expect(normaliseDate(input, order)).toMatchObject({ ok: true, value: expected });
  });

  it('uses 09:00 when no time is given, without a warning (NO_TIME_NOTE says it once)', () => {
    expect(normaliseDate('01/12/2026', 'dmy')).toEqual({ ok: true, value: '2026/12/01 09:00' });
    expect(normaliseDate('2026-12-01', 'dmy')).toEqual({ ok: true, value: '2026/12/01 09:00' });
    expect(NO_TIME_NOTE).toBe('Call-back dates without a time are set for 09:00.');
  });

  it('reads spreadsheet date cells as the wall-clock time they show', () => {
    expect(normaliseDate('1/12/26 14:05', 'dmy', new Date(Date.UTC(2026, 11, 1, 14, 5)))).toEqual({
      ok: true,
      value: '2026/12/01 14:05',
    });
    // A cell that shows a date only is a date without a time: 09:00, as when typed; a midnight it shows is kept.
    const midnight = new Date(Date.UTC(2026, 11, 15));
    expect(normaliseDate('12/15/26', 'dmy', midnight)).toEqual({ ok: true, value: '2026/12/15 09:00' });
    expect(normaliseDate('15 December 2026', 'dmy', midnight)).toEqual({ ok: true, value: '2026/12/15 09:00' });
    expect(normaliseDate('12/15/26 0:00', 'dmy', midnight)).toEqual({ ok: true, value: '2026/12/15 00:00' });
  });

  it.each([
    ['31/02/2026 10:00', 'dmy', /not a real date/],
    ['02/31/2026 10:00', 'mdy', /not a real date/],
    ['2026/13/01 10:00', 'dmy', /not a real date/],
    ['2026/12/01 25:00', 'dmy', /impossible time/],
    ['2026/12/01 10:61', 'dmy', /impossible time/],
    ['13/1/2026 13:00 pm', 'dmy', /impossible time/],
    ['next tuesday', 'dmy', /not a date in a known format/],
    ['12/01/26', 'dmy', /not a date in a known format/],
    ['01/01/1066 10:00', 'dmy', /unlikely year/],
  ] as const)('refuses %s (%s)', (input, order, reason) => {
    const r = normaliseDate(input, order);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(reason);
  });
});
