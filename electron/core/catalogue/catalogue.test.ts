import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LeadField, MappingSpec } from '../../../shared/contract.ts';
import { parseMappingFile } from '../../../shared/leads/mapping-file.ts';
import { openCatalogue } from './catalogue.ts';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'catalogue-test-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const fields: LeadField[] = [
  { name: 'Name', isPhone: false, required: true },
  { name: 'FirstPhone', isPhone: true, required: false },
  { name: 'Mobile', isPhone: true, required: false },
];
const mapping: MappingSpec = {
  fields: { Name: 'Full Name', FirstPhone: 'Phone', Mobile: '#4' },
  constants: { State: 'VIC' },
  phoneFields: ['Mobile'],
};

describe('template field catalogue', () => {
  it('keeps fields and Contact Hours per server and template, across openings', () => {
    const catalogue = openCatalogue(dataDir);
    expect(catalogue.template('https://pbx.example.com', 41)).toEqual({ fields: [], contactHoursNames: [] });
    catalogue.saveTemplate('https://pbx.example.com', 41, fields, [' Business Hours ', 'After Hours', 'business hours']);
    catalogue.saveTemplate('https://other.example.com', 41, [fields[1]], []);
    const reopened = openCatalogue(dataDir);
    expect(reopened.template('https://pbx.example.com', 41)).toEqual({
      fields,
      contactHoursNames: ['Business Hours', 'After Hours'],
    });
    expect(reopened.template('https://other.example.com', 41).fields).toEqual([fields[1]]);
    expect(reopened.template('https://pbx.example.com', 42).fields).toEqual([]);
  });

  it('recognises the same server however its address was written', () => {
    const catalogue = openCatalogue(dataDir);
    catalogue.saveTemplate('pbx.example.com', 41, fields, []);
    expect(catalogue.template('HTTPS://PBX.example.com/servicemanager/rest/CampaignAPI/', 41).fields).toEqual(fields);
    catalogue.saveTemplate('https://pbx.example.com/', 41, [fields[0]], []);
    expect(catalogue.template('pbx.example.com', 41).fields).toEqual([fields[0]]);
  });

  it('refuses a field listed twice or without a name', () => {
    const catalogue = openCatalogue(dataDir);
    expect(() => catalogue.saveTemplate('https://a.example', 1, [...fields, { ...fields[0], name: 'name ' }], [])).toThrow(
      /"name" is listed twice \(also as "Name"\)/,
    );
    expect(() => catalogue.saveTemplate('https://a.example', 1, [{ ...fields[0], name: '  ' }], [])).toThrow(/needs a name/);
  });

  it('writes atomically and leaves no temporary files', () => {
    const catalogue = openCatalogue(dataDir);
    for (let i = 0; i < 5; i++) catalogue.saveTemplate('https://a.example', i, fields, []);
    expect(readdirSync(join(dataDir, 'catalogue')).sort()).toEqual(['templates.json']);
    expect(JSON.parse(readFileSync(join(dataDir, 'catalogue', 'templates.json'), 'utf8')).templates).toHaveLength(5);
  });

  it('keeps an unreadable file aside, says so once, and starts afresh', () => {
    mkdirSync(join(dataDir, 'catalogue'), { recursive: true });
    writeFileSync(join(dataDir, 'catalogue', 'templates.json'), '{"version":1,"templates":[{"oops"');
    const catalogue = openCatalogue(dataDir);
    expect(() => catalogue.template('https://a.example', 1)).toThrow(
      /templates.json .* could not be read \(not valid JSON.*kept as templates\.json\.unreadable-/,
    );
    const kept = readdirSync(join(dataDir, 'catalogue')).filter((f) => f.startsWith('templates.json.unreadable-'));
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(dataDir, 'catalogue', kept[0]), 'utf8')).toContain('oops');
    expect(catalogue.template('https://a.example', 1)).toEqual({ fields: [], contactHoursNames: [] });
  });

  it('names the wrong part of a file that is JSON but not a catalogue', () => {
    mkdirSync(join(dataDir, 'catalogue'), { recursive: true });
    writeFileSync(join(dataDir, 'catalogue', 'profiles.json'), '{"version":1,"profiles":[{"name":"x"}]}');
    expect(() => openCatalogue(dataDir).profiles()).toThrow(/profiles\.0\.mapping/);
  });
});

