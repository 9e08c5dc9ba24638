import { describe, expect, it } from 'vitest';
import { decodeCells, encodeCells } from './cells.ts';

describe('cells in the store', () => {
  it.each([
    [['Zoë Müller', '0412 345 678', '', 'a,b "quoted"\nsecond line']],
    [['']],
    [['', '']],
    [[]],
    [['["looks like json"]', '[]']],
    [['a\x1fb', 'c']],
    [['\x1f']],
  ])('round-trips %j', (cells) => {
    expect(decodeCells(encodeCells(cells))).toEqual(cells);
  });

  it('joins plain cells instead of writing JSON', () => {
    expect(encodeCells(['a', 'b'])).toBe('\x1fa\x1fb');
  });

  it('falls back to JSON when a cell holds the separator', () => {
    expect(encodeCells(['a\x1fb'])).toBe(JSON.stringify(['a\x1fb']));
  });

  it('reads cells stored as JSON by earlier versions', () => {
    expect(decodeCells('["x","y"]')).toEqual(['x', 'y']);
  });
});
