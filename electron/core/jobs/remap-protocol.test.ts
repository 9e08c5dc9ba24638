import { describe, expect, it } from 'vitest';
import { rejudged } from './remap-protocol.ts';

describe('which leads a new mapping judges again', () => {
  it('judges leads not sent yet, and those refused for anything but a duplicate', () => {
    expect(rejudged('ready')).toBe(true);
    expect(rejudged('invalid')).toBe(true);
    expect(rejudged('rejected', 'Unknown Contact Hours Lunchtime')).toBe(true);
  });

  it('leaves alone what the server stored, what is in flight, and duplicates (the number is in the campaign)', () => {
    for (const status of ['imported', 'updated', 'sending', 'review', 'skipped']) expect(rejudged(status)).toBe(false);
    expect(rejudged('rejected', 'Duplicate phone number 0412000001')).toBe(false);
  });
});
