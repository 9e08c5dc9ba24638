import { describe, expect, it } from 'vitest';
import type { LeadField } from '../contract.ts';
import { defaultMapping, headerFingerprint, resolveMapping, suggestMapping, systemFieldFor } from './mapping.ts';

const sampleFields: LeadField[] = [
  { name: 'Name', isPhone: false, required: false },
  { name: 'StreetAddress', isPhone: false, required: false },
  { name: 'City', isPhone: false, required: false },
  { name: 'State', isPhone: false, required: false },
  { name: 'PostCode', isPhone: false, required: false },
  { name: 'FirstPhone', isPhone: true, required: false },
  { name: 'MobilePhone', isPhone: true, required: false },
];

describe('default mapping (docs/cli.md)', () => {
  it('sends each column under its trimmed header, system fields under their exact name, skips empty headers', () => {
    const r = defaultMapping([' Name ', 'nj external lead id', 'NJPRIORITY', '', 'nj_call_back_date', 'FirstPhone']);
    expect(r).toEqual({
      ok: true,
      mapping: {
        fields: { Name: '#1', njExternalLeadId: '#2', njPriority: '#3', njCallBackDate: '#5', FirstPhone: '#6' },
        constants: {},
        phoneFields: [],
      },
    });
  });

  it('refuses two columns with the same header, naming both', () => {
    const r = defaultMapping(['Name', 'Phone', 'City', 'Phone']);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/columns 2 and 4 are both named "Phone"/);
  });

  it('recognises system fields ignoring case, spaces and underscores', () => {
    expect(systemFieldFor('NJ_PRIORITY')).toBe('njPriority');
    expect(systemFieldFor('njcontacthours')).toBe('njContactHours');
    expect(systemFieldFor('Priority')).toBeUndefined();
  });
});

describe('resolving a mapping against a file', () => {
  const headers = ['Name', 'Phone', 'Mobile', 'Phone (2)'];
  it('finds columns by header or #N and collects phone fields', () => {
    const r = resolveMapping(
      {
        fields: { Name: 'Name', FirstPhone: 'Phone', Cellular: '#3', Other: '#4' },
        constants: { State: 'VIC' },
        phoneFields: ['Other'],
      },
      headers,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.resolved.columns).toEqual([
      ['Name', 0],
      ['FirstPhone', 1],
      ['Cellular', 2],
      ['Other', 3],
    ]);
    expect([...r.resolved.phoneFields].sort()).toEqual(['Cellular', 'FirstPhone', 'Other']);
    expect(r.resolved.constants).toEqual([['State', 'VIC']]);
  });

  it('says which column is missing', () => {
    const r = resolveMapping({ fields: { Name: 'Full Name' }, constants: {}, phoneFields: [] }, headers);
    expect(!r.ok && r.reason).toBe('field Name: the file has no column named "Full Name"');
    const n = resolveMapping({ fields: { Name: '#9' }, constants: {}, phoneFields: [] }, headers);
    expect(!n.ok && n.reason).toMatch(/no column #9 \(it has 4\)/);
  });

  it('treats a template field marked as a phone as a phone field', () => {
    const r = resolveMapping({ fields: { Contact: 'Phone' }, constants: {}, phoneFields: [] }, headers, [
      { name: 'Contact', isPhone: true, required: false },
    ]);
    expect(r.ok && [...r.resolved.phoneFields]).toEqual(['Contact']);
  });
});

describe('mapping suggestions', () => {
  it.each([
    ['Mobile No.', 'MobilePhone'],
    ['Mobile', 'MobilePhone'],
    ['Cell', 'MobilePhone'],
    ['Post Code', 'PostCode'],
    ['Postcode', 'PostCode'],
    ['ZIP', 'PostCode'],
    ['Account #', 'njExternalLeadId'],
    ['Customer ID', 'njExternalLeadId'],
    ['Phone', 'FirstPhone'],
    ['Ph', 'FirstPhone'],
    ['Telephone', 'FirstPhone'],
    ['Suburb', 'City'],
    ['Street Address', 'StreetAddress'],
    ['Address', 'StreetAddress'],
    ['Full Name', 'Name'],
    ['STATE', 'State'],
    ['Priority', 'njPriority'],
    ['Call Back Date', 'njCallBackDate'],
    ['Contact Hours', 'njContactHours'],
  ])('"%s" → %s', (header, field) => {
    const { suggestions } = suggestMapping([header, 'Unrelated Notes'], sampleFields);
    expect(suggestions.find((s) => s.column === header)?.field).toBe(field);
  });

  it('maps one column to one field, best match first, and leaves unrelated columns out', () => {
    const headers = ['Name', 'Phone', 'Mobile No.', 'Post Code', 'Account #', 'Favourite Colour'];
    const { mapping, suggestions } = suggestMapping(headers, sampleFields);
    expect(mapping.fields).toEqual({
      Name: 'Name',
      FirstPhone: 'Phone',
      MobilePhone: 'Mobile No.',
      PostCode: 'Post Code',
      njExternalLeadId: 'Account #',
    });
    expect(new Set(suggestions.map((s) => s.column)).size).toBe(suggestions.length);
    expect(suggestions.find((s) => s.field === 'Name')?.confidence).toBe(1);
    expect(mapping.phoneFields).toEqual(['FirstPhone', 'MobilePhone']);
  });
});

describe('header fingerprint', () => {
  it('is the same for the same headers (ignoring case and spaces around) and differs otherwise', () => {
    expect(headerFingerprint(['Name', 'Phone '])).toBe(headerFingerprint([' name', 'PHONE']));
    expect(headerFingerprint(['Name', 'Phone'])).not.toBe(headerFingerprint(['Phone', 'Name']));
    expect(headerFingerprint(['a'])).toMatch(/^[0-9a-f]{16}$/);
  });
});
