import { useEffect, useMemo, useState } from 'react';
import type { LeadField, MappingSpec } from '../../../shared/contract.ts';
import { SYSTEM_FIELDS } from '../../../shared/leads/mapping.ts';
import { api } from '../api/index.ts';
import { Picker } from '../components/Picker.tsx';
import { PrimaryAction } from '../components/PrimaryAction.tsx';
import { useApp } from '../store.ts';
import { useTargetLists } from '../target/useTargetLists.ts';

const CONSTANT = '__constant__';
const NOT_SENT = '';

export function MapStep() {
  const jobId = useApp((s) => s.jobId);
  const serverId = useApp((s) => s.serverId);
  const templateId = useApp((s) => s.templateId);
  const setTarget = useApp((s) => s.setTarget);
  const fields = useApp((s) => s.fields);
  const contactHoursNames = useApp((s) => s.contactHoursNames);
  const setFields = useApp((s) => s.setFields);
  const mapping = useApp((s) => s.mapping);
  const setMapping = useApp((s) => s.setMapping);
  const suggestions = useApp((s) => s.suggestions);
  const profileName = useApp((s) => s.profileName);
  const country = useApp((s) => s.country);
  const dateOrder = useApp((s) => s.dateOrder);
  const setOptions = useApp((s) => s.setOptions);
  const setApplied = useApp((s) => s.setApplied);
  const go = useApp((s) => s.go);
  const [headers, setHeaders] = useState<string[]>([]);
  const { templates } = useTargetLists('template');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [profiles, setProfiles] = useState<{ name: string; mapping: MappingSpec }[]>([]);
  const [newProfile, setNewProfile] = useState('');

  useEffect(() => {
    if (!serverId) return;
    api.listProfiles({}).then(setProfiles, (e: Error) => setProblem(e.message));
  }, [serverId]);

  // Whose recorded fields are in the store. Until the chosen template's arrive the field editor is not
  // shown: a draft started earlier would be replaced by them when they come.
  const fieldsKey = serverId && templateId !== undefined ? `${serverId}/${templateId}` : undefined;
  const fieldsOf = useApp((s) => s.fieldsOf);
  const fieldsReady = fieldsKey !== undefined && fieldsOf === fieldsKey;
  useEffect(() => {
    if (!serverId || templateId === undefined || useApp.getState().fieldsOf === `${serverId}/${templateId}`) return;
    let live = true;
    api.getTemplateFields({ serverId, templateId }).then(
      (t) => {
        if (!live) return;
        setFields(t.fields, t.contactHoursNames, `${serverId}/${templateId}`);
      },
      (e: Error) => setProblem(e.message),
    );
    return () => {
      live = false;
    };
  }, [serverId, templateId, setFields]);

  useEffect(() => {
    if (!jobId) return;
    let live = true;
    (async () => {
      const page = await api.getRows({ jobId, offset: 0, limit: 1, filter: 'all' });
      if (!live) return;
      setHeaders(page.columns);
      const suggested = await api.suggestMapping({ jobId, fields });
      if (!live) return;
      setMapping(suggested.mapping);
      useApp.setState({ suggestions: suggested.suggestions, profileName: suggested.profileName });
    })().catch((e: Error) => setProblem(e.message));
    return () => {
      live = false;
    };
  }, [jobId, fields, setMapping]);

  const allFields = useMemo(() => {
    const names = [...fields.map((f) => f.name), ...SYSTEM_FIELDS.filter((f) => !fields.some((x) => x.name === f))];
    for (const f of Object.keys(mapping.fields)) if (!names.includes(f)) names.push(f);
    return names;
  }, [fields, mapping.fields]);
  const used = new Set(Object.values(mapping.fields));
  const unmapped = headers.filter((h, i) => !used.has(h) && !used.has(`#${i + 1}`));

  const choose = (field: string, value: string) => {
    const next: MappingSpec = {
      fields: { ...mapping.fields },
      constants: { ...mapping.constants },
      phoneFields: mapping.phoneFields,
    };
    delete next.fields[field];
    delete next.constants[field];
    if (value === CONSTANT) next.constants[field] = '';
    else if (value !== NOT_SENT) next.fields[field] = value;
    setMapping(next);
  };

  /** Runs an action and shows its error here, keeping everything the user has chosen. */
  const attempt = async (work: () => Promise<void>) => {
    setProblem(undefined);
    try {
      await work();
    } catch (error) {
      setProblem((error as Error).message);
    }
  };

  const apply = async () => {
    if (!jobId) return;
    setBusy(true);
    setProblem(undefined);
    try {
      const result = await api.applyMapping({ jobId, mapping, options: { country, dateOrder, contactHoursNames } });
      setApplied(result.counts, result.groups);
      go('target');
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (!jobId) {
    return (
      <section className="card">
        <h2>Map columns</h2>
        <p>Load a file first.</p>
        <button type="button" onClick={() => go('load')}>
          Load a file
        </button>
      </section>
    );
  }

  return (
    <section className="card" aria-labelledby="map-title">
      <h2 id="map-title">Map columns to lead fields</h2>
      <div className="row wrap map-options">
        <div className="pickers single">
          <Picker
            label="Campaign template"
            noun="template"
            {...templates}
            value={templateId}
            onChange={(id) => setTarget({ templateId: id })}
          />
        </div>
        <label>
          Phone numbers from{' '}
          <select value={country} onChange={(e) => setOptions({ country: e.target.value })}>
            {['AU', 'NZ', 'GB', 'US', 'IE', 'SG'].map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label>
          Dates like 01/02/2026 are{' '}
          <select value={dateOrder} onChange={(e) => setOptions({ dateOrder: e.target.value as 'dmy' | 'mdy' })}>
            <option value="dmy">day first (1 February)</option>
            <option value="mdy">month first (January 2)</option>
          </select>
        </label>
      </div>
      {templateId !== undefined && serverId && !fieldsReady && <p className="muted">Loading the template’s fields…</p>}
      {templateId !== undefined && serverId && fieldsReady && (
        <FieldCatalogue
          key={templateId}
          fields={fields}
          contactHoursNames={contactHoursNames}
          headers={headers}
          onSave={async (next, hours) => {
            await api.saveTemplateFields({ serverId, templateId, fields: next, contactHoursNames: hours });
            setFields(next, hours, `${serverId}/${templateId}`);
          }}
        />
      )}
      {profileName && (
        <p className="banner ok" role="status">
          Using your saved mapping “{profileName}”: this file has the same columns.
        </p>
      )}
      <table className="mapping-table">
        <thead>
          <tr>
            <th scope="col">Lead field</th>
            <th scope="col">Comes from</th>
            <th scope="col">Match</th>
          </tr>
        </thead>
        <tbody>
          {allFields.map((field) => {
            const source = mapping.fields[field] ?? (field in mapping.constants ? CONSTANT : NOT_SENT);
            const hint = suggestions.find((s) => s.field === field && s.column === mapping.fields[field]);
            return (
              <tr key={field}>
                <th scope="row">
                  {field}
                  {SYSTEM_FIELDS.includes(field as (typeof SYSTEM_FIELDS)[number]) && <span className="muted"> (system)</span>}
                  {fields.find((f) => f.name === field)?.isPhone && <span className="badge">phone</span>}
                </th>
                <td>
                  <select aria-label={`Source of ${field}`} value={source} onChange={(e) => choose(field, e.target.value)}>
                    <option value={NOT_SENT}>— not sent —</option>
                    {headers.map((h, i) => (
                      <option key={h} value={headers.filter((x) => x === h).length > 1 ? `#${i + 1}` : h}>
                        {h}
                      </option>
                    ))}
                    <option value={CONSTANT}>The same value for every lead…</option>
                  </select>
                  {source === CONSTANT && (
                    <input
                      aria-label={`Value of ${field} for every lead`}
                      value={mapping.constants[field] ?? ''}
                      onChange={(e) => setMapping({ ...mapping, constants: { ...mapping.constants, [field]: e.target.value } })}
                    />
                  )}
                </td>
                <td>
                  {hint ? (
                    <span className={hint.confidence >= 0.9 ? 'badge ok' : 'badge warn'}>
                      {hint.confidence >= 0.9 ? 'sure' : 'likely'}
                    </span>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {unmapped.length > 0 && (
        <p className="muted">
          Not sent: {unmapped.join(', ')}.{' '}
          <button
            type="button"
            className="link"
            onClick={() =>
              setMapping({ ...mapping, fields: { ...mapping.fields, ...Object.fromEntries(unmapped.map((h) => [h.trim(), h])) } })
            }
          >
            Send them as they are
          </button>
        </p>
      )}
      <div className="row wrap">
        <label>
          Saved mappings{' '}
          <select
            value=""
            onChange={(e) => {
              const p = profiles.find((x) => x.name === e.target.value);
              if (p) {
                setMapping(p.mapping);
                useApp.setState({ profileName: p.name });
              }
            }}
          >
            <option value="">Use a saved mapping…</option>
            {profiles.map((p) => (
              <option key={p.name}>{p.name}</option>
            ))}
          </select>
        </label>
        <input
          aria-label="Name for this mapping"
          placeholder="Save this mapping as…"
          value={newProfile}
          onChange={(e) => setNewProfile(e.target.value)}
        />
        <button
          type="button"
          className="secondary"
          disabled={!newProfile.trim()}
          onClick={() =>
            attempt(async () => {
              await api.saveProfile({ name: newProfile.trim(), jobId, mapping });
              setProfiles(await api.listProfiles({}));
              useApp.setState({ profileName: newProfile.trim() });
              setNewProfile('');
            })
          }
        >
          Save mapping
        </button>
        {profileName && (
          <button
            type="button"
            className="ghost"
            onClick={() =>
              attempt(async () => {
                await api.deleteProfile({ name: profileName });
                setProfiles(await api.listProfiles({}));
                useApp.setState({ profileName: undefined });
              })
            }
          >
            Forget “{profileName}”
          </button>
        )}
      </div>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      <div className="footer-actions">
        <PrimaryAction
          label="Apply mapping and check rows"
          missing={
            templateId === undefined
              ? 'Choose the campaign template first.'
              : fields.length === 0 && fieldsReady
                ? 'Record the template’s fields first.'
                : Object.keys(mapping.fields).length === 0
                  ? 'Choose a column for at least one field.'
                  : undefined
          }
          busy={busy ? 'Checking every row…' : undefined}
          onClick={apply}
        />
      </div>
    </section>
  );
}

function FieldCatalogue(props: {
  fields: LeadField[];
  contactHoursNames: string[];
  headers: string[];
  onSave: (fields: LeadField[], contactHours: string[]) => Promise<void>;
}) {
  const [open, setOpen] = useState(props.fields.length === 0);
  const [draft, setDraft] = useState<LeadField[]>(props.fields);
  const [hours, setHours] = useState(props.contactHoursNames.join(', '));
  const [problem, setProblem] = useState<string>();
  useEffect(() => setDraft(props.fields), [props.fields]);
  if (!open) {
    return (
      <p className="muted">
        Template fields: {props.fields.map((f) => f.name).join(', ') || 'none recorded'}.{' '}
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
        The Campaigner API cannot list a template’s fields: record them once, the app remembers them for this template.
      </p>
      {draft.length === 0 && (
        <button
          type="button"
          className="secondary"
          onClick={() =>
            setDraft(
              props.headers
                .filter(Boolean)
                .map((h) => ({ name: h.replace(/[^\w]/g, ''), isPhone: /phone|mobile|cell|tel/i.test(h), required: false })),
            )
          }
        >
          Start from this file’s columns
        </button>
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
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </fieldset>
  );
}
