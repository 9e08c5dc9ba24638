import { describe, expect, it } from 'vitest';
import { encodeCells } from '../store/cells.ts';
import { createPhonePrefilter } from './build.ts';

const rules = {
  headers: ['Name', 'Phone', 'Mobile'],
  mapping: { fields: { Name: 'Name', FirstPhone: 'Phone', MobilePhone: 'Mobile' }, constants: {}, phoneFields: [] },
  options: { country: 'AU', dateOrder: 'dmy' as const, allowDuplicates: false, contactHoursNames: [] },
};

describe('the phone prefilter for re-checking an edit', () => {
  const mayMatch = createPhonePrefilter(rules, ['0383218199']);

  it.each([['(03) 8321 8199'], ['+61 3 8321 8199'], ['383218199'], ['03 8321 8199 ext 12'], ['0383218199']])(
    'lets %j through, however it is written',
    (phone) => {
      expect(mayMatch?.(encodeCells(['Zoë', '', phone]))).toBe(true);
    },
  );

  it('holds back rows whose digits cannot make the number', () => {
    expect(mayMatch?.(encodeCells(['Zoë', '0412 345 678', '(03) 8321 8198']))).toBe(false);
  });

  it('cannot judge a phone that comes from a constant', () => {
    const constant = { ...rules, mapping: { ...rules.mapping, constants: { MobilePhone: '0412345678' } } };
    expect(createPhonePrefilter(constant, ['0383218199'])).toBeUndefined();
  });
});
