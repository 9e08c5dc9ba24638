import { describe, expect, it } from 'vitest';
import { keepFileColumns } from './mapping.ts';

describe('a saved mapping used on a file with other columns', () => {
  it('keeps the fields whose columns are here and names the others', () => {
    const kept = keepFileColumns(
      {
        fields: { Name: ['First Name', 'Surname'], FirstPhone: 'Mobile', njCallBackDate: 'nj call back date', Notes: '#9' },
        constants: { njPriority: '5' },
        phoneFields: ['FirstPhone'],
      },
      ['First Name', 'Surname', 'Mobile'],
    );
    expect(kept.mapping).toEqual({
      fields: { Name: ['First Name', 'Surname'], FirstPhone: 'Mobile' },
      constants: { njPriority: '5' },
      phoneFields: ['FirstPhone'],
    });
    expect(kept.missing).toEqual(['njCallBackDate', 'Notes']);
  });

  it('drops a combined field when one of its columns is missing', () => {
    const kept = keepFileColumns({ fields: { Name: ['First Name', 'Surname'] }, constants: {}, phoneFields: [] }, ['First Name']);
    expect(kept.mapping.fields).toEqual({});
    expect(kept.missing).toEqual(['Name']);
  });
});
