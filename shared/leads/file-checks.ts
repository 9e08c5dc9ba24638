/**
 * Checks across rows of one file: an external id or (unless duplicates are allowed) a phone number that an
 * earlier row already has. The later row is invalid and its reason names the first row. Keys are kept
 * compact (phones as numbers) because this runs over files of a million rows.
 */
import type { Issue } from '../contract.ts';

export interface FileChecks {
  check(rowNumber: number, payload: Readonly<Record<string, string>>, phoneFields: ReadonlySet<string>): Issue[];
}

export function createFileChecks(options: { allowDuplicates: boolean }): FileChecks {
  const phones = new Map<number | string, number>();
  const externalIds = new Map<string, number>();
  return {
    check(rowNumber, payload, phoneFields) {
      const issues: Issue[] = [];
      const externalId = payload.njExternalLeadId;
      if (externalId !== undefined) {
        const first = externalIds.get(externalId);
        if (first !== undefined && first !== rowNumber) {
          issues.push({
            field: 'njExternalLeadId',
            severity: 'error',
            message: `njExternalLeadId ${externalId} already in row ${first}`,
          });
        } else externalIds.set(externalId, rowNumber);
      }
      if (!options.allowDuplicates) {
        const seenHere = new Set<string>();
        for (const field of phoneFields) {
          const phone = payload[field];
          if (phone === undefined || seenHere.has(phone)) continue;
          seenHere.add(phone);
          // A leading 1 keeps leading zeros apart (0383… vs 383…) while the key stays a number.
          const key = /^\d{1,15}$/.test(phone) ? Number(`1${phone}`) : phone;
          const first = phones.get(key);
          if (first !== undefined && first !== rowNumber) {
            issues.push({ field, severity: 'error', message: `phone ${phone} already in row ${first}` });
          } else if (first === undefined) phones.set(key, rowNumber);
        }
      }
      return issues;
    },
  };
}

/** The vendor advises keeping an allocation under about 10,000 leads. */
export const ALLOCATION_ADVISED_MAX = 10_000;

export function allocationWarning(leadsGoingIn: number): string | undefined {
  if (leadsGoingIn <= ALLOCATION_ADVISED_MAX) return undefined;
  return `${leadsGoingIn.toLocaleString('en-AU')} leads would go into one allocation: Noojee advises keeping an allocation under about ${ALLOCATION_ADVISED_MAX.toLocaleString('en-AU')} leads`;
}
