/**
 * What a picker's choice becomes when its list (re)loads. Pure, so the rules are tested once:
 * - a choice still on the list stays;
 * - a choice no longer on the list is cleared, and the person is told which one vanished;
 * - a list of exactly one item chooses it, and says so (there is nothing else to pick);
 * - otherwise nothing is chosen: no first item is ever taken for a choice.
 */
import type { IdName } from '../../../shared/contract.ts';

export interface Reconciled {
  value: number | undefined;
  /** Why the choice is what it is, when the person did not make it themselves. */
  note?: { kind: 'auto' | 'vanished' | 'empty'; text: string };
}

export function reconcileChoice(items: readonly IdName[], value: number | undefined, noun: string): Reconciled {
  if (items.length === 1 && (value === undefined || value === items[0].id)) {
    const only = items[0];
    return { value: only.id, note: { kind: 'auto', text: `Only one ${noun}: ${only.name} (${only.id}), chosen for you.` } };
  }
  if (value !== undefined && items.some((i) => i.id === value)) return { value };
  if (items.length === 1) {
    const only = items[0];
    const text = `The ${noun} you chose (${value}) is no longer offered by the server; the only one left, ${only.name} (${only.id}), is chosen for you.`;
    return { value: only.id, note: { kind: 'vanished', text } };
  }
  if (items.length === 0) {
    const text = `The server offers no ${noun} here.`;
    return { value: undefined, note: { kind: value !== undefined ? 'vanished' : 'empty', text } };
  }
  if (value !== undefined) {
    return {
      value: undefined,
      note: { kind: 'vanished', text: `The ${noun} you chose (${value}) is no longer offered by the server: choose again.` },
    };
  }
  return { value: undefined };
}

/** Items whose name or id contains the search text (ignoring case), in list order. */
export function matchingItems(items: readonly IdName[], search: string): IdName[] {
  const wanted = search.trim().toLowerCase();
  if (!wanted) return [...items];
  return items.filter((i) => `${i.name} ${i.id}`.toLowerCase().includes(wanted));
}

/** The next option a key moves to in a list of `length`, from `active` (-1: none yet). */
export function moveActive(key: string, active: number, length: number): number | undefined {
  if (length === 0) return undefined;
  switch (key) {
    case 'ArrowDown':
      return active < 0 ? 0 : Math.min(length - 1, active + 1);
    case 'ArrowUp':
      return active < 0 ? length - 1 : Math.max(0, active - 1);
    case 'Home':
      return 0;
    case 'End':
      return length - 1;
    case 'PageDown':
      return Math.min(length - 1, Math.max(0, active) + 5);
    case 'PageUp':
      return Math.max(0, active - 5);
    default:
      return undefined;
  }
}
