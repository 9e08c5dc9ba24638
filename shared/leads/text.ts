/** Text cleaned the way a dialler's screen needs it: trimmed, one space between words, no control characters. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b\ufeff]/g;
const SPACES = /\s+/g;

/**
 * Whether the two replacements would change anything: control or invisible characters, whitespace other
 * than a plain space, or plain spaces at the ends or doubled. Most cells have none, and one pass over the
 * characters is cheaper than two replacements and a trim on every cell of a million rows.
 */
function needsCleaning(value: string): boolean {
  const last = value.length - 1;
  if (value.charCodeAt(0) === 32 || value.charCodeAt(last) === 32) return true;
  let previousWasSpace = false;
  for (let i = 0; i <= last; i++) {
    const c = value.charCodeAt(i);
    if (c === 32) {
      if (previousWasSpace) return true;
      previousWasSpace = true;
      continue;
    }
    previousWasSpace = false;
    if (c < 32 || (c >= 0x7f && c <= 0xa0)) return true;
    if (c >= 0x1680 && (c === 0x1680 || (c >= 0x2000 && c <= 0x200b) || c === 0x2028 || c === 0x2029)) return true;
    if (c >= 0x202f && (c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff)) return true;
  }
  return false;
}

export function cleanText(value: string): string {
  if (value === '' || !needsCleaning(value)) return value;
  return value.replace(CONTROL, '').replace(SPACES, ' ').trim();
}
