/**
 * The sentences of the panel that changes many rows, in a campaign manager's words: which rows an action
 * will change, what it did (or would do) to them, and what to say when the rows in view are gone. Pure.
 */
import type { EditSummary } from '../../../shared/contract.ts';
import { count } from '../lib/format.ts';

const rows = (n: number) => `${count(n)} row${n === 1 ? '' : 's'}`;

export interface RowsInView {
  /** How many rows the action would be applied to. */
  size: number;
  /** Rows picked by hand in the grid (then `view` and `search` do not narrow them). */
  picked: boolean;
  /** The grid's view in words: "all", "invalid", "problem: …", "not accepted". */
  view: string;
  search?: string;
}

/** Which rows an action will change: "all 14 rows", "the 3 rows with the problem “…”", "the 2 rows you picked". */
export function actsOnWords({ size, picked, view, search }: RowsInView): string {
  if (picked) return `the ${rows(size)} you picked`;
  const containing = search ? ` containing “${search}”` : '';
  const problem = /^(?:problem|reason): (.*)$/s.exec(view);
  if (problem) return `the ${rows(size)} with the problem “${problem[1]}”${containing}`;
  if (view === 'all') return size === 1 ? `the only row${containing}` : `${search ? 'the' : 'all'} ${rows(size)}${containing}`;
  return `the ${rows(size)} shown as “${view}”${containing}`;
}

/** What an action did, or with `preview` would do: how many rows change, become valid, and are invalid after it. */
export function describeResult(s: EditSummary, preview: boolean): string {
  const sent = s.alreadySent ? ` (${count(s.alreadySent)} already sent, left alone)` : '';
  if (s.changed === 0) return `Nothing to change in ${rows(s.selected)}${sent}.`;
  const valid = preview
    ? `${count(s.becameValid)} become${s.becameValid === 1 ? 's' : ''} valid`
    : `${count(s.becameValid)} became valid`;
  const invalid = preview
    ? `${count(s.stillInvalid)} will be invalid`
    : `${count(s.stillInvalid)} ${s.stillInvalid === 1 ? 'is' : 'are'} invalid`;
  const left = s.alreadySent ? `; ${count(s.alreadySent)} already sent, left alone` : '';
  return `${preview ? 'Will change' : 'Changed'} ${rows(s.changed)}: ${valid}, ${invalid}${left}.`;
}

/** Said above an empty grid whose view had rows: which view is empty, and (with `allRows`) where the rest are. */
export function emptyViewWords(view: string, search?: string): string {
  const containing = search ? ` containing “${search}”` : '';
  const problem = /^(?:problem|reason): (.*)$/s.exec(view);
  if (problem) return `No row${containing} has the problem “${problem[1]}” now.`;
  if (view === 'all') return search ? `No row contains “${search}”.` : 'There are no rows.';
  return `No rows${containing} are shown as “${view}” now.`;
}
