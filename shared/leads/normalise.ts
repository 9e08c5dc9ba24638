/**
 * One source row → the lead to send and what is wrong with it. Pure and shared, so that the preview
 * in the window and the engine that sends apply exactly the same rules.
 *
 * Choices where the server's rules leave room:
 * - A phone field that holds something undialable while another phone of the lead is fine: a warning, and
 *   the bad value is left out of the lead (sending it would only make the server reject the whole lead).
 * - Numbers of another country are sent as `+<country code><number>`; see phone.ts.
 * - A call-back date without a time gets 09:00, without a warning on the row (said once: NO_TIME_NOTE in date.ts).
 * - Contact Hours names are matched ignoring case and sent as the template lists them.
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
export type BuildLead = (cells: readonly string[], raw?: RawCells) => BuiltLead;
/**
 * Callable itself, and as `.build`, so both `builder(cells)` and `builder.build(cells)` read naturally.
 * `columns` are the source columns it reads.
 */
export type LeadBuilder = BuildLead & { build: BuildLead; columns: readonly number[] };

export type BuilderOptions = Pick<NormaliseOptions, 'country' | 'dateOrder' | 'contactHoursNames'> & {
  fields?: readonly LeadField[];
  /**
   * Build only the fields that have rules (phones, call-back date, priority, Contact Hours, the external
   * id the checks across a file use, and required fields): the same issues, but a payload without the
   * plain text fields. For validating a million rows, where what is sent is derived again when sending.
   */
  validateOnly?: boolean;
};

type Kind = 'phone' | 'callBack' | 'priority' | 'contactHours' | 'text';

interface Step {
  field: string;
  kind: Kind;
  /** Source column index; -1 for a constant. */
  index: number;
  /** The source columns of a combined field, joined by a space; the value is then text (no raw cell). */
  parts?: readonly number[];
  /** Header text of the source column, for messages and for highlighting the cell. */
  column: string | undefined;
}

interface RowState {
  payload: Record<string, string>;
  issues: Issue[];
  badPhones: Issue[];
  goodPhones: number;
}

const newState = (): RowState => ({ payload: {}, issues: [], badPhones: [], goodPhones: 0 });
const PRIORITY = /^\d{1,3}(?:\.0+)?$/;
/** Whether a cell is a priority the dialler takes: a whole number from 0 to 100 (lower is called first). */
export const isPriority = (value: string): boolean => PRIORITY.test(value) && Number(value) <= 100;

