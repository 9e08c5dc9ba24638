import { describe, expect, it } from 'vitest';
import type { LeadField } from '../../../shared/contract.ts';
import {
  badPriorities,
  looksLikePhone,
  MATCH_LABEL,
  matchKind,
  phoneWarnings,
  sampleValues,
  sourceValue,
} from './mapping-view.ts';

const headers = ['First Name', 'Surname', 'Mobile', 'HomePh', 'Notes'];
const rows = [
  ['Ann', 'Lee', '', '03 8321 8199', 'call after 5'],
  ['', '', '0412 345 678', '(03) 9000 1111', ''],
  ['Bo', 'Ng', '0412 345 679', '', 'x'],
  ['Cy', '', '', '0383218100', ''],
];
const field = (name: string, isPhone = false): LeadField => ({ name, isPhone, required: false });

describe('sample values', () => {
  it('are the first three non-empty values, of a column or of combined columns', () => {
    expect(sampleValues('Mobile', headers, rows)).toEqual(['0412 345 678', '0412 345 679']);
    expect(sampleValues(['First Name', '#2'], headers, rows)).toEqual(['Ann Lee', 'Bo Ng', 'Cy']);
    expect(sourceValue(['First Name', 'Surname'], headers, ['  Ann  ', ' ', ''])).toBe('Ann');
  });
});

describe('phone warnings', () => {
  const fields = [field('Name'), field('FirstPhone', true), field('SecondPhone', true), field('HomePh')];

  it('name a field fed by phone numbers that is not a phone field, with a free phone field to send it to', () => {
    const mapping = {
      fields: { Name: 'First Name', FirstPhone: 'Mobile', HomePh: 'HomePh', Note: 'Notes' },
      constants: {},
      phoneFields: [],
    };
    expect(phoneWarnings(mapping, headers, rows, fields)).toEqual([
      { field: 'HomePh', column: 'HomePh', freePhoneField: 'SecondPhone' },
    ]);
  });

  it('are silent once the field is a phone field, and offer no field when every phone field is taken', () => {
    const marked = { fields: { HomePh: 'HomePh' }, constants: {}, phoneFields: ['HomePh'] };
    expect(phoneWarnings(marked, headers, rows, fields)).toEqual([]);
    const full = { fields: { FirstPhone: 'Mobile', SecondPhone: 'Mobile', HomePh: 'HomePh' }, constants: {}, phoneFields: [] };
    expect(phoneWarnings(full, headers, rows, fields)).toEqual([
      { field: 'HomePh', column: 'HomePh', freePhoneField: undefined },
    ]);
  });

  it('tell phone numbers from other numbers and text', () => {
    expect(looksLikePhone('+61 3 8321 8199')).toBe(true);
    expect(looksLikePhone('3000')).toBe(false);
    expect(looksLikePhone('call 0383218199')).toBe(false);
  });
});

describe('match badges', () => {
  const suggestions = [
    { field: 'Name', column: 'Name', confidence: 1 },
    { field: 'FirstName', column: 'First Name', confidence: 1 },
    { field: 'njExternalLeadId', column: 'nj_external_lead_id', confidence: 1 },
    { field: 'MobilePhone', column: 'Mobile', confidence: 0.85 },
  ];
  const headers = ['Name', 'First Name', 'nj_external_lead_id', 'Mobile'];
  it('say same name only when the header is the field’s name, matching name when spacing or case differ', () => {
    expect(matchKind('Name', 'Name', suggestions, [], false, headers)).toBe('same');
    expect(matchKind('FirstName', 'First Name', suggestions, [], false, headers)).toBe('alike');
    expect(matchKind('njExternalLeadId', 'nj_external_lead_id', suggestions, [], false, headers)).toBe('alike');
    expect(MATCH_LABEL.same).toBe('same name');
    expect(MATCH_LABEL.alike).toBe('matching name');
  });

  it('say close guess or chosen by you, and a guess never more', () => {
    expect(matchKind('MobilePhone', 'Mobile', suggestions, [], false, headers)).toBe('close');
    expect(matchKind('MobilePhone', 'Mobile', suggestions, ['MobilePhone'], false, headers)).toBe('chosen');
    expect(matchKind('Name', 'Surname', suggestions, [], false, headers)).toBe('chosen');
    expect(matchKind('Name', undefined, suggestions, [], false, headers)).toBeUndefined();
  });

  it('read a repeated header, named by its place (#N), as the header at that place', () => {
    const twice = ['Name', 'Phone', 'Name'];
    expect(matchKind('Name', '#1', [{ field: 'Name', column: '#1', confidence: 1 }], [], false, twice)).toBe('same');
    expect(matchKind('NAME', '#3', [{ field: 'NAME', column: '#3', confidence: 1 }], [], false, twice)).toBe('alike');
  });

  it('say "not sent" once the person sets a field to “— not sent —”, and "chosen by you" for one value for all', () => {
    expect(matchKind('MobilePhone', undefined, suggestions, ['MobilePhone'])).toBe('notSent');
    expect(MATCH_LABEL.notSent).toBe('not sent');
    expect(matchKind('Name', undefined, suggestions, ['Name'], true)).toBe('chosen');
  });
});

describe('priority column', () => {
  const headers = ['Name', 'Priority', 'Rank'];
  const rows = [
    ['A', 'High', '5'],
    ['B', '', '100'],
    ['C', 'Low', ' 7 '],
    ['D', '150', '0'],
  ];
  const spec = (column: string) => ({ fields: { Name: 'Name', njPriority: column }, constants: {}, phoneFields: [] });

  it('names the first values the dialler would refuse as njPriority, and nothing for a column of 0–100', () => {
    expect(badPriorities(spec('Priority'), headers, rows)).toEqual(['High', 'Low', '150']);
    expect(badPriorities(spec('Rank'), headers, rows)).toEqual([]);
    expect(badPriorities({ fields: { Name: 'Name' }, constants: {}, phoneFields: [] }, headers, rows)).toEqual([]);
  });
});
