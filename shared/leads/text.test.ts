import { describe, expect, it } from 'vitest';
import { cleanText } from './text.ts';

describe('text cleaning', () => {
  it.each([
    ['plain', 'Zoë Müller', 'Zoë Müller'],
    ['spaces around', '  Zoë  ', 'Zoë'],
    ['doubled spaces inside', 'Zoë   Müller', 'Zoë Müller'],
    ['tab and newline inside', 'Zoë\t\nMüller', 'Zoë Müller'],
    ['NUL removed', 'Zo\u0000ë', 'Zoë'],
    ['byte order mark removed', '\ufeffName', 'Name'],
    ['zero-width space removed', 'Smith\u200bSt', 'SmithSt'],
    ['no-break space made plain', '12\u00a0Main\u00a0St', '12 Main St'],
    ['bell and escape removed', 'a\u0007b\u001bc', 'abc'],
    ['only spaces', '   ', ''],
    ['empty', '', ''],
    ['carriage return at the end', 'Notes\r', 'Notes'],
    ['ideographic space', 'a\u3000b', 'a b'],
  ])('%s: %j → %j', (_case, input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });

  it('agrees with the full cleaning for every character of the first two planes of text', () => {
    // The quick "needs cleaning?" test must never let a character through that the cleaning would change.
    const full = (v: string) =>
      v
        .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b\ufeff]/g, '')
        .replace(/\s+/g, ' ')
        .trim();
    for (let code = 0; code < 0x10000; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const value = `a${String.fromCharCode(code)}b`;
      expect(cleanText(value), `U+${code.toString(16)}`).toBe(full(value));
    }
  });
});
