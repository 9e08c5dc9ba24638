import { useEffect, useState } from 'react';
import type { IdName } from '../../../shared/contract.ts';
import { api } from '../api/index.ts';
import { SendSafetySettings } from '../components/SendSafetySettings.tsx';
import { count } from '../lib/format.ts';
import { useApp } from '../store.ts';

/** A searchable picker: type to narrow the list; ids are shown because people quote them. */
function Picker(props: { label: string; items: IdName[]; value?: number; onChange: (id: number) => void; disabled?: boolean }) {
  const [filter, setFilter] = useState('');
  const shown = props.items.filter((i) => `${i.name} ${i.id}`.toLowerCase().includes(filter.toLowerCase()));
  const id = `picker-${props.label.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <div className="picker">
      <label htmlFor={id}>{props.label}</label>
      <input
        aria-label={`Search ${props.label.toLowerCase()}`}
        placeholder="Search…"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        disabled={props.disabled}
      />
      <select
        id={id}
        size={Math.min(6, Math.max(2, shown.length))}
        value={props.value ?? ''}
        onChange={(e) => props.onChange(Number(e.target.value))}
        disabled={props.disabled}
      >
        {shown.map((i) => (
          <option key={i.id} value={i.id}>
            {i.name} ({i.id})
          </option>
        ))}
      </select>
    </div>
  );
}

export function TargetStep() {
  const serverId = useApp((s) => s.serverId);
  const jobId = useApp((s) => s.jobId);
  const templateId = useApp((s) => s.templateId);
  const campaignId = useApp((s) => s.campaignId);
  const allocationId = useApp((s) => s.allocationId);
  const settings = useApp((s) => s.settings);
  const toSend = useApp((s) => s.counts?.ready ?? 0);
  const setTarget = useApp((s) => s.setTarget);
  const setSettings = useApp((s) => s.setSettings);
  const setApplied = useApp((s) => s.setApplied);
  const go = useApp((s) => s.go);
  const [templates, setTemplates] = useState<IdName[]>([]);
  const [campaigns, setCampaigns] = useState<IdName[]>([]);
  const [allocations, setAllocations] = useState<IdName[]>([]);
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (serverId) api.listTemplates({ serverId }).then(setTemplates, (e: Error) => setProblem(e.message));
  }, [serverId]);
  useEffect(() => {
    setCampaigns([]);
    if (serverId && templateId !== undefined)
      api.listCampaigns({ serverId, templateId }).then(setCampaigns, (e: Error) => setProblem(e.message));
  }, [serverId, templateId]);
  useEffect(() => {
    setAllocations([]);
    if (serverId && campaignId !== undefined)
      api.listAllocations({ serverId, campaignId }).then(setAllocations, (e: Error) => setProblem(e.message));
  }, [serverId, campaignId]);

  const ready = serverId && jobId && templateId !== undefined && campaignId !== undefined && allocationId !== undefined;
  const next = async () => {
    if (!ready) return;
    setBusy(true);
    setProblem(undefined);
    try {
      const { mapping, country, dateOrder, contactHoursNames } = useApp.getState();
      const result = await api.applyMapping({
        jobId,
        mapping,
        options: { country, dateOrder, contactHoursNames, allowDuplicates: settings.allowDuplicates },
        target: { serverId, templateId, campaignId, allocationId },
      });
      setApplied(result.counts, result.groups);
      go('preview');
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (!serverId) {
    return (
      <section className="card">
        <h2>Target</h2>
        <p>Choose a server first.</p>
        <button type="button" onClick={() => go('connection')}>
          Connection
        </button>
      </section>
    );
  }
  return (
    <section className="card" aria-labelledby="target-title">
      <h2 id="target-title">Where the leads go</h2>
      <div className="pickers">
        <Picker label="Template" items={templates} value={templateId} onChange={(id) => setTarget({ templateId: id })} />
        <Picker
          label="Campaign"
          items={campaigns}
          value={campaignId}
          onChange={(id) => setTarget({ campaignId: id })}
          disabled={templateId === undefined}
        />
        <Picker
          label="Allocation"
          items={allocations}
          value={allocationId}
          onChange={(id) => setTarget({ allocationId: id })}
          disabled={campaignId === undefined}
        />
      </div>
      <label className="inline switch">
        <input
          type="checkbox"
          checked={settings.allowDuplicates}
          onChange={(e) => setSettings({ allowDuplicates: e.target.checked })}
        />{' '}
        Allow duplicate phone numbers
      </label>
      <p className="muted">
        Normally the server refuses a lead whose phone number is already in the campaign, and this app flags numbers repeated in
        the file. Allow duplicates only when the same number really should be called more than once.
      </p>
      <details>
        <summary>Advanced</summary>
        <div className="row wrap">
          <label>
            Leads per call{' '}
            <input
              type="number"
              min={1}
              max={5000}
              value={settings.batchSize}
              onChange={(e) => setSettings({ batchSize: Number(e.target.value) || 1 })}
            />
          </label>
          <label>
            Most calls at once{' '}
            <input
              type="number"
              min={1}
              max={16}
              value={settings.concurrency}
              onChange={(e) => setSettings({ concurrency: Number(e.target.value) || 1 })}
            />
          </label>
          <label>
            Method{' '}
            <select
              value={settings.method}
              onChange={(e) => setSettings({ method: e.target.value as 'insertLeads' | 'insertLeadFast' })}
            >
              <option value="insertLeads">Batches (insertLeads, recommended)</option>
              <option value="insertLeadFast">One lead per call (insertLeadFast)</option>
            </select>
          </label>
          <label>
            Batch method name{' '}
            <select value={settings.batchEndpoint} onChange={(e) => setSettings({ batchEndpoint: e.target.value })}>
              <option>insertLeads</option>
              <option>insertLeadsFast</option>
            </select>
          </label>
        </div>
        <p className="muted">
          The app starts with one call at a time and adds more while the server answers quickly, up to this maximum.
        </p>
        <SendSafetySettings />
      </details>
      {allocationId !== undefined && toSend > 10_000 && (
        <p className="banner warn">
          {count(toSend)} leads would go into one allocation: Noojee advises keeping an allocation under about 10,000 leads.
        </p>
      )}
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      <div className="footer-actions">
        <button type="button" data-primary="true" disabled={!ready || busy} onClick={next}>
          {busy ? 'Checking rows…' : 'Next: preview'}
        </button>
      </div>
    </section>
  );
}
