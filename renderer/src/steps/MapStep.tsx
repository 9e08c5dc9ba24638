/**
 * Map columns to lead fields, for the template chosen here (the same choice the Target step shows).
 * The parts: the template's recorded fields (map/FieldCatalogue), the table of choices with sample values
 * and match badges (map/MappingTable), warnings about phone numbers sent into non-phone fields with their
 * one-click fixes, and saved mappings (map/ProfileBar). A saved mapping applies only as far as the
 * template has its fields; what it loses is named.
 */
import { useCallback, useEffect, useState } from 'react';
import type { DateOrder, LeadField, MappingSpec } from '../../../shared/contract.ts';
import { droppedNote } from '../../../shared/leads/template-fit.ts';
import { api } from '../api/index.ts';
import { ErrorLine } from '../components/ErrorLine.tsx';
import { Picker } from '../components/Picker.tsx';
import { PrimaryAction } from '../components/PrimaryAction.tsx';
import { FieldCatalogue } from '../map/FieldCatalogue.tsx';
import { MappingTable, type SourceChoice } from '../map/MappingTable.tsx';
import { badPriorities, columnIndex, phoneWarnings } from '../map/mapping-view.ts';
import { ProfileBar } from '../map/ProfileBar.tsx';
import { useRemap } from '../map/useRemap.ts';
import { rulesInHand, useApp } from '../store.ts';
import { useTargetLists } from '../target/useTargetLists.ts';

/** Rows read for sample values and the phone warning. */
const SAMPLE_ROWS = 200;

