/**
 * Phone numbers as spreadsheets deliver them, turned into the form the dialler dials and matches.
 *
 * - A number of the chosen country (or of another country sharing its calling code, such as Christmas
 *   Island under +61) is sent in national dialable form, digits only: `+61 3 8321 8199`, `(03) 8321 8199`,
 *   `03-8321-8199` and `61383218199` all become `0383218199`; `1300 123 456` stays `1300123456`.
 * - A number of another country is sent in E.164 form, `+442079460958`: digits only would be dialled as
 *   a local number, and `+` is what the server's international pattern accepts.
 * - A national number that lost its leading zero (a spreadsheet stored it as a number) is restored with
 *   a warning; scientific notation (`3.83218E+08`) lost digits for good and is refused.
 *
 * A refusal says what is wrong in a manager's words (too few digits, no number of the country starts 0445):
 * phone-reason.ts.
 *
 * libphonenumber-js decides validity. A full parse costs ~20 µs, too slow for a million rows with two
 * phone columns, so numbers that are already clean take a fast path: one regular expression built from
 * the same libphonenumber metadata (national prefix + the fixed-line and mobile patterns, with their
 * lengths). It answers only "valid, and already in national form"; anything else takes the full parse.
 * phone.test.ts proves on thousands of generated numbers that both paths give the same answer.
 */
