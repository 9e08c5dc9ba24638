import { describe, expect, it } from 'vitest';
import { createPhoneNormaliser, normalisePhoneSlow } from './phone.ts';

const au = createPhoneNormaliser('AU');

/** Deterministic numbers, so a failure names the same number on every run. */
function randomDigits(seed: number): (count: number) => string {
  let state = seed;
  return (count) => {
    let out = '';
    for (let i = 0; i < count; i++) {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      out += String(state % 10);
    }
    return out;
  };
}

describe('phone normalisation (AU)', () => {
  it.each([
    ['AU landline, international form', '+61 3 8321 8199', '0383218199'],
    ['AU landline, area code in brackets', '(03) 8321 8199', '0383218199'],
    ['AU landline, dashes', '03-8321-8199', '0383218199'],
    ['AU landline, dots', '03.8321.8199', '0383218199'],
    ['AU landline, country code without +', '61383218199', '0383218199'],
    ['AU landline, E.164', '+61383218199', '0383218199'],
    ['AU landline, clean', '0383218199', '0383218199'],
    ['AU landline, Sydney', '0212345678', '0212345678'],
    ['AU landline, Perth', '08 9123 4567', '0891234567'],
    ['AU mobile, spaced', '0412 345 678', '0412345678'],
    ['AU mobile, international', '+61 412 345 678', '0412345678'],
    ['AU mobile, country code without +', '61412345678', '0412345678'],
    ['1300 number', '1300 123 456', '1300123456'],
    ['1800 number', '1800-123-456', '1800123456'],
    ['13 number', '13 13 13', '131313'],
    ['Christmas Island (shares +61)', '+61 8 9164 1234', '0891641234'],
    ['UK number', '+44 20 7946 0958', '+442079460958'],
    ['UK number dialled from Australia', '0011 44 20 7946 0958', '+442079460958'],
    ['US number', '+1 650 253 0000', '+16502530000'],
    ['labelled', 'Ph: 03 8321 8199', '0383218199'],
  ])('%s: %s → %s', (_case, input, expected) => {
    const r = au.normalise(input);
    expect(r).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['ext', '0412 345 014 ext 2', '0412345014', 'ext 2'],
    ['x', '03 8321 8199 x12', '0383218199', 'x12'],
    ['labelled, international', 'Ph: +61 3 8321 8199 ext. 7', '0383218199', 'ext. 7'],
  ])('an extension (%s) is left out with a warning, never silently: %s', (_case, input, expected, extension) => {
    expect(au.normalise(input)).toEqual({
      ok: true,
      value: expected,
      warning: `extension "${extension}" left out (the dialler cannot dial extensions)`,
    });
  });

  it('names the country setting when a number of another country is not valid there either', () => {
    expect(au.normalise('+44 7700 900123')).toEqual({
      ok: false,
      reason: '"+447700900123" is not an Australian number (the phone country setting) nor a valid +44 number',
    });
    expect(createPhoneNormaliser('NZ').normalise('+44 7700 900123')).toMatchObject({
      reason: expect.stringContaining('is not a New Zealand number'),
    });
    expect(au.normalise('0512345678')).toEqual({
      ok: false,
      reason: '"0512345678" is not a number in use in Australia (right length, but no Australian number starts 05)',
    });
  });

  it('says what is wrong with a number of the country setting, as a manager would put it', () => {
    // libphonenumber finds the length possible but the number invalid: no Australian range starts 0445.
    expect(au.normalise('0445 678 901')).toEqual({
      ok: false,
      reason: '"0445 678 901" is not a number in use in Australia (right length, but no Australian number starts 0445)',
    });
    expect(au.normalise('+61 445 678 901')).toMatchObject({
      reason: '"+61 445 678 901" is not a number in use in Australia (right length, but no Australian number starts +61 445)',
    });
    // Too long or too short for any number starting so (a 1300 number has 10 digits).
    expect(au.normalise('04456789012')).toMatchObject({ reason: expect.stringContaining('no Australian number starts 0445)') });
    expect(au.normalise('038321819')).toMatchObject({
      reason: '"038321819" has too few digits for an Australian number: 9, where one starting like it has 10',
    });
    expect(au.normalise('03832181999')).toMatchObject({
      reason: '"03832181999" has too many digits for an Australian number: 11, where one starting like it has 10',
    });
    expect(au.normalise('1300 12345')).toMatchObject({ reason: expect.stringMatching(/too few digits.*: 9, .* has 10$/) });
    expect(au.normalise('12')).toMatchObject({ reason: '"12" has too few digits for an Australian number' });
    // Digits the person wrote, not the trunk prefix a parse would add.
    expect(au.normalise('12345')).toMatchObject({
      reason: '"12345" is not a number in use in Australia (no Australian number starts 12)',
    });
    expect(createPhoneNormaliser('US').normalise('(150) 253-0000')).toMatchObject({
      reason: '"(150) 253-0000" is not a number in use in the United States (right length, but no US number starts 1)',
    });
    expect(createPhoneNormaliser('GB').normalise('0100 000 000')).toMatchObject({
      reason: expect.stringContaining('in use in the United Kingdom (right length, but no UK number starts 010)'),
    });
  });

  it('only claims a start no number has when no number of any length or type has it', () => {
    // Every claimed start is checked against the full parse: no valid number of any type begins with it.
    const digits = randomDigits(11);
    let claims = 0;
    for (let i = 0; i < 400; i++) {
      const number = `0${digits(9)}`;
      const r = au.normalise(number);
      const start = !r.ok && /no Australian number starts (\d+)\)$/.exec(r.reason)?.[1];
      if (!start) continue;
      claims++;
      for (const tail of ['0', '5', '9'])
        for (const length of [6, 7, 8, 10, 12]) {
          const candidate = (start + tail.repeat(12)).slice(0, Math.max(length, start.length));
          expect(normalisePhoneSlow(candidate, 'AU').ok, candidate).toBe(false);
        }
    }
    expect(claims).toBeGreaterThan(50);
  });

  it.each([
    ['landline without its zero', '383218199', '0383218199'],
    ['mobile without its zero', '412345678', '0412345678'],
    ['mobile written as a decimal by a program', '412345678.0', '0412345678'],
  ])('%s: %s → %s with a warning', (_case, input, expected) => {
    const r = au.normalise(input);
    expect(r).toMatchObject({ ok: true, value: expected });
    expect(r.ok && r.warning).toMatch(/leading 0 restored/);
  });

  it.each([
    ['scientific notation', '3.83218E+08', /^phone number damaged by a spreadsheet program/],
    ['scientific notation, comma', '3,83218E+08', /^phone number damaged by a spreadsheet program/],
    ['scientific notation, lower case', '4.12345678e8', /^phone number damaged by a spreadsheet program/],
    ['no such area code', '0512345678', /no Australian number starts 05\)$/],
    ['too short', '12', /too few digits/],
    ['one digit short', '038321819', /too few digits/],
    ['one digit too many', '03832181999', /too many digits/],
    ['no area code', '83218199', /has no area code/],
    ['words', 'call me', /letters/],
    ['a letter among digits', '03 8321 819A', /letters/],
    ['spreadsheet overflow', '#######', /not a phone number/],
    ['a plus in the middle', '03+83218199', /not a phone number/],
  ])('refuses %s: %s', (_case, input, reason) => {
    const r = au.normalise(input);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(reason);
  });

  it('calls a decimal number from a workbook damaged', () => {
    const r = au.normalise('383218199.5', 383218199.5);
    expect(!r.ok && r.reason).toMatch(/damaged/);
  });

  it('uses the full number a workbook keeps behind a scientific display, and says so', () => {
    const r = au.normalise('3.83218E+08', 383218199);
    expect(r).toMatchObject({ ok: true, value: '0383218199' });
    expect(r.ok && r.warning).toMatch(/shows "3.83218E\+08".*383218199.*leading 0 restored/);
  });

  it('refuses an unknown country clearly', () => {
    expect(() => createPhoneNormaliser('XX')).toThrow(/Unknown country code "XX"/);
  });

  it('works for another country', () => {
    const nz = createPhoneNormaliser('NZ');
    expect(nz.normalise('+64 9 370 1234')).toEqual({ ok: true, value: '093701234' });
    expect(nz.normalise('+61 3 8321 8199')).toEqual({ ok: true, value: '+61383218199' });
    const us = createPhoneNormaliser('US');
    expect(us.normalise('(650) 253-0000')).toEqual({ ok: true, value: '6502530000' });
  });
});

