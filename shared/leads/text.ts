/** Text cleaned the way a dialler's screen needs it: trimmed, one space between words, no control characters. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b\ufeff]/g;
const SPACES = /[\s\u00a0]+/g;

export function cleanText(value: string): string {
  if (value === '') return value;
  return value.replace(CONTROL, '').replace(SPACES, ' ').trim();
}