export function createLeadBuilder(resolved: ResolvedMapping, options: BuilderOptions): LeadBuilder {
  const phones = createPhoneNormaliser(options.country);
  const contactHours = new Map(options.contactHoursNames.map((n) => [n.trim().toLowerCase(), n.trim()]));
  const contactHoursList = [...contactHours.values()].join(', ');
  const required = (options.fields ?? []).filter((f) => f.required).map((f) => f.name);
  const { phoneFields, columnNames } = resolved;

  const kindOf = (field: string): Kind => {
    if (phoneFields.has(field)) return 'phone';
    if (field === 'njCallBackDate') return 'callBack';
    if (field === 'njPriority') return 'priority';
    if (field === 'njContactHours') return 'contactHours';
    return 'text';
  };
  const checked = (field: string) => kindOf(field) !== 'text' || field === 'njExternalLeadId' || required.includes(field);
  const steps: Step[] = [
    ...resolved.columns.map(([field, index]): Step => ({ field, kind: kindOf(field), index, column: columnNames.get(field) })),
    ...resolved.joined.map(
      ([field, parts]): Step => ({ field, kind: kindOf(field), index: parts[0], parts, column: columnNames.get(field) }),
    ),
  ].filter((step) => !options.validateOnly || checked(step.field));

  const apply = (state: RowState, step: Step, value: string, raw: number | Date | undefined): void => {
    const { field, column } = step;
    switch (step.kind) {
      case 'phone': {
        const r = phones.normalise(value, raw);
        if (r.ok) {
          state.payload[field] = r.value;
          state.goodPhones++;
          if (r.warning) state.issues.push({ field, column, severity: 'warning', message: `${field}: ${r.warning}` });
        } else state.badPhones.push({ field, column, severity: 'error', message: `${field}: ${r.reason}` });
        return;
      }
      case 'callBack': {
        const r = normaliseDate(value, options.dateOrder, raw);
        if (r.ok) {
          state.payload[field] = r.value;
        } else state.issues.push({ field, column, severity: 'error', message: `${field}: ${r.reason}` });
        return;
      }
      case 'priority': {
        const n = Number(value);
        if (!isPriority(value)) {
          const message = `njPriority "${value}" must be a whole number from 0 to 100 (lower is called first)`;
          state.issues.push({ field, column, severity: 'error', message });
        } else state.payload[field] = String(n);
        return;
      }
      case 'contactHours': {
        if (contactHours.size === 0) {
          state.payload[field] = value;
          return;
        }
        const known = contactHours.get(value.toLowerCase());
        if (known) state.payload[field] = known;
        else {
          const message = `njContactHours "${value}" is not one of the Contact Hours listed for this template (${contactHoursList})`;
          state.issues.push({ field, column, severity: 'error', message });
        }
        return;
      }
      default:
        state.payload[field] = value;
    }
  };

  // Constants are the same on every row: check them once.
  const constantState = newState();
  for (const [field, text] of resolved.constants) {
    const value = cleanText(text);
    if (value !== '') apply(constantState, { field, kind: kindOf(field), index: -1, column: undefined }, value, undefined);
  }
  const constantEntries = Object.entries(constantState.payload);

  const build: BuildLead = (cells, raw) => {
    const state = newState();
    for (const step of steps) {
      const rawValue = step.parts ? undefined : (raw?.[step.index] ?? undefined);
      const value = step.parts ? joinCells(cells, step.parts) : cleanText(cells[step.index] ?? '');
      // A date cell whose display is empty still holds its date.
      if (value === '' && !(rawValue instanceof Date)) continue;
      apply(state, step, value, rawValue);
    }
    const { payload, issues, badPhones } = state;
    for (const [field, value] of constantEntries) payload[field] = value;
    if (constantState.issues.length > 0) issues.push(...constantState.issues);
    if (constantState.badPhones.length > 0) badPhones.push(...constantState.badPhones);
    const goodPhones = state.goodPhones + constantState.goodPhones;

    if (goodPhones === 0) {
      issues.push(...badPhones);
      const detail =
        badPhones.length > 0
          ? ''
          : phoneFields.size > 0
            ? ` (the phone columns are empty: ${[...phoneFields].join(', ')})`
            : ' (no column is mapped to a phone field)';
      issues.push({ severity: 'error', message: `no dialable phone number${detail}` });
    } else {
      for (const bad of badPhones) {
        issues.push({ ...bad, severity: 'warning', message: `${bad.message}; left out of the lead, another phone is valid` });
      }
    }
    for (const name of required) {
      if (payload[name] === undefined && !issues.some((i) => i.field === name)) {
        const message = `${name} is required by the template but empty`;
        issues.push({ field: name, column: columnNames.get(name), severity: 'error', message });
      }
    }
    return { payload, issues };
  };
  return Object.assign(build, { build, columns: [...new Set(steps.flatMap((step) => step.parts ?? [step.index]))] });
}

/** A combined field's value: its columns' cleaned, non-empty cells joined by one space. */
function joinCells(cells: readonly string[], parts: readonly number[]): string {
  let value = '';
  for (const index of parts) {
    const cell = cleanText(cells[index] ?? '');
    if (cell) value = value ? `${value} ${cell}` : cell;
  }
  return value;
}

export const hasErrors = (issues: readonly Issue[]) => issues.some((i) => i.severity === 'error');
