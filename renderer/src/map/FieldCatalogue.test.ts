import { describe, expect, it } from 'vitest';
import { fieldsFromColumns } from './FieldCatalogue.tsx';

describe("fields proposed from a file's columns", () => {
  it('leaves the columns meant for system fields to them, named or plainly meant', () => {
    const { fields, system } = fieldsFromColumns([
      'First Name',
      'Mobile',
      'Priority',
      'Call Back',
      'Contact Hours',
      'NJ_PRIORITY',
      'Account',
      '',
    ]);
    expect(fields.map((f) => f.name)).toEqual(['FirstName', 'Mobile', 'Account']);
    expect(fields.find((f) => f.name === 'Mobile')?.isPhone).toBe(true);
    expect(system).toEqual([
      'Priority → njPriority',
      'Call Back → njCallBackDate',
      'Contact Hours → njContactHours',
      'NJ_PRIORITY → njPriority',
    ]);
  });
});
