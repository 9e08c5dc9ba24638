import { describe, expect, it } from 'vitest';
import type { EditSummary } from '../../../shared/contract.ts';
import { actsOnWords, describeResult, emptyViewWords } from './bulk-words.ts';

const summary = (s: Partial<EditSummary>): EditSummary =>
  ({ label: 'x', selected: 2, changed: 2, becameValid: 1, nowValid: 1, stillInvalid: 1, alreadySent: 0, ...s }) as EditSummary;

describe('which rows an action changes', () => {
  it('names them plainly, never “selected · all”', () => {
    expect(actsOnWords({ size: 14, picked: false, view: 'all' })).toBe('all 14 rows');
    expect(actsOnWords({ size: 1, picked: false, view: 'all' })).toBe('the only row');
    expect(actsOnWords({ size: 3, picked: false, view: 'all', search: 'Lee' })).toBe('the 3 rows containing “Lee”');
    expect(actsOnWords({ size: 2, picked: true, view: 'invalid' })).toBe('the 2 rows you picked');
    expect(actsOnWords({ size: 3, picked: false, view: 'problem: Mobile: not a number' })).toBe(
      'the 3 rows with the problem “Mobile: not a number”',
    );
    expect(actsOnWords({ size: 1, picked: false, view: 'invalid' })).toBe('the 1 row shown as “invalid”');
  });
});

describe('what an action does', () => {
  it('says how many rows become valid and how many are invalid after it, without “valid in all”', () => {
    expect(describeResult(summary({ changed: 1, becameValid: 1, stillInvalid: 0 }), true)).toBe(
      'Will change 1 row: 1 becomes valid, 0 will be invalid.',
    );
    expect(describeResult(summary({ changed: 2_000, becameValid: 2_000, stillInvalid: 0 }), false)).toBe(
      'Changed 2,000 rows: 2,000 became valid, 0 are invalid.',
    );
    expect(describeResult(summary({ stillInvalid: 1, alreadySent: 3 }), false)).toBe(
      'Changed 2 rows: 1 became valid, 1 is invalid; 3 already sent, left alone.',
    );
    expect(describeResult(summary({ changed: 0, selected: 4, alreadySent: 4 }), true)).toBe(
      'Nothing to change in 4 rows (4 already sent, left alone).',
    );
    for (const preview of [true, false]) expect(describeResult(summary({}), preview)).not.toContain('in all');
  });

  it('says which view is empty once its rows are gone', () => {
    expect(emptyViewWords('problem: Mobile: not a number')).toBe('No row has the problem “Mobile: not a number” now.');
    expect(emptyViewWords('invalid')).toBe('No rows are shown as “invalid” now.');
    expect(emptyViewWords('all', 'Zed')).toBe('No row contains “Zed”.');
  });
});
