import { describe, expect, it } from 'vitest';
import { parseBatchReply, parseCsvRecords } from './reply.ts';

describe('batch reply parsing', () => {
  it('reads the seed example (no rejections)', () => {
    const r = parseBatchReply(
      'Imported 1 Updated 0 Rejected 0 leads.\n\nErrors (If any):\n Name,State,PostCode,FirstPhone,City,StreetAddress,Error Reason,\nOK',
    );
    expect(r).toEqual({ counts: { imported: 1, updated: 0, rejected: 0 }, rejected: [], unreadable: [] });
  });

  it('maps rejected lines by the header, in any order, with quoted values and trailing commas', () => {
    const r = parseBatchReply(
      'Imported 1 Updated 2 Rejected 2 leads.\n\nErrors (If any):\n State,Name,FirstPhone,Error Reason,\nVic,"Smith, ""Bob""",0383218199,Duplicate phone number 0383218199,\nNSW,"Multi\nline",12,No valid phone number,\nOK',
    );
    expect(r.counts).toEqual({ imported: 1, updated: 2, rejected: 2 });
    expect(r.rejected).toEqual([
      {
        values: { State: 'Vic', Name: 'Smith, "Bob"', FirstPhone: '0383218199' },
        reason: 'Duplicate phone number 0383218199',
        raw: expect.any(String),
      },
      {
        values: { State: 'NSW', Name: 'Multi\nline', FirstPhone: '12' },
        reason: 'No valid phone number',
        raw: expect.any(String),
      },
    ]);
  });

  it('keeps a reason that itself contains commas', () => {
    const r = parseBatchReply(
      'Imported 0 Updated 0 Rejected 1 leads.\n\nErrors (If any):\n FirstPhone,Error Reason,\n12,Bad number, too short,\nOK',
    );
    expect(r.rejected[0].reason).toBe('Bad number, too short');
  });

  it('reports lines it cannot read instead of guessing', () => {
    const r = parseBatchReply(
      'Imported 0 Updated 0 Rejected 1 leads.\n\nErrors (If any):\n Name,FirstPhone,Error Reason,\nonly-one-cell\nOK',
    );
    expect(r.rejected).toEqual([]);
    expect(r.unreadable).toEqual(['only-one-cell']);
  });

  it('copes with unexpected text: no counts, no error block, CRLF', () => {
    expect(parseBatchReply('Something else entirely')).toEqual({ rejected: [], unreadable: [] });
    const r = parseBatchReply('Imported 2 Updated 0 Rejected 0 leads.\r\n\r\nErrors (If any):\r\n Name,Error Reason\r\nOK');
    expect(r.counts?.imported).toBe(2);
    expect(r.rejected).toEqual([]);
  });

  it('splits CSV records', () => {
    expect(parseCsvRecords('a,"b,c",d\n"e""f",,\n')).toEqual([
      ['a', 'b,c', 'd'],
      ['e"f', '', ''],
    ]);
  });
});
