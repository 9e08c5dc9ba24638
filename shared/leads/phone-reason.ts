/**
 * Why a number of the phone country setting is refused, in a campaign manager's words: too few or too many
 * digits, or the right length but starting with digits no number of the country starts with ("no Australian
 * number starts 0445"), rather than "not a valid phone number".
 *
 * libphonenumber-js says whether a length is possible (`validatePhoneNumberLength`) and holds, per country,
 * one pattern per number type (fixed line, mobile, toll free…). To name the first digits no number starts
 * with, each type pattern is rewritten so that `x` also matches wherever a digit may stand: a pattern that
 * matches "445xxxxxx" proves nothing, but one that matches no such string proves that no number of that
 * type and length starts 445 (any real number starting 445 would match with its digits in place of the
 * `x`s). The claim made is therefore always true; a pattern the rewrite cannot handle (a lookahead, a negated
 * class) makes the analysis step aside, and the reason is the plain one.
 */
import {
  type CountryCode,
  getCountries,
  getCountryCallingCode,
  Metadata,
  validatePhoneNumberLength,
} from 'libphonenumber-js/max';

/** "an Australian number": the country setting named the way a person says it. */
const COUNTRY_NUMBER: Record<string, string> = {
  AU: 'an Australian number',
  NZ: 'a New Zealand number',
  GB: 'a UK number',
  US: 'a US number',
  CA: 'a Canadian number',
  IE: 'an Irish number',
  SG: 'a Singapore number',
  IN: 'an Indian number',
};

function regionName(region: string): string | undefined {
  try {
    return new Intl.DisplayNames(['en'], { type: 'region' }).of(region);
  } catch {
    return undefined; // not a region code Intl knows: the code itself is the best name there is
  }
}

export function countryNumber(region: string): string {
  return COUNTRY_NUMBER[region] ?? `a number of ${regionName(region) ?? region}`;
}

/** "Australia", "the United Kingdom": where a number is in use. */
function countryName(region: string): string {
  const name = regionName(region) ?? region;
  return /^United |Kingdom|Republic|Islands$/.test(name) ? `the ${name}` : name;
}

interface NumberTypeMetadata {
  pattern(): string;
  possibleLengths(): number[] | undefined;
}
export interface NumberingPlan {
  nationalPrefix(): string | undefined;
  nationalNumberPattern(): string;
  possibleLengths(): number[];
  type(name: string): NumberTypeMetadata | undefined;
}

export function planOf(region: CountryCode): NumberingPlan {
  const metadata = new Metadata();
  metadata.selectNumberingPlan(region);
  // The typings leave the numbering plan out; it is the documented way to read a country's metadata.
  return (metadata as unknown as { numberingPlan: NumberingPlan }).numberingPlan;
}

const TYPES = [
  'FIXED_LINE',
  'MOBILE',
  'TOLL_FREE',
  'PREMIUM_RATE',
  'SHARED_COST',
  'VOIP',
  'PERSONAL_NUMBER',
  'PAGER',
  'UAN',
  'VOICEMAIL',
] as const;
/** The numbers people mean by "a phone number": their length is "the right length". */
const EVERYDAY_TYPES = ['FIXED_LINE', 'MOBILE'];

