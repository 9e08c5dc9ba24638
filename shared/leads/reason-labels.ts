/**
 * The label of a group of leads not accepted for the same reason, as a sentence a campaign manager reads:
 * "Phone repeated in an earlier row", not "phone N already in row N". Leads are grouped by this label, so
 * it leaves out what differs from lead to lead (the value, the row it repeats) and keeps what they share
 * (the field, the kind of problem). A reason no rule knows (a server's own words) keeps its words, less
 * the quoted values and long numbers that would split one problem into a group per lead.
 */

/** [pattern on the reason, label]; `$1` is the field the reason starts with, `$2` the phone country (its name, or "an Australian number"). */
const RULES: [RegExp, string][] = [
  [/^phone \S+ already in row \d+/, 'Phone repeated in an earlier row'],
  [/^njExternalLeadId .* already in row \d+/, 'External lead id repeated in an earlier row'],
  [/^njPriority "/, 'Priority outside 0–100'],
  [/^njContactHours "/, 'Contact Hours not listed for this template'],
  [/^njCallBackDate: ".*" is not a real date/, 'Call-back date is not a real date'],
  [/^njCallBackDate: ".*" has an impossible time/, 'Call-back time is impossible'],
  [/^njCallBackDate: ".*" has an unlikely year/, 'Call-back date has an unlikely year'],
  [/^njCallBackDate: ".*" is not a date in a known format/, 'Call-back date in an unknown format'],
  [/^(\w[\w ]*): ".*" is not (an? [\w ]+? number|a number of [\w ]+?) \(the phone country setting\)/, '$1: not $2'],
  [/^(\w[\w ]*): ".*" is not a number in use in (.+?)(?= \(|$)/, '$1: not a number in use in $2'],
  [/^(\w[\w ]*): ".*" has too few digits for (an? [\w ]+? number|a number of [\w ]+?)(?=:|$)/, '$1: too few digits for $2'],
  [/^(\w[\w ]*): ".*" has too many digits for (an? [\w ]+? number|a number of [\w ]+?)(?=:|$)/, '$1: too many digits for $2'],
  [
    /^(\w[\w ]*): ".*" has a number of digits no ([\w ]+? number|number of [\w ]+?) has/,
    '$1: wrong number of digits for a phone number',
  ],
  // The wording of earlier versions, still in the reasons of jobs checked by them.
  [/^(\w[\w ]*): ".*" is not a valid phone number/, '$1: not a valid phone number'],
  [/^(\w[\w ]*): ".*" has no area code/, '$1: no area code'],
  [/^(\w[\w ]*): ".*" contains letters/, '$1: letters, not a phone number'],
  [/^(\w[\w ]*): ".*" is not a phone number/, '$1: not a phone number'],
  [/^(\w[\w ]*): phone number damaged by a spreadsheet program/, '$1: damaged by a spreadsheet program'],
  [/^no dialable phone number \(the phone columns are empty/, 'No phone number (the phone columns are empty)'],
  [/^no dialable phone number \(no column is mapped/, 'No column is mapped to a phone field'],
  [/^no dialable phone number/, 'No phone number that can be dialled'],
  [/^(\w[\w ]*) is required by the template but empty/, '$1 is required but empty'],
];

export function reasonLabel(reason: string): string {
  for (const [pattern, label] of RULES) {
    const match = pattern.exec(reason);
    // The matched text rewritten by the same pattern: $1, $2 are the field and the country.
    if (match) return match[0].replace(pattern, label);
  }
  const words = reason
    .replace(/\s*"[^"]*"/g, '')
    .replace(/\s*\+?\d[\d ,.-]{4,}\d/g, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
  return (words || reason).slice(0, 200);
}
