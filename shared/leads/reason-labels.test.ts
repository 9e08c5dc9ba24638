import { describe, expect, it } from 'vitest';
import { reasonLabel } from './reason-labels.ts';

describe('reason labels', () => {
  it.each([
    ['phone 0412345678 already in row 12', 'Phone repeated in an earlier row'],
    ['njExternalLeadId A-17 already in row 3', 'External lead id repeated in an earlier row'],
    ['njPriority "150" must be a whole number from 0 to 100 (lower is called first)', 'Priority outside 0–100'],
    ['njPriority "high" must be a whole number from 0 to 100 (lower is called first)', 'Priority outside 0–100'],
    [
      'njContactHours "Nights" is not one of the Contact Hours listed for this template (Business)',
      'Contact Hours not listed for this template',
    ],
    [
      'Mobile: "+447700900123" is not an Australian number (the phone country setting) nor a valid +44 number',
      'Mobile: not an Australian number',
    ],
    [
      'Mobile: "0445 678 901" is not a number in use in Australia (right length, but no Australian number starts 0445)',
      'Mobile: not a number in use in Australia',
    ],
    ['Mobile: "999" is not a number in use in the United Kingdom', 'Mobile: not a number in use in the United Kingdom'],
    [
      'Mobile: "038321819" has too few digits for an Australian number: 9, where one starting like it has 10',
      'Mobile: too few digits for an Australian number',
    ],
    ['Mobile: "12" has too few digits for an Australian number', 'Mobile: too few digits for an Australian number'],
    [
      'Home Phone: "03832181999" has too many digits for an Australian number: 11, where one starting like it has 10',
      'Home Phone: too many digits for an Australian number',
    ],
    ['Mobile: "1234567" has a number of digits no UK number has', 'Mobile: wrong number of digits for a phone number'],
    // The wording of earlier versions, in jobs checked by them.
    [
      'Home Phone: "0512345678" is not a valid phone number (checked as an Australian number)',
      'Home Phone: not a valid phone number',
    ],
    ['Mobile: "83218199" has no area code (an Australian number needs one, e.g. 03)', 'Mobile: no area code'],
    ['Mobile: "call me" contains letters, not a phone number', 'Mobile: letters, not a phone number'],
    [
      'Mobile: phone number damaged by a spreadsheet program ("3.8E+08" is scientific notation: digits were lost)',
      'Mobile: damaged by a spreadsheet program',
    ],
    ['no dialable phone number (the phone columns are empty: Mobile)', 'No phone number (the phone columns are empty)'],
    ['no dialable phone number', 'No phone number that can be dialled'],
    ['njCallBackDate: "31/02/2026" is not a real date', 'Call-back date is not a real date'],
    ['Name is required by the template but empty', 'Name is required but empty'],
  ])('%s → %s', (reason, label) => {
    expect(reasonLabel(reason)).toBe(label);
  });

  it('groups leads that differ only by their values under one label, with no placeholder in it', () => {
    const labels = new Set(['phone 0412345678 already in row 2', 'phone 0398765432 already in row 340'].map(reasonLabel));
    expect(labels.size).toBe(1);
    const phones = new Set(
      [
        'Mobile: "0445 678 901" is not a number in use in Australia (right length, but no Australian number starts 0445)',
        'Mobile: "0512 345 678" is not a number in use in Australia (right length, but no Australian number starts 05)',
        'Mobile: "12345" is not a number in use in Australia (no Australian number starts 12)',
      ].map(reasonLabel),
    );
    expect([...phones]).toEqual(['Mobile: not a number in use in Australia']);
    for (const label of labels) expect(label).not.toMatch(/\bN\b|…/);
  });

  it("keeps a server's own words, less the values that differ per lead", () => {
    expect(reasonLabel('Duplicate phone number 0412345678')).toBe('Duplicate phone number');
    expect(reasonLabel('Unknown Contact Hours Nights')).toBe('Unknown Contact Hours Nights');
    expect(reasonLabel('Invalid njPriority 150: must be 0-100')).toBe('Invalid njPriority 150: must be 0-100');
    expect(reasonLabel('Name "Bob" is too long')).toBe('Name is too long');
  });
});
