import { describe, expect, it } from 'vitest';
import { resolveMapping } from './mapping.ts';
import { createLeadBuilder } from './normalise.ts';

const headers = ['Name', 'FirstPhone', 'Mobile', 'njPriority', 'njCallBackDate', 'njContactHours', 'Account'];
const resolved = (() => {
  const r = resolveMapping(
    {
      fields: {
        Name: 'Name',
        FirstPhone: 'FirstPhone',
        MobilePhone: 'Mobile',
        njPriority: 'njPriority',
        njCallBackDate: 'njCallBackDate',
        njContactHours: 'njContactHours',
        njExternalLeadId: 'Account',
      },
      constants: { State: 'VIC' },
      phoneFields: [],
    },
    headers,
  );
  if (!r.ok) throw new Error(r.reason);
  return r.resolved;
})();
const build = createLeadBuilder(resolved, { country: 'AU', dateOrder: 'dmy', contactHoursNames: ['Business Hours'] });

describe('building a lead from a row', () => {
  it('normalises every field and leaves empty cells out', () => {
    const { payload, issues } = build([
      '  Zoë   Müller ',
      '+61 3 8321 8199',
      '',
      '5',
      '01/12/2026 14:05',
      'business hours',
      'A-1',
    ]);
    expect(payload).toEqual({
      Name: 'Zoë Müller',
      FirstPhone: '0383218199',
      njPriority: '5',
      njCallBackDate: '2026/12/01 14:05',
      njContactHours: 'Business Hours',
      njExternalLeadId: 'A-1',
      State: 'VIC',
    });
    expect(issues).toEqual([]);
  });

  it('makes a lead with no dialable phone invalid, with the reason of each bad phone', () => {
    const { issues } = build(['X', '3.83218E+08', '12', '', '', '', '']);
    const errors = issues.filter((i) => i.severity === 'error').map((i) => i.message);
    expect(errors).toContain('no dialable phone number');
    expect(errors.some((m) => /FirstPhone: phone number damaged by a spreadsheet program/.test(m))).toBe(true);
    expect(issues.find((i) => i.field === 'FirstPhone')?.column).toBe('FirstPhone');
  });

  it('keeps a lead with one good phone, warning about and leaving out the bad one', () => {
    const { payload, issues } = build(['X', 'garbage phone', '0412345678', '', '', '', '']);
    expect(payload.MobilePhone).toBe('0412345678');
    expect(payload.FirstPhone).toBeUndefined();
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ severity: 'warning', field: 'FirstPhone' });
  });

  it.each([
    [['X', '0412345678', '', '101', '', '', ''], /njPriority "101" must be a whole number from 0 to 100/],
    [['X', '0412345678', '', '-1', '', '', ''], /njPriority "-1"/],
    [['X', '0412345678', '', '2.5', '', '', ''], /njPriority "2.5"/],
    [['X', '0412345678', '', '', '31/02/2026 10:00', '', ''], /njCallBackDate: "31\/02\/2026 10:00" is not a real date/],
    [['X', '0412345678', '', '', '', 'Lunch', ''], /njContactHours "Lunch" is not one of the Contact Hours/],
  ])('refuses %j', (cells, reason) => {
    const { issues } = build(cells);
    expect(
      issues
        .filter((i) => i.severity === 'error')
        .map((i) => i.message)
        .join('\n'),
    ).toMatch(reason);
  });

  it('warns when a number lost its leading zero, and uses workbook numbers', () => {
    const { payload, issues } = build(['X', '383218199', '', '10', '', '', ''], [undefined, 383218199]);
    expect(payload.FirstPhone).toBe('0383218199');
    expect(issues[0]).toMatchObject({ severity: 'warning' });
    expect(issues[0].message).toMatch(/leading 0 restored/);
  });

  it('reports required template fields that are empty', () => {
    const b = createLeadBuilder(resolved, {
      country: 'AU',
      dateOrder: 'dmy',
      contactHoursNames: [],
      fields: [{ name: 'Name', isPhone: false, required: true }],
    });
    expect(b(['', '0412345678', '', '', '', '', '']).issues[0].message).toBe('Name is required by the template but empty');
  });
});
