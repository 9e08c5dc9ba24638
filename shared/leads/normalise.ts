/**
 * One source row → the lead to send and what is wrong with it. Pure and shared, so that the preview
 * in the window and the engine that sends apply exactly the same rules.
 */
import type { Issue, LeadField, NormaliseOptions } from '../contract.ts';
import { normaliseDate } from './date.ts';
import type { ResolvedMapping } from './mapping.ts';
import { createPhoneNormaliser } from './phone.ts';
import { cleanText } from './text.ts';

export type RawCells = ReadonlyArray<number | Date | undefined | null>;
export interface BuiltLead {
  payload: Record<string, string>;
  issues: Issue[];
}
export type LeadBuilder = (cells: readonly string[], raw?: RawCells) => BuiltLead;

export type BuilderOptions = Pick<NormaliseOptions, 'country' | 'dateOrder' | 'contactHoursNames'> & {
  fields?: readonly LeadField[];
};

export function createLeadBuilder(resolved: ResolvedMapping, options: BuilderOptions): LeadBuilder {
  const phones = createPhoneNormaliser(options.country);
  const contactHours = new Map(options.contactHoursNames.map((n) => [n.toLowerCase(), n]));
  const required = (options.fields ?? []).filter((f) => f.required).map((f) => f.name);
  const { columns, constants, phoneFields, columnNames } = resolved;
  const anyPhoneField = phoneFields.size > 0;

  return (cells, raw) => {
    const payload: Record<string, string> = {};
    const issues: Issue[] = [];
    const badPhones: Issue[] = [];
    let goodPhones = 0;

    const accept = (field: string, text: string, rawValue: number | Date | undefined | null, column: string | undefined) => {
      const value = cleanText(text);
      if (value === '' && !(rawValue instanceof Date)) return;
      const where = { field, column };
      if (phoneFields.has(field)) {
        const r = phones.normalise(value, rawValue ?? undefined);
        if (r.ok) {
          payload[field] = r.value;
          goodPhones++;
          if (r.warning) issues.push({ ...where, severity: 'warning', message: `${field}: ${r.warning}` });
        } else {
          badPhones.push({ ...where, severity: 'error', message: `${field}: ${r.reason}` });
        }
        return;
      }
      switch (field) {
        case 'njCallBackDate': {
          const r = normaliseDate(value, options.dateOrder, rawValue ?? undefined);
          if (r.ok) {
            payload[field] = r.value;
            if (r.warning) issues.push({ ...where, severity: 'warning', message: `${field}: ${r.warning}` });
          } else issues.push({ ...where, severity: 'error', message: `${field}: ${r.reason}` });
          return;
        }
        case 'njPriority': {
          const n = Number(value);
          if (!/^\d+(?:\.0+)?$/.test(value) || n > 100) {
            issues.push({ ...where, severity: 'error', message: `njPriority "${value}" must be a whole number from 0 to 100` });
          } else payload[field] = String(n);
          return;
        }
        case 'njContactHours': {
          if (contactHours.size > 0) {
            const known = contactHours.get(value.toLowerCase());
            if (!known) {
              issues.push({
                ...where,
                severity: 'error',
                message: `njContactHours "${value}" is not one of the Contact Hours listed for this template (${[...contactHours.values()].join(', ')})`,
              });
              return;
            }
            payload[field] = known;
            return;
          }
          payload[field] = value;
          return;
        }
        default:
          payload[field] = value;
      }
    };

    for (const [field, index] of columns) accept(field, cells[index] ?? '', raw?.[index], columnNames.get(field));
    for (const [field, value] of constants) accept(field, value, undefined, undefined);

    if (goodPhones === 0) {
      issues.push(...badPhones);
      const detail = badPhones.length
        ? ''
        : anyPhoneField
          ? ' (the phone columns are empty)'
          : ' (no column is mapped to a phone field)';
      issues.push({ severity: 'error', message: `no dialable phone number${detail}` });
    } else {
      for (const bad of badPhones)
        issues.push({ ...bad, severity: 'warning', message: `${bad.message}; left out, another phone is valid` });
    }
    for (const name of required) {
      if (payload[name] === undefined && !issues.some((i) => i.field === name)) {
        issues.push({
          field: name,
          column: columnNames.get(name),
          severity: 'error',
          message: `${name} is required by the template but empty`,
        });
      }
    }
    return { payload, issues };
  };
}

export const hasErrors = (issues: readonly Issue[]) => issues.some((i) => i.severity === 'error');
