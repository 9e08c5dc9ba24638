/**
 * Phone numbers as spreadsheets deliver them, turned into the national dialable form the dialler matches
 * (`+61 3 8321 8199`, `(03) 8321 8199`, `61383218199` → `0383218199`). libphonenumber-js decides validity;
 * a prefix cache keeps clean files fast (parsing costs ~20 µs a number, a cache hit well under 1 µs).
 */
import { type CountryCode, getCountryCallingCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type PhoneResult = { ok: true; value: string; warning?: string } | { ok: false; reason: string };

const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?e[+-]?\d+$/i;
const SEPARATORS = /[\s().\-/\u00a0]/g;

/**
 * Validity of a national number depends on its leading digits and its length only (the metadata's
 * patterns are prefix rules followed by `\d{n}`), so the answer for `length:first 6 digits` is cached.
 * phone.test.ts checks the cache against the full parse on thousands of numbers.
 */
const PREFIX_DIGITS = 6;
const MAX_CACHE = 200_000;

export interface PhoneNormaliser {
  normalise(text: string, raw?: number | Date): PhoneResult;
}

export function createPhoneNormaliser(country: string): PhoneNormaliser {
  const region = country.toUpperCase() as CountryCode;
  let callingCode: string;
  try {
    callingCode = getCountryCallingCode(region);
  } catch {
    throw new Error(`Unknown country code "${country}".`);
  }
  const trunkDigits = region === 'AU' || region === 'NZ' || region === 'GB' ? '0' : '';
  const validByPrefix = new Map<string, { valid: boolean; national: (nsn: string) => string }>();

  const slow = (candidate: string): PhoneResult => {
    const parsed = parsePhoneNumberFromString(candidate, region);
    if (!parsed?.isValid()) return { ok: false, reason: `"${candidate}" is not a valid phone number` };
    if (parsed.country === region) return { ok: true, value: parsed.formatNational().replace(/[^\d+]/g, '') };
    return { ok: true, value: parsed.number };
  };

  /** National significant number of a purely national input (trunk prefix removed), else undefined. */
  const nationalDigits = (digits: string): string | undefined => {
    if (trunkDigits && digits.startsWith(trunkDigits) && !digits.startsWith(trunkDigits + trunkDigits)) return digits.slice(1);
    return undefined;
  };

  const fastOrSlow = (digits: string): PhoneResult => {
    const nsn = nationalDigits(digits);
    if (nsn === undefined || nsn.length < PREFIX_DIGITS + 2) return slow(digits);
    const key = `${nsn.length}:${nsn.slice(0, PREFIX_DIGITS)}`;
    let known = validByPrefix.get(key);
    if (!known) {
      const result = slow(digits);
      known = {
        valid: result.ok,
        // For a valid national number, its dialable form is the trunk prefix plus the NSN as written.
        national: (n) => trunkDigits + n,
      };
      if (result.ok && result.value !== trunkDigits + nsn) return result;
      if (validByPrefix.size < MAX_CACHE) validByPrefix.set(key, known);
    }
    return known.valid
      ? { ok: true, value: known.national(nsn) }
      : { ok: false, reason: `"${digits}" is not a valid phone number` };
  };

  return {
    normalise(text, raw) {
      const trimmed = text.trim();
      if (trimmed === '') return { ok: false, reason: 'empty' };
      if (SCIENTIFIC.test(trimmed.replace(/\s/g, ''))) {
        return {
          ok: false,
          reason: `phone number damaged by a spreadsheet program ("${trimmed}" is scientific notation: digits were lost)`,
        };
      }
      if (typeof raw === 'number' && !Number.isInteger(raw)) {
        return { ok: false, reason: `phone number damaged by a spreadsheet program ("${trimmed}" is a decimal number)` };
      }
      if (
        /[a-z]/i.test(trimmed.replace(/^(?:tel|ph|phone|mob|mobile|m|p)[:.]?\s*/i, '').replace(/\s*(?:ext?|x)\.?\s*\d+$/i, ''))
      ) {
        return { ok: false, reason: `"${trimmed}" contains letters, not a phone number` };
      }
      const compact = trimmed
        .replace(/^(?:tel|ph|phone|mob|mobile|m|p)[:.]?\s*/i, '')
        .replace(/\s*(?:ext?|x)\.?\s*\d+$/i, '')
        .replace(SEPARATORS, '');
      if (compact.startsWith('+')) {
        if (!/^\+\d+$/.test(compact)) return { ok: false, reason: `"${trimmed}" is not a phone number` };
        return slow(compact);
      }
      if (!/^\d+$/.test(compact)) return { ok: false, reason: `"${trimmed}" is not a phone number` };
      // A national number that lost its trunk zero (a spreadsheet stored it as a number).
      if (trunkDigits && !compact.startsWith(trunkDigits) && !compact.startsWith(callingCode)) {
        const restored = fastOrSlow(trunkDigits + compact);
        if (restored.ok && restored.value === trunkDigits + compact) {
          return { ...restored, warning: `leading ${trunkDigits} restored: "${trimmed}" became ${restored.value}` };
        }
      }
      // The country code written without "+" (61383218199).
      if (compact.startsWith(callingCode) && !compact.startsWith(trunkDigits || 'x')) {
        const international = slow(`+${compact}`);
        if (international.ok) return international;
      }
      return fastOrSlow(compact);
    },
  };
}

/** The full parse alone, without the cache: the reference the fast path is tested against. */
export function normalisePhoneSlow(text: string, country: string): PhoneResult {
  const parsed = parsePhoneNumberFromString(text, country.toUpperCase() as CountryCode);
  if (!parsed?.isValid()) return { ok: false, reason: 'invalid' };
  if (parsed.country === country.toUpperCase()) return { ok: true, value: parsed.formatNational().replace(/[^\d+]/g, '') };
  return { ok: true, value: parsed.number };
}
