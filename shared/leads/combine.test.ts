/** Combined columns (a mapping kind): First Name + Surname → Name, from the mapping file to the lead sent. */
import { describe, expect, it } from 'vitest';
import { resolveMapping } from './mapping.ts';
import { formatMappingFile, parseMappingFile } from './mapping-file.ts';
import { createLeadBuilder } from './normalise.ts';

const headers = ['First Name', 'Surname', 'Mobile', 'Title'];
const options = { country: 'AU', dateOrder: 'dmy' as const, contactHoursNames: [] };

describe('combined columns', () => {
  it('join the non-empty cells of their columns by one space, in the order given', () => {
    const r = resolveMapping(
      { fields: { Name: ['Title', 'First Name', '#2'], MobilePhone: 'Mobile' }, constants: {}, phoneFields: [] },
      headers,
    );
    if (!r.ok) throw new Error(r.reason);
    expect(r.resolved.joined).toEqual([['Name', [3, 0, 1]]]);
    expect(r.resolved.columnNames.get('Name')).toBe('Title + First Name + Surname');
    const build = createLeadBuilder(r.resolved, options);
    expect(build.columns).toEqual([2, 3, 0, 1]);
    expect(build(['Ann ', ' Lee', '0412 345 678', '']).payload).toEqual({ Name: 'Ann Lee', MobilePhone: '0412345678' });
    expect(build(['', '', '0412 345 678', '']).payload).toEqual({ MobilePhone: '0412345678' });
  });

  it('name the missing column of a combination', () => {
    const r = resolveMapping({ fields: { Name: ['First Name', 'Last'] }, constants: {}, phoneFields: [] }, headers);
    expect(r).toEqual({ ok: false, reason: 'field Name: the file has no column named "Last"' });
  });

  it('are read from and written to the mapping file, and a list of one or an empty part is refused', () => {
    const text = '{"fields":{"Name":["First Name","Surname"],"MobilePhone":"Mobile"}}';
    const parsed = parseMappingFile(text, 'map.json');
    expect(parsed).toEqual({
      ok: true,
      mapping: { fields: { Name: ['First Name', 'Surname'], MobilePhone: 'Mobile' }, constants: {}, phoneFields: [] },
    });
    if (parsed.ok) expect(parseMappingFile(formatMappingFile(parsed.mapping), 'again.json')).toEqual(parsed);
    expect(parseMappingFile('{"fields":{"Name":["First Name"]}}', 'one.json')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^one\.json: fields\.Name/),
    });
    expect(parseMappingFile('{"fields":{"Name":["First Name"," "]}}', 'blank.json')).toEqual({
      ok: false,
      reason: 'blank.json: fields.Name.1: the column is empty (header text or #N)',
    });
  });
});
