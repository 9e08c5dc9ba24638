import { describe, expect, it } from 'vitest';
import { decodeCells, encodeCellRows, encodeCells, splitCellRows } from './cells.ts';

describe('cells in the store', () => {
  it.each([
    [['Zoë Müller', '0412 345 678', '', 'a,b "quoted"\nsecond line']],
    [['']],
    [['', '']],
    [[]],
    [['["looks like json"]', '[]']],
    [['a\x1fb', 'c']],
    [['\x1f']],
    [['a\x1eb', 'c']],
  ])('round-trips %j', (cells) => {
    expect(decodeCells(encodeCells(cells))).toEqual(cells);
  });

  it('joins plain cells instead of writing JSON', () => {
    expect(encodeCells(['a', 'b'])).toBe('\x1fa\x1fb');
  });

  it('falls back to JSON when a cell holds the separator', () => {
    expect(encodeCells(['a\x1fb'])).toBe(JSON.stringify(['a\x1fb']));
  });

  it('falls back to JSON when a cell holds the record separator', () => {
    expect(encodeCells(['a\x1eb'])).toBe(JSON.stringify(['a\x1eb']));
  });

  it('reads cells stored as JSON by earlier versions', () => {
    expect(decodeCells('["x","y"]')).toEqual(['x', 'y']);
  });
});

describe('cells of many rows in one string', () => {
  const decodeAll = (rows: string[][]) => splitCellRows(encodeCellRows(rows), rows.length).map(decodeCells);

  it('strings plain rows together, each as encodeCells gives it', () => {
    const rows = [
      ['a', 'b'],
      ['', 'Zoë'],
      ['x', 'y', 'extra'],
    ];
    expect(encodeCellRows(rows)).toBe(rows.map(encodeCells).join('\x1e'));
    expect(decodeAll(rows)).toEqual(rows);
  });

  it.each([
    [
      'a unit separator',
      [
        ['a', 'b'],
        ['c\x1fd', 'e'],
        ['f', 'g'],
      ],
    ],
    [
      'a record separator',
      [
        ['a', 'b'],
        ['c', 'd\x1ee'],
        ['f', 'g'],
      ],
    ],
    ['both, in one cell', [['\x1e\x1f', '']]],
    ['a row without cells', [['a'], [], ['b']]],
    ['one empty cell', [['']]],
  ])('keeps every row apart when a cell holds %s', (_what, rows) => {
    expect(decodeAll(rows)).toEqual(rows);
    // Only the rows that need it are written as JSON.
    expect(splitCellRows(encodeCellRows(rows), rows.length)[0]).toBe(encodeCells(rows[0]));
  });

  it('holds no rows as an empty string', () => {
    expect(encodeCellRows([])).toBe('');
    expect(splitCellRows('', 0)).toEqual([]);
  });

  it('refuses a string that does not hold the rows it should', () => {
    expect(() => splitCellRows(encodeCellRows([['a'], ['b']]), 3)).toThrow(/batch of 3 rows came with the cells of 2/);
  });
});
