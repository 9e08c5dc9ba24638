import { describe, expect, it } from 'vitest';
import { detectDelimiter, detectHeaderRow, uniqueHeaders } from './headers.ts';

describe('header row detection', () => {
  it('skips title rows above the header', () => {
    expect(
      detectHeaderRow([
        ['Leads export'],
        ['Exported 01/12/2026', ''],
        [],
        ['Name', 'Phone', 'City'],
        ['Jane', '0383218199', 'Melbourne'],
      ]),
    ).toBe(4);
  });
  it('takes row 1 when it is the header', () => {
    expect(
      detectHeaderRow([
        ['Name', 'Phone'],
        ['Jane', '0383218199'],
      ]),
    ).toBe(1);
  });
  it('does not take a row of numbers as the header', () => {
    expect(
      detectHeaderRow([
        ['1', '2', '3'],
        ['Name', 'Phone', 'City'],
      ]),
    ).toBe(2);
  });
});

describe('unique header names', () => {
  it('numbers repeats and names empty headers', () => {
    expect(uniqueHeaders(['Phone', 'Name', 'phone', '', 'Phone'])).toEqual([
      'Phone',
      'Name',
      'phone (2)',
      'Column 4',
      'Phone (3)',
    ]);
  });
});

describe('delimiter detection', () => {
  it.each([
    ['Name,Phone,City\nJane,0383218199,Melb\n', ','],
    ['Name;Phone;City\n"Smith, Jane";0383218199;Melb\n', ';'],
    ['Name\tPhone\tCity\nJane\t0383\tMelb\n', '\t'],
    ['Name|Phone|City\nJane|0383|Melb\n', '|'],
    ['"Name, full";Phone\n"Smith, J";1\n', ';'],
    ['Leads export, December\nName;Phone;City\nJane;0383;Melb\nBob;0412;Syd\n', ';'],
    // A file of one line without a line break still has its line looked at.
    ['Name;Phone;City', ';'],
    ['Name;Phone\r\nJane;0383', ';'],
  ])('%j → %j', (sample, expected) => {
    expect(detectDelimiter(sample)).toBe(expected);
  });
});

it('looks at the first 30 lines only, quoted line breaks inside their line', () => {
  const head = Array.from({ length: 30 }, (_, i) => `"Smith,\nJane";${i}`).join('\n');
  // Thousands of lines below would vote for the comma if they were counted.
  const tail = '\na,b,c,d'.repeat(5000);
  expect(detectDelimiter(head + tail)).toBe(';');
});
