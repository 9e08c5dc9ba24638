import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LeadField } from '../../../shared/contract.ts';
import { openCatalogue } from '../catalogue/catalogue.ts';
import { UserError } from '../errors.ts';
import { mappingHandlers } from './mapping.ts';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'mapping-handlers-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const fields: LeadField[] = [
  { name: 'Name', isPhone: false, required: false },
  { name: 'FirstPhone', isPhone: true, required: false },
  { name: 'MobilePhone', isPhone: true, required: false },
  { name: 'PostCode', isPhone: false, required: false },
];
const jobs: Record<string, string[]> = {
  jan: ['Customer', 'Phone', 'Mobile No.', 'Post Code', 'Account #'],
  feb: ['customer ', 'PHONE', 'Mobile No.', 'Post Code', 'Account #'],
  other: ['Name', 'Phone'],
};
const servers: Record<string, string> = {
  s1: 'https://pbx.example.com',
  s2: 'https://pbx.example.com/',
  s3: 'https://b.example',
};

function handlers() {
  return mappingHandlers({
    dataDir,
    serverUrlOf: (id) => {
      const url = servers[id];
      if (!url) throw new UserError('unknown-server', `no server ${id}`);
      return url;
    },
    jobHeaders: (id) => jobs[id],
  });
}

describe('mapping handlers', () => {
  it('records template fields per server address and template', async () => {
    const h = handlers();
    await h.saveTemplateFields({ serverId: 's1', templateId: 41, fields, contactHoursNames: ['Business Hours'] });
    // s2 is the same server written with a trailing slash.
    expect(await h.getTemplateFields({ serverId: 's2', templateId: 41 })).toEqual({
      fields,
      contactHoursNames: ['Business Hours'],
    });
    expect(await h.getTemplateFields({ serverId: 's3', templateId: 41 })).toEqual({ fields: [], contactHoursNames: [] });
    await expect(h.getTemplateFields({ serverId: 'gone', templateId: 41 })).rejects.toThrow(/no server gone/);
  });

  it('suggests from the headers when no profile matches', async () => {
    const reply = await handlers().suggestMapping({ jobId: 'jan', fields });
    expect(reply.profileName).toBeUndefined();
    expect(reply.mapping.fields).toMatchObject({
      FirstPhone: 'Phone',
      MobilePhone: 'Mobile No.',
      PostCode: 'Post Code',
      njExternalLeadId: 'Account #',
    });
    expect(reply.mapping.phoneFields).toEqual(['FirstPhone', 'MobilePhone']);
  });

  it('reuses the profile saved from a file with the same header row', async () => {
    const h = handlers();
    const saved = { fields: { Name: 'Customer', FirstPhone: 'Mobile No.' }, constants: { State: 'VIC' }, phoneFields: [] };
    await h.saveProfile({ name: 'Monthly', jobId: 'jan', mapping: saved });
    const feb = await h.suggestMapping({ jobId: 'feb', fields });
    expect(feb.profileName).toBe('Monthly');
    // State is not a field of this template: it is left out, and said so.
    expect(feb.mapping).toEqual({ ...saved, constants: {} });
    expect(feb.droppedFields).toEqual(['State']);
    // Where the template's fields are not recorded there is nothing to fit to: the mapping is kept whole.
    expect((await h.suggestMapping({ jobId: 'feb', fields: [] })).mapping).toEqual(saved);
    const other = await h.suggestMapping({ jobId: 'other', fields });
    expect(other.profileName).toBeUndefined();
    expect(await h.listProfiles({})).toEqual([expect.objectContaining({ name: 'Monthly', mapping: saved })]);
  });

  it('prefers the profile made for this server and template, and fits any profile to the template in hand', async () => {
    const h = handlers();
    const forB = { fields: { Name: 'Customer', Email: 'Post Code', FirstPhone: 'Phone' }, constants: {}, phoneFields: [] };
    const forA = { fields: { Name: 'Customer', MobilePhone: 'Mobile No.' }, constants: {}, phoneFields: [] };
    await h.saveProfile({ name: 'For A', jobId: 'jan', mapping: forA, serverId: 's1', templateId: 41 });
    await h.saveProfile({ name: 'For B', jobId: 'jan', mapping: forB, serverId: 's3', templateId: 9 });
    // s2 is s1: its own profile wins although another was saved later.
    const onA = await h.suggestMapping({ jobId: 'feb', fields, serverId: 's2', templateId: 41 });
    expect(onA).toMatchObject({ profileName: 'For A', mapping: forA, droppedFields: [] });
    // Elsewhere the latest profile is taken, less what the template lacks.
    const elsewhere = await h.suggestMapping({ jobId: 'feb', fields, serverId: 's1', templateId: 99 });
    expect(elsewhere.profileName).toBe('For B');
    expect(elsewhere.mapping.fields).toEqual({ Name: 'Customer', FirstPhone: 'Phone' });
    expect(elsewhere.droppedFields).toEqual(['Email']);
    expect((await h.listProfiles({})).map((p) => [p.name, p.templateId])).toEqual([
      ['For A', 41],
      ['For B', 9],
    ]);
  });

  it('refuses a system field recorded as a template field, and reads an old one as the system field', async () => {
    const h = handlers();
    const withSystem = [...fields, { name: 'NJPRIORITY', isPhone: false, required: false }];
    await expect(
      h.saveTemplateFields({ serverId: 's1', templateId: 41, fields: withSystem, contactHoursNames: [] }),
    ).rejects.toThrow(/"NJPRIORITY" is the system field njPriority/);
    // A catalogue written before the rule: the system field is not offered as a template field.
    const catalogue = openCatalogue(dataDir);
    const file = join(dataDir, 'catalogue', 'templates.json');
    mkdirSync(join(dataDir, 'catalogue'), { recursive: true });
    writeFileSync(
      file,
      JSON.stringify({ version: 1, templates: [{ serverUrl: 'https://pbx.example.com', templateId: 41, fields: withSystem }] }),
    );
    expect(catalogue.template('https://pbx.example.com', 41).fields).toEqual(fields);
  });

  it('saves a profile without a job as not tied to any header row, and deletes it', async () => {
    const h = handlers();
    await h.saveProfile({ name: 'Loose', mapping: { fields: { Name: '#1' }, constants: {}, phoneFields: [] } });
    expect((await h.listProfiles({}))[0].headerFingerprint).toBeUndefined();
    expect((await h.suggestMapping({ jobId: 'jan', fields })).profileName).toBeUndefined();
    await h.deleteProfile({ name: 'loose' });
    expect(await h.listProfiles({})).toEqual([]);
  });

  it('shares state with a catalogue opened elsewhere on the same folder', async () => {
    const h = handlers();
    openCatalogue(dataDir).saveTemplate('https://pbx.example.com', 7, fields, []);
    expect((await h.getTemplateFields({ serverId: 's1', templateId: 7 })).fields).toEqual(fields);
    const shared = mappingHandlers({ catalogue: openCatalogue(dataDir), serverUrlOf: () => servers.s1, jobHeaders: () => [] });
    expect((await shared.getTemplateFields({ serverId: 'any', templateId: 7 })).fields).toEqual(fields);
  });
});
