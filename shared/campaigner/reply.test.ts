import { describe, expect, it } from 'vitest';
import { isDuplicateReason, parseBatchReply, parseCsvRecords } from './reply.ts';

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

  const block = (lines: string) => `Imported 1 Updated 0 Rejected 1 leads.\n\nErrors (If any):\n${lines}`;
  it.each([
    ['no OK terminator', block(' Name,Error Reason,\nAnn,No valid phone number,'), { Name: 'Ann' }, 'No valid phone number'],
    [
      'OK with CRLF',
      block(' Name,Error Reason,\r\nAnn,No valid phone number,\r\nOK\r\n'),
      { Name: 'Ann' },
      'No valid phone number',
    ],
    ['no trailing commas', block(' Name,Error Reason\nAnn,No valid phone number\nOK'), { Name: 'Ann' }, 'No valid phone number'],
    ['reason first', block(' Error Reason,Name,\nNo valid phone number,Ann,\nOK'), { Name: 'Ann' }, 'No valid phone number'],
    ['header in another case', block(' Name,ERROR REASON,\nAnn,x,\nOK'), { Name: 'Ann' }, 'x'],
    ['an empty value', block(' Name,Email,Error Reason,\nAnn,,bad email,\nOK'), { Name: 'Ann', Email: '' }, 'bad email'],
    ['a quoted value with a line break', block(' Notes,Error Reason,\n"a\nb",y,\nOK'), { Notes: 'a\nb' }, 'y'],
    ['blank lines inside the block', block(' Name,Error Reason,\n\nAnn,z,\n\nOK'), { Name: 'Ann' }, 'z'],
  ])('reads a rejected line with %s', (_what, message, values, reason) => {
    const r = parseBatchReply(message);
    expect(r.counts).toEqual({ imported: 1, updated: 0, rejected: 1 });
    expect(r.unreadable).toEqual([]);
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0].values).toEqual(values);
    expect(r.rejected[0].reason).toBe(reason);
  });

  it.each([
    ['an error block without an Error Reason column', block(' Name,Phone,\nAnn,12,\nOK')],
    ['a line shorter than its header', block(' Name,Phone,Error Reason,\nAnn\nOK')],
  ])('keeps %s as unreadable, never a guess', (_what, message) => {
    const r = parseBatchReply(message);
    expect(r.rejected).toEqual([]);
    expect(r.unreadable.length).toBeGreaterThan(0);
  });

  it('reads large counts and tells duplicate reasons apart', () => {
    expect(parseBatchReply('Imported 12000 Updated 3 Rejected 0 leads.').counts).toEqual({
      imported: 12000,
      updated: 3,
      rejected: 0,
    });
    expect(isDuplicateReason('Duplicate phone number 0383218199')).toBe(true);
    expect(isDuplicateReason('duplicate external id')).toBe(true);
    expect(isDuplicateReason('No valid phone number')).toBe(false);
  });
});
