import { describe, expect, it } from 'vitest';
import type { SendableLead } from '../store/job-store.ts';
import { settleBatch, settleSingle } from './settle.ts';

const lead = (seq: number, payload: Record<string, string>, uncertain = false): SendableLead => ({
  seq,
  rowNumber: seq + 2,
  payload,
  uncertain,
  attempts: uncertain ? 1 : 0,
});

const reply = (imported: number, updated: number, rejected: number, lines: string[], header = 'Name,FirstPhone,Error Reason,') =>
  `Imported ${imported} Updated ${updated} Rejected ${rejected} leads.\n\nErrors (If any):\n ${header}\n${lines.join('\n')}${lines.length ? '\n' : ''}OK`;

describe('settling a batch answer', () => {
  const leads = [
    lead(0, { Name: 'Ann', FirstPhone: '0412000001' }),
    lead(1, { Name: 'Bob', FirstPhone: '0412000002' }),
    lead(2, { Name: 'Cy', FirstPhone: '0412000003' }),
  ];

  it('matches rejected lines to the leads sent by their values, not their position', () => {
    const r = settleBatch(leads, reply(2, 0, 1, ['Cy,0412000003,Duplicate phone number 0412000003,']));
    expect(r.mismatch).toBe(false);
    expect(r.settlements).toEqual([
      { seq: 2, status: 'rejected', reason: 'Duplicate phone number 0412000003' },
      { seq: 0, status: 'imported' },
      { seq: 1, status: 'imported' },
    ]);
  });

  it('reads a header in any order and matches identical leads one line each', () => {
    const twins = [
      lead(0, { Name: 'Ann', FirstPhone: '1' }),
      lead(1, { Name: 'Ann', FirstPhone: '1' }),
      lead(2, { Name: 'Z', FirstPhone: '0412000009' }),
    ];
    const r = settleBatch(
      twins,
      reply(1, 0, 2, ['1,Ann,No valid phone number,', '1,Ann,No valid phone number,'], 'FirstPhone,Name,Error Reason,'),
    );
    expect(r.settlements.map((s) => [s.seq, s.status])).toEqual([
      [0, 'rejected'],
      [1, 'rejected'],
      [2, 'imported'],
    ]);
  });

  it('prefers the external id when a line carries one', () => {
    const byId = [lead(0, { Name: 'Same', njExternalLeadId: 'A-1' }), lead(1, { Name: 'Same', njExternalLeadId: 'A-2' })];
    const r = settleBatch(byId, reply(1, 0, 1, ['Same,A-2,bad thing,'], 'Name,njExternalLeadId,Error Reason,'));
    expect(r.settlements).toEqual([
      { seq: 1, status: 'rejected', reason: 'bad thing' },
      { seq: 0, status: 'imported' },
    ]);
  });

  it('counts a duplicate answer to a retried (uncertain) lead as imported: the lost first reply stored it', () => {
    const retried = [
      lead(0, { Name: 'Ann', FirstPhone: '0412000001' }, true),
      lead(1, { Name: 'Bob', FirstPhone: '0412000002' }),
    ];
    const r = settleBatch(
      retried,
      reply(0, 0, 2, ['Ann,0412000001,Duplicate phone number 0412000001,', 'Bob,0412000002,Duplicate phone number 0412000002,']),
    );
    expect(r.settlements).toEqual([
      { seq: 0, status: 'imported' },
      { seq: 1, status: 'rejected', reason: 'Duplicate phone number 0412000002' },
    ]);
  });

  it('marks leads for review, keeping the reason, when the counts disagree with the lines', () => {
    const r = settleBatch(leads, reply(1, 0, 2, ['Cy,0412000003,No valid phone number,']));
    expect(r.mismatch).toBe(true);
    expect(r.settlements[0]).toEqual({ seq: 2, status: 'rejected', reason: 'No valid phone number' });
    expect(r.settlements.slice(1).map((s) => [s.seq, s.status])).toEqual([
      [0, 'review'],
      [1, 'review'],
    ]);
    expect(r.settlements[1].reason).toMatch(/imported 1, updated 0, rejected 2 of 3/);
  });

  it('marks a line that matches no lead sent as a mismatch, never a guess', () => {
    const r = settleBatch(leads, reply(2, 0, 1, ['Zed,0499999999,No valid phone number,']));
    expect(r.mismatch).toBe(true);
    expect(r.settlements.every((s) => s.status === 'review')).toBe(true);
  });

  it('marks every lead for review when the answer has no counts', () => {
    const r = settleBatch(leads, 'Something went sideways');
    expect(r.mismatch).toBe(true);
    expect(r.settlements.map((s) => s.status)).toEqual(['review', 'review', 'review']);
  });

  it('counts updates only for leads that carry an external id', () => {
    const mixed = [lead(0, { Name: 'A' }), lead(1, { Name: 'B', njExternalLeadId: 'X' })];
    const r = settleBatch(mixed, reply(1, 1, 0, []));
    expect(r.settlements).toEqual([
      { seq: 0, status: 'imported' },
      { seq: 1, status: 'updated' },
    ]);
  });
});

describe('settling a per-lead answer', () => {
  const one = lead(0, { Name: 'Ann', FirstPhone: '0412000001' });
  it.each([
    [0, 'Lead imported', false, 'imported'],
    [0, 'Lead updated', false, 'updated'],
    [105, 'Duplicate phone number', true, 'imported'],
    [112, 'Duplicate external id', true, 'imported'],
    [105, 'Duplicate phone number', false, 'rejected'],
    [104, 'No valid phone number', false, 'rejected'],
  ])('code %i "%s" (uncertain %s) settles as %s', (code, message, uncertain, status) => {
    expect(settleSingle({ ...one, uncertain }, code, message).status).toBe(status);
  });

  it('keeps the server reason and code for a rejection', () => {
    expect(settleSingle(one, 104, 'No valid phone number')).toEqual({
      seq: 0,
      status: 'rejected',
      reason: 'No valid phone number (code 104)',
    });
  });

  it('does not guess which lead a line means when it names no field of the lead: the batch goes to review', () => {
    const leads = [
      lead(0, { Name: 'Ann', FirstPhone: '0412000001' }),
      lead(1, { Name: 'Bob', FirstPhone: '0412000002' }),
      lead(2, { Name: 'Cy', FirstPhone: '0412000003' }),
    ];
    const r = settleBatch(leads, reply(2, 0, 1, ['Invalid lead,'], 'Error Reason,'));
    expect(r.mismatch).toBe(true);
    expect(r.settlements.map((s) => s.status)).toEqual(['review', 'review', 'review']);
    expect(r.settlements.some((s) => s.status === 'rejected')).toBe(false);
  });
});
