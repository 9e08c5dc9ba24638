/**
 * The template's lead fields, recorded once per server and template (the Campaigner API cannot list them).
 * "Start from this file's columns" proposes one field per column, except columns that are system fields
 * (`NJPRIORITY`, `nj call back date`…) or plainly meant for one ("Priority", "Call Back", "Contact Hours"):
 * those map to the system field and are never template fields. A
 * proposed field is marked "phone" only when its name says so: whether the server dials a field is the
 * template's setting, which the person knows and the file cannot tell (the Map step warns about numbers
 * sent to a field not marked "phone").
 */
import { useEffect, useState } from 'react';
import type { LeadField } from '../../../shared/contract.ts';
import { PHONE_NAME, systemFieldMeant } from '../../../shared/leads/mapping.ts';
import { ErrorLine } from '../components/ErrorLine.tsx';

/** Fields proposed from a file's columns, and the columns left out because they are system fields. */
export function fieldsFromColumns(headers: readonly string[]): { fields: LeadField[]; system: string[] } {
  const fields: LeadField[] = [];
  const system: string[] = [];
  for (const header of headers) {
    if (!header.trim()) continue;
    const systemField = systemFieldMeant(header);
    if (systemField) {
      system.push(`${header.trim()} → ${systemField}`);
      continue;
    }
    const name = header.replace(/[^\w]/g, '');
    if (!name || fields.some((f) => f.name.toLowerCase() === name.toLowerCase())) continue;
    fields.push({ name, isPhone: PHONE_NAME.test(header), required: false });
  }
  return { fields, system };
}

export function FieldCatalogue(props: {
  fields: LeadField[];
  contactHoursNames: string[];
  headers: string[];
  onSave: (fields: LeadField[], contactHours: string[]) => Promise<void>;
}) {
  const [open, setOpen] = useState(props.fields.length === 0);
  const [draft, setDraft] = useState<LeadField[]>(props.fields);
  const [hours, setHours] = useState(props.contactHoursNames.join(', '));
  const [problem, setProblem] = useState<string>();
  const [systemNote, setSystemNote] = useState<string>();
  useEffect(() => setDraft(props.fields), [props.fields]);
  if (!open) {
    return (
      <p className="muted">
        Template fields: {props.fields.map((f) => `${f.name}${f.isPhone ? ' (phone)' : ''}`).join(', ') || 'none recorded'}.{' '}
        <button type="button" className="link" onClick={() => setOpen(true)}>
          Edit the template’s fields
        </button>
      </p>
    );
  }
  const update = (i: number, patch: Partial<LeadField>) => setDraft(draft.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  return (
    <fieldset className="catalogue">
      <legend>The template’s lead fields</legend>
      <p className="muted">
        The Campaigner API cannot list a template’s fields: record them once, the app remembers them for this template. Tick
        “phone” for the fields the server dials: a number anywhere else is not called.
      </p>
      {draft.length === 0 && (
        <button
          type="button"
          className="secondary"
          onClick={() => {
            const proposed = fieldsFromColumns(props.headers);
            setDraft(proposed.fields);
            setSystemNote(
              proposed.system.length
                ? `System fields, always offered and not recorded here: ${proposed.system.join(', ')}.`
                : undefined,
            );
          }}
        >
          Start from this file’s columns
        </button>
      )}
      {systemNote && (
        <p className="muted" role="status">
          {systemNote}
        </p>
      )}
      {draft.map((f, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: keyed by position so an input keeps its focus while its name is typed
        <div className="row" key={i}>
          <input aria-label={`Field ${i + 1} name`} value={f.name} onChange={(e) => update(i, { name: e.target.value })} />
          <label className="inline">
            <input type="checkbox" checked={f.isPhone} onChange={(e) => update(i, { isPhone: e.target.checked })} /> phone
          </label>
          <label className="inline">
            <input type="checkbox" checked={f.required} onChange={(e) => update(i, { required: e.target.checked })} /> required
          </label>
          <button
            type="button"
            className="ghost"
            aria-label={`Remove field ${f.name}`}
            onClick={() => setDraft(draft.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </div>
      ))}
      <button type="button" className="ghost" onClick={() => setDraft([...draft, { name: '', isPhone: false, required: false }])}>
        + Add a field
      </button>
      <label>
        Contact Hours names (comma separated, optional)
        <input value={hours} onChange={(e) => setHours(e.target.value)} placeholder="Business Hours, After Hours" />
      </label>
      <div className="row">
        <button
          type="button"
          onClick={async () => {
            setProblem(undefined);
            try {
              await props.onSave(
                draft.filter((f) => f.name.trim()),
                hours
                  .split(',')
                  .map((h) => h.trim())
                  .filter(Boolean),
              );
              setOpen(false);
            } catch (error) {
              setProblem((error as Error).message);
            }
          }}
        >
          Save the fields
        </button>
      </div>
      {problem && <ErrorLine message={problem} />}
    </fieldset>
  );
}
