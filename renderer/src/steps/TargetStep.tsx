import { useState } from 'react';
import { allocationWarning } from '../../../shared/leads/allocation.ts';
import { api } from '../api/index.ts';
import { ErrorLine } from '../components/ErrorLine.tsx';
import { Picker } from '../components/Picker.tsx';
import { listInWords, PrimaryAction } from '../components/PrimaryAction.tsx';
import { SendSafetySettings } from '../components/SendSafetySettings.tsx';
import { count, percent } from '../lib/format.ts';
import { useRemap } from '../map/useRemap.ts';
import { rulesInHand, useApp } from '../store.ts';
import { useTargetLists } from '../target/useTargetLists.ts';

export function TargetStep() {
  const serverId = useApp((s) => s.serverId);
  const jobId = useApp((s) => s.jobId);
  const templateId = useApp((s) => s.templateId);
  const campaignId = useApp((s) => s.campaignId);
  const allocationId = useApp((s) => s.allocationId);
  const settings = useApp((s) => s.settings);
  const toSend = useApp((s) => s.counts?.ready ?? 0);
  const allocationNote = allocationId === undefined ? undefined : allocationWarning(toSend);
  const inspection = useApp((s) => s.inspection);
  const read = useApp((s) => s.read);
  const hasCounts = useApp((s) => s.counts !== undefined);
  const startImport = useApp((s) => s.startImport);
  const [starting, setStarting] = useState(false);
  // The one read of the file, with the rows checked on the way in, runs from the confirmed target to Preview.
  const reading = starting || (jobId !== undefined && !hasCounts && read?.done !== true);
  const setTarget = useApp((s) => s.setTarget);
  const setSettings = useApp((s) => s.setSettings);
  const go = useApp((s) => s.go);
  const { templates, campaigns, allocations, reload } = useTargetLists();
  // A mapping belongs to its template: choosing another template here clears it (store.ts).
  const mapped = useApp((s) => Object.keys(s.mapping.fields).length > 0);
  const [problem, setProblem] = useState<string>();
  const remap = useRemap();

  const ready =
    serverId &&
    (jobId || inspection) &&
    mapped &&
    templateId !== undefined &&
    campaignId !== undefined &&
    allocationId !== undefined;
  const missing = [
    !jobId && !inspection && 'a file (Load step)',
    templateId === undefined && 'a template',
    templateId !== undefined && !mapped && 'the columns for this template (Map step)',
    campaignId === undefined && 'a campaign',
    allocationId === undefined && 'an allocation',
  ].filter((m): m is string => Boolean(m));
  const listProblem = templates.problem ?? campaigns.problem ?? allocations.problem;
  const next = async () => {
    if (!ready) return;
    setProblem(undefined);
    try {
      if (!jobId) {
        // The file is read now, once, with these rules; Preview opens when the read ends (store.ts).
        const { mapping, options } = rulesInHand();
        setStarting(true);
        await startImport({ mapping, options, target: { serverId, templateId, campaignId, allocationId } });
        return;
      }
      // A job already read: the core checks again what this choice changes (the ledger alone for another campaign).
      const whole = await remap.run({ jobId, ...rulesInHand() });
      if (whole) go('preview');
      else setProblem('Checking the rows was cancelled: press Next again to check them for this target.');
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setStarting(false);
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
        <Picker
          label="Template"
          noun="template"
          {...templates}
          value={templateId}
          onChange={(id) => setTarget({ templateId: id })}
        />
        <Picker
          label="Campaign"
          noun="campaign"
          {...campaigns}
          value={campaignId}
          onChange={(id) => setTarget({ campaignId: id })}
          disabledReason={templateId === undefined ? 'Choose a template first.' : undefined}
        />
        <Picker
          label="Allocation"
          noun="allocation"
          {...allocations}
          value={allocationId}
          onChange={(id) => setTarget({ allocationId: id })}
          disabledReason={campaignId === undefined ? 'Choose a campaign first.' : undefined}
        />
      </div>
      <p className="muted">
        Lists as the server gave them when this step opened.{' '}
        <button type="button" className="link" onClick={reload}>
          Load the lists again
        </button>
      </p>
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
      {allocationNote && <p className="banner warn">{allocationNote}.</p>}
      {(problem ?? listProblem) && <ErrorLine message={problem ?? listProblem ?? ''} />}
      <div className="footer-actions">
        {reading ? (
          <div className="progress-line" role="status">
            <progress max={100} value={percent(read?.bytesRead ?? 0, read?.totalBytes ?? 1)} aria-label="Reading the file" />
            <span>Reading and checking… {count(read?.rowsRead ?? 0)} rows</span>
            <button type="button" className="secondary" onClick={() => jobId && api.cancelRead({ jobId })}>
              Cancel
            </button>
          </div>
        ) : (
          <PrimaryAction
            label="Next: preview"
            missing={missing.length > 0 ? `Choose ${listInWords(missing)} first.` : undefined}
            busy={remap.busy}
            onClick={next}
          />
        )}
        {remap.running && (
          <button type="button" className="secondary" onClick={remap.cancel}>
            Cancel
          </button>
        )}
      </div>
    </section>
  );
}