export function MapStep() {
  const jobId = useApp((s) => s.jobId);
  const serverId = useApp((s) => s.serverId);
  const templateId = useApp((s) => s.templateId);
  const targetChosen = useApp((s) => s.templateId !== undefined && s.campaignId !== undefined && s.allocationId !== undefined);
  const setTarget = useApp((s) => s.setTarget);
  const fields = useApp((s) => s.fields);
  const contactHoursNames = useApp((s) => s.contactHoursNames);
  const setFields = useApp((s) => s.setFields);
  const mapping = useApp((s) => s.mapping);
  const setMapping = useApp((s) => s.setMapping);
  const suggestions = useApp((s) => s.suggestions);
  const chosenByHand = useApp((s) => s.chosenByHand);
  const profileName = useApp((s) => s.profileName);
  const droppedFields = useApp((s) => s.droppedFields);
  const country = useApp((s) => s.country);
  const dateOrder = useApp((s) => s.dateOrder);
  const setOptions = useApp((s) => s.setOptions);
  const go = useApp((s) => s.go);
  const inspection = useApp((s) => s.inspection);
  const { templates } = useTargetLists('template');
  const [sample, setSample] = useState<{ jobId: string; headers: string[]; rows: string[][] }>();
  const [problem, setProblem] = useState<string>();
  const remap = useRemap();
  // The inspection's sample when the file was inspected in this window (the file may not be read yet);
  // a job opened from History shows its first stored rows.
  const fromJob = sample && sample.jobId === jobId ? sample : undefined;
  const headers = inspection?.headers ?? fromJob?.headers ?? [];
  const rows = inspection?.previewRows ?? fromJob?.rows ?? [];

  // Whose recorded fields are in the store. Until the chosen template's arrive the field editor is not
  // shown: a draft started earlier would be replaced by them when they come.
  const fieldsKey = serverId && templateId !== undefined ? `${serverId}/${templateId}` : undefined;
  const fieldsOf = useApp((s) => s.fieldsOf);
  const fieldsReady = fieldsKey !== undefined && fieldsOf === fieldsKey;
  useEffect(() => {
    if (!serverId || templateId === undefined || useApp.getState().fieldsOf === `${serverId}/${templateId}`) return;
    let live = true;
    api.getTemplateFields({ serverId, templateId }).then(
      (t) => live && setFields(t.fields, t.contactHoursNames, `${serverId}/${templateId}`),
      (e: Error) => setProblem(e.message),
    );
    return () => {
      live = false;
    };
  }, [serverId, templateId, setFields]);

  // A job opened from History: its columns and first rows come once per job.
  useEffect(() => {
    if (!jobId || inspection) return;
    let live = true;
    api.getRows({ jobId, offset: 0, limit: SAMPLE_ROWS, filter: 'all' }).then(
      (page) => live && setSample({ jobId, headers: page.columns, rows: page.rows.map((r) => r.source) }),
      (e: Error) => setProblem(e.message),
    );
    return () => {
      live = false;
    };
  }, [jobId, inspection]);

  // Suggestions (or the saved mapping for these columns) once the template's fields are known; again when
  // the fields are renamed, added or removed, not when only a phone flag changes. A job that was checked
  // by a mapping shows that mapping ("Change the mapping" after a pause, a draft from History); a mapping
  // already made for these columns and fields (back from Target or Preview) is kept.
  const fieldNames = fields.map((f) => f.name).join('\u0001');
  const mappingKey = `${fieldsKey}\u0002${fieldNames}\u0002${headers.join('\u0001')}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed by the field names, not by the flags on them
  useEffect(() => {
    if (headers.length === 0 || !fieldsReady || useApp.getState().mappingFor === mappingKey) return;
    let live = true;
    const applied = jobId ? api.getJobMapping({ jobId }) : Promise.resolve(undefined);
    Promise.all([api.suggestMapping({ headers, fields: useApp.getState().fields, serverId, templateId }), applied]).then(
      ([suggested, job]) => {
        if (!live) return;
        if (job?.mapping) {
          useApp.setState({
            mapping: job.mapping,
            suggestions: suggested.suggestions,
            profileName: undefined,
            droppedFields: [],
            chosenByHand: Object.keys(job.mapping.fields),
            mappingFor: mappingKey,
            ...(job.options ? { country: job.options.country, dateOrder: job.options.dateOrder } : {}),
          });
          return;
        }
        useApp.setState({
          mapping: suggested.mapping,
          suggestions: suggested.suggestions,
          profileName: suggested.profileName,
          droppedFields: suggested.droppedFields ?? [],
          chosenByHand: suggested.profileName ? Object.keys(suggested.mapping.fields) : [],
          mappingFor: mappingKey,
        });
      },
      (e: Error) => setProblem(e.message),
    );
    return () => {
      live = false;
    };
  }, [jobId, fieldsReady, mappingKey, serverId, templateId]);

  const choose = (field: string, choice: SourceChoice) => {
    const next: MappingSpec = {
      fields: { ...mapping.fields },
      constants: { ...mapping.constants },
      phoneFields: mapping.phoneFields,
    };
    delete next.fields[field];
    delete next.constants[field];
    if (choice.kind === 'constant') next.constants[field] = choice.value;
    else if (choice.kind === 'column') next.fields[field] = choice.source;
    setMapping(next);
    if (!chosenByHand.includes(field)) useApp.setState({ chosenByHand: [...chosenByHand, field] });
  };

  /** Records a template field as a phone field or not, and sends it as such. */
  const setPhone = async (field: string, isPhone: boolean) => {
    if (!serverId || templateId === undefined) return;
    setProblem(undefined);
    const next: LeadField[] = fields.map((f) => (f.name === field ? { ...f, isPhone } : f));
    try {
      await api.saveTemplateFields({ serverId, templateId, fields: next, contactHoursNames });
      setFields(next, contactHoursNames, `${serverId}/${templateId}`);
      const phoneFields = isPhone
        ? [...new Set([...mapping.phoneFields, field])]
        : mapping.phoneFields.filter((f) => f !== field);
      setMapping({ ...mapping, phoneFields });
    } catch (error) {
      setProblem((error as Error).message);
    }
  };

  const onProblem = useCallback((message: string | undefined) => setProblem(message), []);
  const warnings = phoneWarnings(mapping, headers, rows, fields);
  const notPriorities = badPriorities(mapping, headers, rows);
  const used = new Set(
    Object.values(mapping.fields)
      .flatMap((s) => (typeof s === 'string' ? [s] : s))
      .map((s) => columnIndex(s, headers)),
  );
  const unmapped = headers.filter((h, i) => h.trim() && !used.has(i));

  const apply = async () => {
    // Before the file is read, the mapping is only chosen here: the read applies it (Target step).
    if (!jobId) return go('target');
    setProblem(undefined);
    try {
      // Back from Preview with the target chosen, the rows checked again are what the person came to see;
      // the Target step stays one click away in the step list.
      if (await remap.run({ jobId, ...rulesInHand() })) go(targetChosen ? 'preview' : 'target');
      else setProblem('Checking the rows was cancelled: apply the mapping again before sending.');
    } catch (error) {
      setProblem((error as Error).message);
    }
  };

  if (!jobId && !inspection) {
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
          <select value={dateOrder} onChange={(e) => setOptions({ dateOrder: e.target.value as DateOrder })}>
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
          Using your saved mapping “{profileName}”.
        </p>
      )}
      {droppedFields.length > 0 && (
        <p className="banner warn" role="status">
          {droppedNote(droppedFields)}
        </p>
      )}
      {notPriorities.length > 0 && (
        <p className="banner warn" role="alert">
          njPriority takes a whole number from 0 to 100 (lower is called first), but its first values include{' '}
          {notPriorities.map((v) => `“${v}”`).join(', ')}: rows like these will be invalid. Choose a column of numbers, or “— not
          sent —”.
        </p>
      )}
      {warnings.map((w) => (
        <div key={w.field} className="banner warn phone-warning" role="alert">
          <span>
            {w.column === w.field
              ? `${w.field} holds phone numbers but is not`
              : `${w.column} holds phone numbers but ${w.field} is not`}{' '}
            a phone field of this template: leads whose only number is there will be refused.
          </span>
          <span className="row">
            {w.freePhoneField && (
              <button type="button" className="secondary" onClick={() => moveToPhoneField(w.field, w.freePhoneField as string)}>
                Send {w.column} as {w.freePhoneField}
              </button>
            )}
            {fields.some((f) => f.name === w.field) && (
              <button type="button" className="ghost" onClick={() => setPhone(w.field, true)}>
                {w.field} is a phone field
              </button>
            )}
          </span>
        </div>
      ))}
      {fieldsReady && fields.length > 0 && (
        <MappingTable
          fields={fields}
          headers={headers}
          rows={rows}
          mapping={mapping}
          suggestions={suggestions}
          chosenByHand={chosenByHand}
          onChoose={choose}
          onPhone={setPhone}
        />
      )}
      {unmapped.length > 0 && fields.length > 0 && (
        <p className="muted">
          Not sent: {unmapped.join(', ')}. To send a column, choose it for a field above, or add a field to the template’s fields.
        </p>
      )}
      <ProfileBar
        headers={headers}
        serverId={serverId}
        templateId={templateId}
        fields={fields}
        mapping={mapping}
        onProblem={onProblem}
      />
      {problem && <ErrorLine message={problem} />}
      <div className="footer-actions">
        <PrimaryAction
          label={jobId ? 'Apply mapping and check rows' : 'Next: target'}
          missing={
            templateId === undefined
              ? 'Choose the campaign template first.'
              : !fieldsReady
                ? 'Waiting for the template’s fields…'
                : fields.length === 0
                  ? 'Record the template’s fields first.'
                  : Object.keys(mapping.fields).length === 0
                    ? 'Choose a column for at least one field.'
                    : undefined
          }
          busy={remap.busy}
          onClick={apply}
        />
        {remap.running && (
          <button type="button" className="secondary" onClick={remap.cancel}>
            Cancel
          </button>
        )}
      </div>
    </section>
  );

  /** The one-click fix: the column goes to a free phone field instead. */
  function moveToPhoneField(from: string, to: string) {
    const source = mapping.fields[from];
    if (source === undefined) return;
    const next: MappingSpec = { ...mapping, fields: { ...mapping.fields, [to]: source } };
    delete next.fields[from];
    setMapping(next);
    useApp.setState({ chosenByHand: [...new Set([...chosenByHand.filter((f) => f !== from), to])] });
  }
}
