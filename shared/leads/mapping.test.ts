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
    expect(!r.ok && r.reason).toMatch(/^columns 2 and 4 are both named "Phone": map them with #N/);
  });

  it('refuses two headers that name the same system field, quoting both', () => {
    const r = defaultMapping(['njPriority', 'Phone', 'NJ PRIORITY']);
    expect(!r.ok && r.reason).toMatch(/^columns 1 \("njPriority"\) and 3 \("NJ PRIORITY"\) would both be sent as njPriority/);
  });

  it('treats headers that differ only by surrounding spaces as the same', () => {
    const r = defaultMapping(['Phone', ' Phone ']);
    expect(!r.ok && r.reason).toMatch(/columns 1 and 2 are both named "Phone"/);
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

  it('refuses a header named by two columns and a column number out of range', () => {
    const dup = resolveMapping({ fields: { FirstPhone: 'Phone' }, constants: {}, phoneFields: [] }, ['Phone', 'Phone']);
    expect(!dup.ok && dup.reason).toMatch(/2 columns are named "Phone" \(columns 1, 2\): use #N/);
    const zero = resolveMapping({ fields: { Name: '#0' }, constants: {}, phoneFields: [] }, headers);
    expect(!zero.ok && zero.reason).toMatch(/field Name: the file has no column #0/);
  });

  it('counts constants and names that look like phones as phone fields', () => {
    const r = resolveMapping(
      { fields: { HomeTel: 'Phone' }, constants: { OfficePhone: '0383218199' }, phoneFields: [] },
      headers,
    );
    expect(r.ok && [...r.resolved.phoneFields].sort()).toEqual(['HomeTel', 'OfficePhone']);
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
    ['Customer #', 'njExternalLeadId'],
    ['Client No', 'njExternalLeadId'],
    ['Customer', 'Name'],
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

describe('mapping suggestions for whole files', () => {
  const fields: LeadField[] = [...sampleFields, { name: 'SecondPhone', isPhone: true, required: false }];
  it.each([
    [
      'a CRM export',
      [
        'First Name',
        'Home Phone',
        'Work Phone',
        'Mobile Number',
        'E-mail',
        'Address Line 1',
        'Suburb',
        'State',
        'Postcode',
        'Customer Number',
        'Callback',
      ],
      {
        Name: 'First Name',
        FirstPhone: 'Home Phone',
        SecondPhone: 'Work Phone',
        MobilePhone: 'Mobile Number',
        StreetAddress: 'Address Line 1',
        City: 'Suburb',
        State: 'State',
        PostCode: 'Postcode',
        njExternalLeadId: 'Customer Number',
        njCallBackDate: 'Callback',
      },
    ],
    [
      'a purchased list',
      [
        'Contact',
        'Company',
        'Phone 1',
        'Phone 2',
        'Street',
        'Town',
        'Region',
        'Zip Code',
        'Lead ID',
        'Priority',
        'Call back date',
      ],
      {
        Name: 'Contact',
        FirstPhone: 'Phone 1',
        SecondPhone: 'Phone 2',
        StreetAddress: 'Street',
        City: 'Town',
        State: 'Region',
        PostCode: 'Zip Code',
        njExternalLeadId: 'Lead ID',
        njPriority: 'Priority',
        njCallBackDate: 'Call back date',
      },
    ],
    [
      'terse hand-made headers',
      ['name', 'phone', 'phone2', 'mob', 'addr', 'city', 'pcode', 'acct no', 'Fax'],
      {
        Name: 'name',
        FirstPhone: 'phone',
        SecondPhone: 'phone2',
        MobilePhone: 'mob',
        StreetAddress: 'addr',
        City: 'city',
        PostCode: 'pcode',
        njExternalLeadId: 'acct no',
      },
    ],
    [
      'a database dump',
      [
        'FULL_NAME',
        'PHONE_NUMBER',
        'ALT_PHONE',
        'MOBILE_NO',
        'STREET_ADDRESS',
        'SUBURB',
        'STATE',
        'POST_CODE',
        'ACCOUNT_NO',
        'NJ_PRIORITY',
        'nj contact hours',
      ],
      {
        Name: 'FULL_NAME',
        FirstPhone: 'PHONE_NUMBER',
        SecondPhone: 'ALT_PHONE',
        MobilePhone: 'MOBILE_NO',
        StreetAddress: 'STREET_ADDRESS',
        City: 'SUBURB',
        State: 'STATE',
        PostCode: 'POST_CODE',
        njExternalLeadId: 'ACCOUNT_NO',
        njPriority: 'NJ_PRIORITY',
        njContactHours: 'nj contact hours',
      },
    ],
  ])('%s', (_case, headers, expected) => {
    const { mapping } = suggestMapping(headers, fields);
    expect(mapping.fields).toEqual(expected);
  });

  it('pairs numbered and alternative phone columns with the matching field, whatever their order', () => {
    expect(suggestMapping(['Phone 2', 'Name', 'Phone 1'], fields).mapping.fields).toMatchObject({
      FirstPhone: 'Phone 1',
      SecondPhone: 'Phone 2',
    });
    expect(suggestMapping(['Alt Phone', 'Primary Phone'], fields).mapping.fields).toEqual({
      FirstPhone: 'Primary Phone',
      SecondPhone: 'Alt Phone',
    });
  });

  it('names repeated headers by column number', () => {
    const { mapping } = suggestMapping(['Phone', 'Phone'], fields);
    expect(Object.values(mapping.fields).sort()).toEqual(['#1', '#2']);
  });
});

describe('header fingerprint', () => {
  it('is the same for the same headers (ignoring case and spaces around) and differs otherwise', () => {
    expect(headerFingerprint(['Name', 'Phone '])).toBe(headerFingerprint([' name', 'PHONE']));
    expect(headerFingerprint(['Name', 'Phone'])).not.toBe(headerFingerprint(['Phone', 'Name']));
    expect(headerFingerprint(['a'])).toMatch(/^[0-9a-f]{16}$/);
  });
});
