/**
 * Which rows a grid shows: the chips (all / valid / invalid / warnings) and the "by problem" picker
 * become one getRows query, and the picker lists problems most common first.
 */
import type { Counts, ReasonGroup, RowFilter } from '../../../shared/contract.ts';
import { count } from './format.ts';

export type RowChoice = { kind: 'filter'; filter: RowFilter } | { kind: 'reason'; reason: string };

export const PREVIEW_FILTERS: { filter: RowFilter; label: string }[] = [
  { filter: 'all', label: 'All' },
  { filter: 'valid', label: 'Valid' },
  { filter: 'invalid', label: 'Invalid' },
  { filter: 'warnings', label: 'Warnings' },
  { filter: 'skipped', label: 'Skipped' },
  { filter: 'changed', label: 'Changed rows' },
];

/** What a chip or reason shows, in words, for the bulk action bar. */
export function shownWords(choice: RowChoice): string {
  if (choice.kind === 'reason') return `problem: ${choice.reason}`;
  return PREVIEW_FILTERS.find((f) => f.filter === choice.filter)?.label.toLowerCase() ?? choice.filter;
}

/** A reason names rows that were either refused here (invalid) or by the server (not accepted). */
export function rowQuery(choice: RowChoice, groups: ReasonGroup[]): { filter: RowFilter; reason?: string } {
  if (choice.kind === 'filter') return { filter: choice.filter };
  const group = groups.find((g) => g.reason === choice.reason);
  return { filter: group?.stage === 'server' ? 'notAccepted' : 'invalid', reason: choice.reason };
}

/** How many rows a chip stands for, from the job's counts (changed and fixed rows are not counted there). */
export function filterCount(filter: RowFilter, c: Counts): number | undefined {
  switch (filter) {
    case 'all':
      return c.total;
    case 'valid':
      return c.total - c.invalid - c.skipped;
    case 'invalid':
      return c.invalid;
    case 'warnings':
      return c.warnings;
    case 'rejected':
      return c.rejected;
    case 'notAccepted':
      return c.invalid + c.rejected + c.review;
    case 'imported':
      return c.imported;
    case 'updated':
      return c.updated;
    case 'notSent':
      return c.ready + c.sending;
    case 'toCheck':
      return c.review;
    case 'skipped':
      return c.skipped;
    case 'changed':
    case 'fixed':
      return undefined;
  }
}

export function reasonOptions(groups: ReasonGroup[], stages: ReasonGroup['stage'][]): { value: string; label: string }[] {
  return groups
    .filter((g) => stages.includes(g.stage) && g.count > 0)
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
    .map((g) => ({ value: g.reason, label: `${g.reason} (${count(g.count)})` }));
}

export const isChosen = (choice: RowChoice, filter: RowFilter) => choice.kind === 'filter' && choice.filter === filter;
