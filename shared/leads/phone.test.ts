import { describe, expect, it } from 'vitest';
import { createPhoneNormaliser, normalisePhoneSlow } from './phone.ts';

const au = createPhoneNormaliser('AU');

describe('phone normalisation (AU)', () => {
  it.each([
    ['+61 3 8321 8199', '0383218199'],
    ['(03) 8321 8199', '0383218199'],
    ['03-8321-8199', '0383218199'],
    ['03.8321.8199', '0383218199'],
    ['61383218199', '0383218199'],
    ['+61383218199', '0383218199'],
    ['0412 345 678', '0412345678'],
    ['+61 412 345 678', '0412345678'],
    ['0212345678', '0212345678'],
    ['08 9123 4567', '0891234567'],
    ['1300 123 456', '1300123456'],
    ['1800-123-456', '1800123456'],
    ['13 13 13', '131313'],
    ['+44 20 7946 0958', '+442079460958'],
    ['0011 44 20 7946 0958', '+442079460958'],
    ['+1 650 253 0000', '+16502530000'],
    ['Ph: 03 8321 8199', '0383218199'],
    ['03 8321 8199 ext 12', '0383218199'],
  ])('%s → %s', (input, expected) => {
    const r = au.normalise(input);
    expect(r).toMatchObject({ ok: true, value: expected });
    expect(r.ok && r.warning).toBeFalsy();
  });

  it.each([
    ['383218199', '0383218199'],
    ['412345678', '0412345678'],
  ])('restores the lost leading zero of %s with a warning', (input, expected) => {
    const r = au.normalise(input);
    expect(r).toMatchObject({ ok: true, value: expected });
    expect(r.ok && r.warning).toMatch(/leading 0 restored/);
  });

  it.each([
    ['3.83218E+08', /damaged by a spreadsheet program/],
    ['3,83218E+08', /damaged by a spreadsheet program/],
    ['4.12345678e8', /damaged by a spreadsheet program/],
    ['0512345678', /not a valid phone number/],
    ['12', /not a valid phone number/],
    ['038321819', /not a valid phone number/],
    ['call me', /letters/],
    ['03 8321 819A', /letters/],
    ['#######', /not a phone number/],
  ])('refuses %s', (input, reason) => {
    const r = au.normalise(input);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(reason);
  });

  it('calls a decimal number from a workbook damaged', () => {
    const r = au.normalise('383218199.5', 383218199.5);
    expect(!r.ok && r.reason).toMatch(/damaged/);
  });

  it('gives the same answer through the prefix cache as the full parse, on thousands of numbers', () => {
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const fresh = createPhoneNormaliser('AU');
    let compared = 0;
    for (let i = 0; i < 6000; i++) {
      const number = `0${String(Math.floor(random() * 1e9)).padStart(9, '0')}`;
      const fast = fresh.normalise(number);
      const slow = normalisePhoneSlow(number, 'AU');
      expect(fast.ok, number).toBe(slow.ok);
      if (fast.ok && slow.ok) expect(fast.value, number).toBe(slow.value);
      compared++;
    }
    expect(compared).toBe(6000);
  });

  it('works for another country', () => {
    const nz = createPhoneNormaliser('NZ');
    expect(nz.normalise('+64 9 370 1234')).toMatchObject({ ok: true, value: '093701234' });
    expect(nz.normalise('+61 3 8321 8199')).toMatchObject({ ok: true, value: '+61383218199' });
    expect(() => createPhoneNormaliser('XX')).toThrow(/Unknown country/);
  });
});
