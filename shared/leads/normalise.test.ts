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

describe('system field rules', () => {
  const row = (priority: string, contactHours = '') => ['X', '0412345678', '', priority, '', contactHours, ''];

  it.each([
    ['0', '0'],
    ['100', '100'],
    ['10', '10'],
    [' 7 ', '7'],
    ['5.0', '5'],
    ['007', '7'],
  ])('njPriority %j → %j', (input, expected) => {
    const { payload, issues } = build(row(input));
    expect(payload.njPriority).toBe(expected);
    expect(issues).toEqual([]);
  });

  it.each(['101', '-1', '2.5', 'high', '1e2', '1,000'])('njPriority %j is refused', (input) => {
    const { payload, issues } = build(row(input));
    expect(payload.njPriority).toBeUndefined();
    expect(issues).toEqual([
      {
        field: 'njPriority',
        column: 'njPriority',
        severity: 'error',
        message: `njPriority "${input}" must be a whole number from 0 to 100 (lower is called first)`,
      },
    ]);
  });

  it.each([
    ['Business Hours', 'Business Hours'],
    ['business hours', 'Business Hours'],
    ['  BUSINESS   HOURS ', 'Business Hours'],
    ['After Hours', 'After Hours'],
  ])('njContactHours %j → %j', (input, expected) => {
    const b = createLeadBuilder(resolved, {
      country: 'AU',
      dateOrder: 'dmy',
      contactHoursNames: ['Business Hours', 'After Hours'],
    });
    expect(b(row('', input)).payload.njContactHours).toBe(expected);
  });

  it('refuses an unknown Contact Hours name, listing the known ones', () => {
    const { issues } = build(row('', 'Lunch'));
    expect(issues[0]).toMatchObject({ field: 'njContactHours', column: 'njContactHours', severity: 'error' });
    expect(issues[0].message).toBe(
      'njContactHours "Lunch" is not one of the Contact Hours listed for this template (Business Hours)',
    );
  });

  it('sends any Contact Hours name when none are listed', () => {
    const b = createLeadBuilder(resolved, { country: 'AU', dateOrder: 'dmy', contactHoursNames: [] });
    expect(b(row('', 'Lunch'))).toMatchObject({ payload: { njContactHours: 'Lunch' }, issues: [] });
  });

  it.each([
    ['2026/12/01 09:30', 'dmy', '2026/12/01 09:30'],
    ['2026-12-01T09:30:00', 'dmy', '2026/12/01 09:30'],
    ['01/12/2026 09:30', 'dmy', '2026/12/01 09:30'],
    ['12/01/2026 09:30', 'mdy', '2026/12/01 09:30'],
    // No time: 09:00, and no warning on the row (the Preview and the command line say it once).
    ['01/12/2026', 'dmy', '2026/12/01 09:00'],
    ['2026-12-01', 'dmy', '2026/12/01 09:00'],
  ] as const)('njCallBackDate %j (%s) → %j', (input, dateOrder, expected) => {
    const b = createLeadBuilder(resolved, { country: 'AU', dateOrder, contactHoursNames: [] });
    expect(b(['X', '0412345678', '', '', input, '', ''])).toEqual({
      payload: { Name: 'X', FirstPhone: '0412345678', njCallBackDate: expected, State: 'VIC' },
      issues: [],
    });
  });

  it('reads a spreadsheet date cell, whatever its display', () => {
    const raw = [undefined, undefined, undefined, undefined, new Date(Date.UTC(2026, 1, 3, 16, 45))];
    expect(build(['X', '0412345678', '', '', '3-Feb', '', ''], raw).payload.njCallBackDate).toBe('2026/02/03 16:45');
  });

  it('names the impossible date and its column', () => {
    const { issues } = build(['X', '0412345678', '', '', '31/02/2026', '', '']);
    expect(issues).toEqual([
      {
        field: 'njCallBackDate',
        column: 'njCallBackDate',
        severity: 'error',
        message: 'njCallBackDate: "31/02/2026" is not a real date',
      },
    ]);
  });
});

describe('constants and text', () => {
  it('checks a constant once and applies it to every row', () => {
    const r = resolveMapping(
      {
        fields: { FirstPhone: 'FirstPhone' },
        constants: { njPriority: '500', Notes: '  from  the\tJanuary list ' },
        phoneFields: [],
      },
      headers,
    );
    if (!r.ok) throw new Error(r.reason);
    const b = createLeadBuilder(r.resolved, { country: 'AU', dateOrder: 'dmy', contactHoursNames: [] });
    for (const phone of ['0412345678', '0412345679']) {
      const { payload, issues } = b(['', phone, '', '', '', '', '']);
      expect(payload).toEqual({ FirstPhone: phone, Notes: 'from the January list' });
      expect(issues.map((i) => i.message)).toEqual([
        'njPriority "500" must be a whole number from 0 to 100 (lower is called first)',
      ]);
    }
  });

  it('counts a phone constant as the lead’s dialable phone', () => {
    const r = resolveMapping({ fields: { Name: 'Name' }, constants: { FirstPhone: '(03) 8321 8199' }, phoneFields: [] }, headers);
    if (!r.ok) throw new Error(r.reason);
    const b = createLeadBuilder(r.resolved, { country: 'AU', dateOrder: 'dmy', contactHoursNames: [] });
    expect(b(['Zoë', '', '', '', '', '', ''])).toEqual({ payload: { Name: 'Zoë', FirstPhone: '0383218199' }, issues: [] });
  });

  it('removes control characters and collapses spaces in every sent value', () => {
    const { payload } = build(['Zo\u0000ë\r\n  Müller', '0412345678', '', '', '', '', ' A\t1 ']);
    expect(payload.Name).toBe('Zoë Müller');
    expect(payload.njExternalLeadId).toBe('A 1');
  });

  it('says when no phone column has anything in it', () => {
    const { issues } = build(['X', '', '', '', '', '', '']);
    expect(issues).toEqual([
      { severity: 'error', message: 'no dialable phone number (the phone columns are empty: FirstPhone, MobilePhone)' },
    ]);
  });
});