describe('mapping profiles', () => {
  const headers = ['Full Name', 'Phone', 'City', 'Mobile'];

  it('saves, replaces by name ignoring case, lists and deletes', () => {
    const catalogue = openCatalogue(dataDir);
    catalogue.saveProfile({ name: ' Monthly list ', mapping });
    catalogue.saveProfile({ name: 'Other', mapping: { ...mapping, constants: {} } });
    catalogue.saveProfile({ name: 'monthly LIST', mapping: { ...mapping, phoneFields: [] } });
    expect(catalogue.profiles().map((p) => p.name)).toEqual(['Other', 'monthly LIST']);
    catalogue.deleteProfile('OTHER');
    expect(
      openCatalogue(dataDir)
        .profiles()
        .map((p) => p.name),
    ).toEqual(['monthly LIST']);
    expect(() => catalogue.deleteProfile('Nope')).toThrow(/no mapping profile named "Nope"/);
    expect(() => catalogue.saveProfile({ name: '  ', mapping })).toThrow(/needs a name/);
  });

  it('is found again for a file with the same header row, not for another', () => {
    const catalogue = openCatalogue(dataDir);
    catalogue.importProfile('Monthly', JSON.stringify(mapping), 'monthly.json', headers);
    catalogue.saveProfile({ name: 'Unrelated', mapping });
    expect(catalogue.findProfileForHeaders([' full name', 'PHONE', 'City ', 'Mobile'])?.name).toBe('Monthly');
    expect(catalogue.findProfileForHeaders(['Full Name', 'Phone', 'City'])).toBeUndefined();
  });

  it('round-trips through the --mapping file format', () => {
    const catalogue = openCatalogue(dataDir);
    catalogue.saveProfile({ name: 'Monthly', mapping });
    const text = catalogue.exportProfile('monthly');
    expect(JSON.parse(text)).toEqual({
      fields: { Name: 'Full Name', FirstPhone: 'Phone', Mobile: '#4' },
      constants: { State: 'VIC' },
      phoneFields: ['Mobile'],
    });
    expect(parseMappingFile(text, 'monthly.json')).toEqual({ ok: true, mapping });
    const imported = catalogue.importProfile('Copy', text, 'monthly.json');
    expect(imported.mapping).toEqual(mapping);
    expect(catalogue.profile('copy')?.mapping).toEqual(mapping);
    expect(() => catalogue.exportProfile('Missing')).toThrow(/no mapping profile named "Missing"/);
  });

  it('refuses a bad mapping file with a clear reason and saves nothing', () => {
    const catalogue = openCatalogue(dataDir);
    expect(() => catalogue.importProfile('Bad', '{"fields": {"Name": 3}}', 'bad.json')).toThrow(
      /^bad\.json: fields\.Name: .*expected \{"fields"/,
    );
    expect(catalogue.profiles()).toEqual([]);
    expect(existsSync(join(dataDir, 'catalogue', 'profiles.json'))).toBe(false);
  });
});

describe('the --mapping file format', () => {
  it.each([
    ['not JSON', '{fields:', /^m\.json: not valid JSON/],
    ['fields missing', '{"constants":{}}', /^m\.json: fields: /],
    ['a misspelt key', '{"fields":{},"constant":{"State":"VIC"}}', /^m\.json: .*constant/],
    ['a column that is not a string', '{"fields":{"Name":1}}', /^m\.json: fields\.Name: /],
    ['an empty column', '{"fields":{"Name":" "}}', /fields\.Name: the column is empty/],
    ['a bad column number', '{"fields":{"Name":"#0"}}', /"#0" is not a column number/],
    ['phoneFields not a list', '{"fields":{},"phoneFields":"Mobile"}', /^m\.json: phoneFields: /],
  ])('refuses %s', (_case, text, reason) => {
    const r = parseMappingFile(text, 'm.json');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(reason);
  });

  it('fills in what may be left out and accepts a byte order mark', () => {
    expect(parseMappingFile('\ufeff{"fields":{"FirstPhone":"#2"}}', 'm.json')).toEqual({
      ok: true,
      mapping: { fields: { FirstPhone: '#2' }, constants: {}, phoneFields: [] },
    });
  });
});
