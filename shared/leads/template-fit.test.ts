import { describe, expect, it } from 'vitest';
import type { LeadField } from '../contract.ts';
import { systemFieldFor } from './mapping.ts';
import { droppedNote, fitMappingToTemplate } from './template-fit.ts';

const field = (name: string, isPhone = false): LeadField => ({ name, isPhone, required: false });

describe('fitMappingToTemplate', () => {
  it('keeps the template’s fields (in its spelling) and the system fields, and drops the rest', () => {
    const fitted = fitMappingToTemplate(
      {
        fields: { name: 'Name', FirstPhone: 'Mobile', Email: 'E-mail', NJPRIORITY: 'Priority' },
        constants: { Fax: '1', njContactHours: 'Business Hours' },
        phoneFields: ['FirstPhone', 'Fax'],
      },
      [field('Name'), field('FirstPhone', true)],
    );
    expect(fitted.mapping).toEqual({
      fields: { Name: 'Name', FirstPhone: 'Mobile', njPriority: 'Priority' },
      constants: { njContactHours: 'Business Hours' },
      phoneFields: ['FirstPhone'],
    });
    expect(fitted.dropped).toEqual(['Email', 'Fax']);
  });

  it('keeps everything when the template’s fields are not recorded', () => {
    const mapping = { fields: { Anything: 'A' }, constants: {}, phoneFields: [] };
    expect(fitMappingToTemplate(mapping, [])).toEqual({ mapping, dropped: [] });
  });

  it('says which fields are left out', () => {
    expect(droppedNote(['Email'])).toBe('Email is not a field of this template: it is left out and will not be sent.');
    expect(droppedNote(['Email', 'Fax'], 'template 41')).toMatch(/^Email, Fax are not fields of template 41/);
  });
});

describe('systemFieldFor', () => {
  it('ignores case, spaces, underscores, hyphens and dots', () => {
    expect(systemFieldFor('NJPRIORITY')).toBe('njPriority');
    expect(systemFieldFor('nj call back date')).toBe('njCallBackDate');
    expect(systemFieldFor('nj_external_lead_id')).toBe('njExternalLeadId');
    expect(systemFieldFor('Nj-Contact-Hours')).toBe('njContactHours');
    expect(systemFieldFor('Priority')).toBeUndefined();
  });
});
