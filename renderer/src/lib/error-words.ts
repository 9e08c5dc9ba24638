/**
 * An error as a campaign manager reads it: a headline without API method names, REST addresses or HTTP
 * codes, and the technical text kept whole for "Details" (what support asks for). The core's messages
 * are plain already where they can be; this takes the technical parts out of those that name the call.
 */

/** Campaigner API calls the core names in its messages. */
const API_METHOD =
  /\b(?:getCampaignTemplateList|getCampaignList|getAllocationList|insertLeads(?:Fast|Detailed)?|insertLeadFast|insertLead)\b/;
const URL_TEXT = /\bhttps?:\/\/[^\s,;)]+/g;
const HAS_URL = /\bhttps?:\/\//;

export interface ErrorWords {
  headline: string;
  /** The full technical text, when the headline left something out. */
  details?: string;
}

const REWRITES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^Could not reach \S+?: (.+)$/, (m) => `Could not reach the server: ${m[1].replace(/\.$/, '')}.`],
  [
    /^The server answered \w+ with a redirect \(HTTP \d+\); (.+)$/,
    (m) => `The server answered with a redirect to another address; ${m[1]}`,
  ],
  [/^The server refused \w+ \(HTTP \d+, not a Campaigner reply\)\. (.+)$/, (m) => `The server refused the request. ${m[1]}`],
  [/^The server refused \w+: (.+?) \(HTTP \d+\)\.?$/, (m) => `The server refused the request: ${m[1].replace(/\.$/, '')}.`],
];

export function errorWords(message: string): ErrorWords {
  const text = message.trim();
  for (const [pattern, rewrite] of REWRITES) {
    const match = pattern.exec(text);
    if (match) return { headline: rewrite(match), details: text };
  }
  if (!API_METHOD.test(text) && !HAS_URL.test(text)) return { headline: text };
  const headline = text
    .replace(URL_TEXT, 'the server')
    .replace(new RegExp(`\\s*\\(?\\b(?:${API_METHOD.source})\\b\\)?`, 'g'), '')
    .replace(/\s*\(HTTP \d+\)/g, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
  return { headline, details: text };
}