import { type CountryCode, getCountryCallingCode, type PhoneNumber, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { countryNumber, phoneReasons, planOf } from './phone-reason.ts';

export { countryNumber } from './phone-reason.ts';

export type PhoneResult = { ok: true; value: string; warning?: string } | { ok: false; reason: string };

const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?e[+-]?\d+$/i;
const SEPARATORS = /[\s().\-/\u00a0]/g;
/** A whole number written by a program as a decimal, e.g. `412345678.0`. */
const DECIMAL_ZERO = /^(\d{6,})[.,]0+$/;
/** Labels and extensions people type around a number: `Ph: 03 …`, `… ext 12`. */
const LABEL = /^(?:tel|ph|phone|mob|mobile|m|p)[:.]?\s*/i;
const EXTENSION = /\s*(?:ext?|x)\.?\s*\d+$/i;

/**
 * Countries whose fast path is proven equal to the full parse by phone.test.ts. For these, a fixed-line or
 * mobile number written as national prefix + national number is formatted nationally as exactly those
 * digits; other countries (Argentina inserts a mobile token, for one) are not assumed to behave so.
 */
const FAST_PATH_COUNTRIES: ReadonlySet<string> = new Set(['AU', 'NZ', 'GB']);
const FAST_PATH_TYPES = ['FIXED_LINE', 'MOBILE'] as const;

/**
 * `^prefix(?=national number pattern$)(?:(?=length)(?:fixed line)|(?=length)(?:mobile))$`: the same
 * tests libphonenumber's isValid makes for these types, as one expression.
 */
function fastPattern(region: CountryCode): RegExp | undefined {
  if (!FAST_PATH_COUNTRIES.has(region)) return undefined;
  const plan = planOf(region);
  const prefix = plan.nationalPrefix();
  if (!prefix) return undefined;
  const alternatives = FAST_PATH_TYPES.flatMap((name) => {
    const type = plan.type(name);
    if (!type?.pattern()) return [];
    const lengths = type.possibleLengths() ?? plan.possibleLengths();
    return [`(?=\\d{${lengths.join('}$|\\d{')}}$)(?:${type.pattern()})`];
  });
  if (alternatives.length === 0) return undefined;
  return new RegExp(`^${prefix}(?=(?:${plan.nationalNumberPattern()})$)(?:${alternatives.join('|')})$`);
}

/** Why a number the full parse refused is refused, naming the country setting it was checked against. */
function invalidReason(
  shown: string,
  candidate: string,
  region: CountryCode,
  callingCode: string,
  parsed: PhoneNumber | undefined,
): string {
  const international = candidate.startsWith('+') && !candidate.startsWith(`+${callingCode}`);
  if (!international) return phoneReasons(region).explain(shown, candidate, parsed?.nationalNumber);
  const other = parsed?.countryCallingCode ? `a valid +${parsed.countryCallingCode} number` : 'a valid number of another country';
  return `"${candidate}" is not ${countryNumber(region)} (the phone country setting) nor ${other}`;
}

/** The full parse: the reference the fast path is tested against, and the answer for everything unclean. */
function parseSlow(candidate: string, region: CountryCode, callingCode: string, shown = candidate): PhoneResult {
  const parsed = parsePhoneNumberFromString(candidate, region);
  if (!parsed?.isValid()) return { ok: false, reason: invalidReason(shown, candidate, region, callingCode, parsed) };
  if (parsed.countryCallingCode === callingCode) return { ok: true, value: parsed.formatNational().replace(/\D/g, '') };
  return { ok: true, value: parsed.number };
}

export interface PhoneNormaliser {
  /** `raw` is the workbook cell's underlying number, when it holds one. */
  normalise(text: string, raw?: number | Date): PhoneResult;
  /** Whether `digits` is answered by the fast path (for tests and measurements). */
  takesFastPath(digits: string): boolean;
}

export function createPhoneNormaliser(country: string): PhoneNormaliser {
  const region = country.toUpperCase() as CountryCode;
  let callingCode: string;
  try {
    callingCode = getCountryCallingCode(region);
  } catch {
    throw new Error(`Unknown country code "${country}" for phone numbers: use a two-letter code such as AU.`);
  }
  // A country without a fast path gets an expression that matches nothing.
  const fast = fastPattern(region) ?? /(?!)/;
  const trunk = planOf(region).nationalPrefix() ?? '';
  const slow = (candidate: string, shown?: string) => parseSlow(candidate, region, callingCode, shown);
  const isClean = (digits: string) => fast.test(digits);
  const check = (digits: string): PhoneResult => (isClean(digits) ? { ok: true, value: digits } : slow(digits));

  const fromDigits = (digits: string, shown: string): PhoneResult => {
    if (isClean(digits)) return { ok: true, value: digits };
    // A national number that lost its trunk prefix because a spreadsheet stored it as a number.
    if (trunk && !digits.startsWith(trunk)) {
      const restored = check(trunk + digits);
      if (restored.ok && restored.value === trunk + digits) {
        return { ...restored, warning: `leading ${trunk} restored: "${shown}" became ${restored.value}` };
      }
    }
    // The country code written without "+": 61383218199.
    if (digits.startsWith(callingCode) && !digits.startsWith(trunk || '+')) {
      const national = trunk + digits.slice(callingCode.length);
      if (isClean(national)) return { ok: true, value: national };
      const international = slow(`+${digits}`);
      if (international.ok) return international;
    }
    const result = slow(digits, shown);
    if (!result.ok && region === 'AU' && /^[2-9]\d{7}$/.test(digits)) {
      return { ok: false, reason: `"${shown}" has no area code (an Australian number needs one, e.g. 03)` };
    }
    return result;
  };

  return {
    takesFastPath: isClean,
    normalise(text, raw) {
      const shown = text.trim();
      if (shown === '') return { ok: false, reason: 'empty' };
      // The common case first: a clean national number, as most lead files hold them.
      if (isClean(shown)) return { ok: true, value: shown };
      if (SCIENTIFIC.test(shown.replace(/\s/g, ''))) {
        // A workbook keeps the full number behind a scientific display; a CSV kept only the display.
        if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw > 0) {
          const result = fromDigits(String(raw), String(raw));
          if (!result.ok) return result;
          const note = `the sheet shows "${shown}"; the cell's full value ${raw} was used`;
          return { ...result, warning: result.warning ? `${note}; ${result.warning}` : note };
        }
        return {
          ok: false,
          reason: `phone number damaged by a spreadsheet program ("${shown}" is scientific notation: digits were lost)`,
        };
      }
      if (typeof raw === 'number' && !Number.isInteger(raw)) {
        return { ok: false, reason: `phone number damaged by a spreadsheet program ("${shown}" is a decimal number)` };
      }
      const afterLabel = shown.replace(LABEL, '');
      const extension = EXTENSION.exec(afterLabel);
      const unlabelled = extension ? afterLabel.slice(0, extension.index) : afterLabel;
      if (/[a-z]/i.test(unlabelled)) return { ok: false, reason: `"${shown}" contains letters, not a phone number` };
      // The dialler dials digits only: an extension cannot travel with the number, so say it was left out.
      const noting = (result: PhoneResult): PhoneResult => {
        if (!extension || !result.ok) return result;
        const note = `extension "${extension[0].trim()}" left out (the dialler cannot dial extensions)`;
        return { ...result, warning: result.warning ? `${result.warning}; ${note}` : note };
      };
      const decimal = DECIMAL_ZERO.exec(unlabelled);
      const compact = decimal ? decimal[1] : unlabelled.replace(SEPARATORS, '');
      if (compact.startsWith('+')) {
        if (!/^\+\d+$/.test(compact)) return { ok: false, reason: `"${shown}" is not a phone number` };
        const national = compact.startsWith(`+${callingCode}`) ? trunk + compact.slice(callingCode.length + 1) : '';
        return noting(isClean(national) ? { ok: true, value: national } : slow(compact, shown));
      }
      if (!/^\d+$/.test(compact)) return { ok: false, reason: `"${shown}" is not a phone number` };
      return noting(fromDigits(compact, shown));
    },
  };
}

/** The full parse alone, without the fast path: the reference phone.test.ts compares against. */
export function normalisePhoneSlow(text: string, country: string): PhoneResult {
  const region = country.toUpperCase() as CountryCode;
  return parseSlow(text, region, getCountryCallingCode(region));
}