/** A type pattern where `x` stands for any digit the pattern allows; undefined when that cannot be done safely. */
export function withWildcard(pattern: string): string | undefined {
  if (/\(\?[=!<]|\[\^|\\[1-9bB]/.test(pattern)) return undefined;
  let out = '';
  let inClass = false;
  let inBraces = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const escaped = pattern.slice(i, i + 2);
      i++;
      out += !inClass && escaped === '\\d' ? '[\\dx]' : escaped;
    } else if (inClass) {
      out += c === ']' ? 'x]' : c;
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else {
      if (c === '{') inBraces = true;
      else if (c === '}') inBraces = false;
      out += !inBraces && c >= '0' && c <= '9' ? `[${c}x]` : c;
    }
  }
  return out;
}

interface TypeTest {
  everyday: boolean;
  lengths: number[];
  pattern: RegExp;
}

/** Every number type of every country sharing the calling code (Christmas Island shares +61 with Australia). */
function typeTests(region: CountryCode): TypeTest[] | undefined {
  const code = getCountryCallingCode(region);
  const tests: TypeTest[] = [];
  for (const country of getCountries().filter((c) => getCountryCallingCode(c) === code)) {
    const plan = planOf(country);
    for (const name of TYPES) {
      const type = plan.type(name);
      const source = type?.pattern();
      if (!type || !source) continue;
      const wild = withWildcard(source);
      if (wild === undefined) return undefined;
      tests.push({
        everyday: country === region && EVERYDAY_TYPES.includes(name),
        lengths: type.possibleLengths() ?? plan.possibleLengths(),
        pattern: new RegExp(`^(?:${wild})$`),
      });
    }
  }
  return tests;
}

export interface PhoneReasons {
  /** Why `shown` (whose national significant number is `national`, if it parsed) is not a valid number. */
  explain(shown: string, candidate: string, national: string | undefined): string;
}

/** The lengths of numbers starting with `start`: memoised, a file's bad numbers share their first digits. */
const MEMO_LIMIT = 50_000;

const byRegion = new Map<string, PhoneReasons>();
/** One per country setting: its patterns are compiled once. */
export function phoneReasons(region: CountryCode): PhoneReasons {
  let reasons = byRegion.get(region);
  if (!reasons) {
    reasons = createPhoneReasons(region);
    byRegion.set(region, reasons);
  }
  return reasons;
}

function createPhoneReasons(region: CountryCode): PhoneReasons {
  const tests = typeTests(region);
  const plain = (shown: string) => `"${shown}" is not a number in use in ${countryName(region)}`;
  const memo = new Map<string, number[]>();
  /** The lengths that numbers starting with `start` can have (empty: no number starts so). */
  const lengthsFrom = (start: string, types: TypeTest[]): number[] => {
    const key = `${types.length}:${start}`;
    const known = memo.get(key);
    if (known) return known;
    const lengths = new Set<number>();
    for (const t of types)
      for (const length of t.lengths)
        if (length >= start.length && t.pattern.test(start + 'x'.repeat(length - start.length))) lengths.add(length);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    const found = [...lengths].sort((a, b) => a - b);
    memo.set(key, found);
    return found;
  };
  const shortOrLong = (shown: string, problem: string | undefined): string | undefined => {
    const words = countryNumber(region);
    if (problem === 'TOO_SHORT') return `"${shown}" has too few digits for ${words}`;
    if (problem === 'TOO_LONG') return `"${shown}" has too many digits for ${words}`;
    if (problem === 'INVALID_LENGTH') return `"${shown}" has a number of digits no ${words.replace(/^an? /, '')} has`;
    return undefined;
  };

  return {
    explain(shown, candidate, national) {
      const byLength = shortOrLong(shown, validatePhoneNumberLength(candidate, region));
      if (byLength) return byLength;
      if (!tests || !national || !/^\d+$/.test(national)) return plain(shown);
      // The first digits as the person wrote them: with the 0 before an area code, or after "+61 ".
      const written = candidate.replace(/\D/g, '');
      const lead = candidate.startsWith('+') || !written.endsWith(national) ? '' : written.slice(0, -national.length);
      const opening = (end: number) =>
        candidate.startsWith('+') ? `+${getCountryCallingCode(region)} ${national.slice(0, end)}` : lead + national.slice(0, end);
      const count = (n: number) => n + lead.length;
      const words = countryNumber(region);
      const dead = [...national].findIndex((_, i) => lengthsFrom(national.slice(0, i + 1), tests).length === 0);
      if (dead >= 0) {
        // Its first digits already make a whole number: the digits after them are too many.
        for (let end = dead; end >= 1; end--)
          if (lengthsFrom(national.slice(0, end), tests).includes(end))
            return `"${shown}" has too many digits for ${words}: ${count(national.length)}, where one starting like it has ${count(end)}`;
        const everyday = tests.some((t) => t.everyday && t.lengths.includes(national.length));
        return `${plain(shown)} (${everyday ? 'right length, but ' : ''}no ${words.replace(/^an? /, '')} starts ${opening(dead + 1)})`;
      }
      // Every digit fits the start of a longer number: some are missing.
      const longer = lengthsFrom(national, tests).filter((n) => n > national.length);
      if (longer.length > 0)
        return `"${shown}" has too few digits for ${words}: ${count(national.length)}, where one starting like it has ${count(longer[0])}`;
      return plain(shown);
    },
  };
}
