import { describe, expect, it } from 'vitest';
import { matchingItems, moveActive, reconcileChoice } from './choice.ts';

const A = { id: 38, name: 'Jan16a-1' };
const B = { id: 39, name: 'Jan16a-2' };

describe('reconcileChoice', () => {
  it('keeps a choice that is still offered, and chooses nothing by itself from several', () => {
    expect(reconcileChoice([A, B], 39, 'allocation')).toEqual({ value: 39 });
    expect(reconcileChoice([A, B], undefined, 'allocation')).toEqual({ value: undefined });
  });

  it('chooses the only item, and says so', () => {
    expect(reconcileChoice([A], undefined, 'allocation')).toEqual({
      value: 38,
      note: { kind: 'auto', text: 'Only one allocation: Jan16a-1 (38), chosen for you.' },
    });
    expect(reconcileChoice([A], 38, 'allocation').note?.kind).toBe('auto');
  });

  it('clears a choice that vanished, naming it', () => {
    const r = reconcileChoice([A, B], 40, 'allocation');
    expect(r.value).toBeUndefined();
    expect(r.note).toEqual({
      kind: 'vanished',
      text: 'The allocation you chose (40) is no longer offered by the server: choose again.',
    });
    expect(reconcileChoice([], 40, 'campaign').note?.kind).toBe('vanished');
    expect(reconcileChoice([A], 40, 'allocation')).toMatchObject({ value: 38, note: { kind: 'vanished' } });
  });

  it('says when the list is empty', () => {
    expect(reconcileChoice([], undefined, 'campaign')).toEqual({
      value: undefined,
      note: { kind: 'empty', text: 'The server offers no campaign here.' },
    });
  });
});

describe('matchingItems and moveActive', () => {
  it('narrows by name or id, ignoring case', () => {
    expect(matchingItems([A, B], '39')).toEqual([B]);
    expect(matchingItems([A, B], 'JAN16A')).toEqual([A, B]);
    expect(matchingItems([A, B], '  ')).toEqual([A, B]);
  });

  it('moves within the list and stops at its ends', () => {
    expect(moveActive('ArrowDown', -1, 3)).toBe(0);
    expect(moveActive('ArrowDown', 2, 3)).toBe(2);
    expect(moveActive('ArrowUp', -1, 3)).toBe(2);
    expect(moveActive('ArrowUp', 0, 3)).toBe(0);
    expect(moveActive('End', 0, 3)).toBe(2);
    expect(moveActive('a', 0, 3)).toBeUndefined();
    expect(moveActive('ArrowDown', -1, 0)).toBeUndefined();
  });
});
