/**
 * One row per lead field (the template's, then the system fields): where its value comes from (a column,
 * several columns combined, the same value for every lead, or not sent), the first three values that
 * choice gives, and how the choice was made (same name / matching name / close guess / chosen by you / not sent). A template field's
 * "phone" box says whether the server dials it; changing it records it for the template.
 */
import type { ReactNode } from 'react';
import type { LeadField, MappingSpec } from '../../../shared/contract.ts';
import { PHONE_NAME, SYSTEM_FIELDS } from '../../../shared/leads/mapping.ts';
import { isPhoneField, MATCH_LABEL, matchKind, type Source, sampleValues } from './mapping-view.ts';

const CONSTANT = '__constant__';
const COMBINE = '__combine__';
const NOT_SENT = '';

export type SourceChoice = { kind: 'column'; source: Source } | { kind: 'constant'; value: string } | { kind: 'none' };

export function MappingTable(props: {
  fields: readonly LeadField[];
  headers: readonly string[];
  rows: readonly (readonly string[])[];
  mapping: MappingSpec;
  suggestions: readonly { field: string; column: string; confidence: number }[];
  chosenByHand: readonly string[];
  onChoose(field: string, choice: SourceChoice): void;
  onPhone(field: string, isPhone: boolean): void;
}) {
  const { fields, headers, rows, mapping } = props;
  const names = [...fields.map((f) => f.name), ...SYSTEM_FIELDS.filter((s) => !fields.some((f) => f.name === s))];
  const columnValue = (i: number) => (headers.filter((x) => x === headers[i]).length > 1 ? `#${i + 1}` : headers[i]);
  const columnOptions = headers.map((h, i) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: a column is its position; headers may repeat or be empty
    <option key={i} value={columnValue(i)}>
      {h || `column ${i + 1}`}
    </option>
  ));

  const onSelect = (field: string, value: string) => {
    const current = mapping.fields[field];
    if (value === NOT_SENT) props.onChoose(field, { kind: 'none' });
    else if (value === CONSTANT) props.onChoose(field, { kind: 'constant', value: '' });
    else if (value === COMBINE) {
      const first = typeof current === 'string' ? current : columnValue(0);
      const second = columnValue(headers.findIndex((_, i) => columnValue(i) !== first));
      // The two start in the file's own order (First Name before Surname, as files are laid out); either can be changed.
      const at = (value: string) => headers.findIndex((_, i) => columnValue(i) === value);
      const pair = at(second) >= 0 && at(second) < at(first) ? [second, first] : [first, second];
      props.onChoose(field, { kind: 'column', source: pair });
    } else props.onChoose(field, { kind: 'column', source: value });
  };

  return (
    <table className="mapping-table">
      <thead>
        <tr>
          <th scope="col">Lead field</th>
          <th scope="col">Comes from</th>
          <th scope="col">First values</th>
          <th scope="col">Match</th>
        </tr>
      </thead>
      <tbody>
        {names.map((field) => {
          const source = mapping.fields[field];
          const recorded = fields.find((f) => f.name === field);
          const selected =
            source === undefined
              ? field in mapping.constants
                ? CONSTANT
                : NOT_SENT
              : typeof source === 'string'
                ? source
                : COMBINE;
          const match = matchKind(field, source, props.suggestions, props.chosenByHand, selected === CONSTANT, headers);
          const samples = source === undefined ? [] : sampleValues(source, headers, rows);
          return (
            <tr key={field}>
              <th scope="row">
                {field}
                {!recorded && <span className="muted system-tag"> (system)</span>}
                {recorded ? (
                  <label className="inline phone-flag">
                    <input
                      type="checkbox"
                      // A name with phone, mobile, cell or tel in it is always a phone field for the app.
                      disabled={PHONE_NAME.test(field)}
                      checked={isPhoneField(field, mapping, fields)}
                      onChange={(e) => props.onPhone(field, e.target.checked)}
                    />{' '}
                    phone
                  </label>
                ) : null}
              </th>
              <td>
                <select aria-label={`Source of ${field}`} value={selected} onChange={(e) => onSelect(field, e.target.value)}>
                  <option value={NOT_SENT}>— not sent —</option>
                  {columnOptions}
                  <option value={COMBINE}>Several columns combined…</option>
                  <option value={CONSTANT}>The same value for every lead…</option>
                </select>
                {selected === CONSTANT && (
                  <input
                    aria-label={`Value of ${field} for every lead`}
                    value={mapping.constants[field] ?? ''}
                    onChange={(e) => props.onChoose(field, { kind: 'constant', value: e.target.value })}
                  />
                )}
                {Array.isArray(source) && (
                  <CombinedParts field={field} parts={source} options={columnOptions} onChange={props.onChoose} />
                )}
              </td>
              <td className="samples" aria-label={`First values of ${field}`}>
                {samples.length ? (
                  // A value breaks between values, not inside one ("03 8321 8101" kept whole), unless it is long.
                  samples.map((value, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: the same value may stand twice among the first ones
                    <span key={i}>
                      {i > 0 && ' · '}
                      <span className={value.length > 24 ? 'sample long' : 'sample'}>{value}</span>
                    </span>
                  ))
                ) : (
                  <span className="muted">{source === undefined ? '' : '(empty)'}</span>
                )}
              </td>
              <td>{match && <span className={`badge match-${match}`}>{MATCH_LABEL[match]}</span>}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function CombinedParts(props: {
  field: string;
  parts: string[];
  options: ReactNode;
  onChange(field: string, choice: SourceChoice): void;
}) {
  const { field, parts } = props;
  const set = (next: string[]) => props.onChange(field, { kind: 'column', source: next });
  return (
    <div className="combined">
      {parts.map((part, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts are positions in the combination
        <span key={i} className="row">
          {i > 0 && <span aria-hidden="true">+</span>}
          <select
            aria-label={`Column ${i + 1} of ${field}`}
            value={part}
            onChange={(e) => set(parts.map((p, j) => (j === i ? e.target.value : p)))}
          >
            {props.options}
          </select>
          {parts.length > 2 && (
            <button
              type="button"
              className="ghost"
              aria-label={`Remove column ${i + 1} of ${field}`}
              onClick={() => set(parts.filter((_, j) => j !== i))}
            >
              ×
            </button>
          )}
        </span>
      ))}
      <button type="button" className="link" onClick={() => set([...parts, parts[parts.length - 1]])}>
        + another column
      </button>
      <span className="muted"> joined by a space</span>
    </div>
  );
}