describe('fast path', () => {
  /** Every prefix a national number can start with, several random endings each. */
  function nationalNumbers(prefixDigits: number, length: number, perPrefix: number, seed: number): string[] {
    const digits = randomDigits(seed);
    const out: string[] = [];
    for (let p = 0; p < 10 ** prefixDigits; p++) {
      const prefix = `0${String(p).padStart(prefixDigits, '0')}`;
      for (let i = 0; i < perPrefix; i++) out.push(prefix + digits(length - prefix.length));
    }
    return out;
  }

  it.each([
    // AU: all 3-digit prefixes after the 0 (landlines, mobiles, Christmas and Cocos Islands under 08 91).
    ['AU', [...nationalNumbers(3, 10, 4, 1), ...nationalNumbers(4, 10, 1, 2).filter((n) => n.startsWith('089'))]],
    ['NZ', [...nationalNumbers(3, 9, 2, 3), ...nationalNumbers(3, 10, 2, 4), ...nationalNumbers(3, 11, 1, 5)]],
    ['GB', [...nationalNumbers(3, 11, 3, 6), ...nationalNumbers(3, 10, 1, 7)]],
  ])('gives exactly the full parse’s answer for %s numbers', (country, numbers) => {
    const normaliser = createPhoneNormaliser(country);
    let fastValid = 0;
    for (const number of numbers) {
      const slow = normalisePhoneSlow(number, country);
      if (normaliser.takesFastPath(number)) {
        fastValid++;
        expect(slow, number).toEqual({ ok: true, value: number });
      } else if (slow.ok) {
        // The fast path may decline a valid number (it then takes the full parse), but not a clean
        // fixed-line or mobile one: those are what make files fast.
        expect(normaliser.normalise(number), number).toMatchObject({ ok: true, value: slow.value });
      }
      const full = normaliser.normalise(number);
      expect(full.ok, number).toBe(slow.ok);
      if (full.ok && slow.ok) expect(full.value, number).toBe(slow.value);
    }
    // The fast path really carries the clean numbers, not just a handful.
    expect(fastValid).toBeGreaterThan(numbers.length / 10);
  });

  it('carries every clean AU landline and mobile', () => {
    const digits = randomDigits(9);
    for (const start of ['02', '03', '07', '08', '04']) {
      for (let i = 0; i < 200; i++) {
        const number = start + digits(8);
        if (normalisePhoneSlow(number, 'AU').ok && !number.startsWith('0891')) {
          expect(au.takesFastPath(number), number).toBe(true);
        }
      }
    }
  });
});
