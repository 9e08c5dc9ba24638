import { useState } from 'react';
import type { RowFilter } from '../../../shared/contract.ts';
import { api } from '../api/index.ts';
import { RowsGrid } from '../components/RowsGrid.tsx';
import { count } from '../lib/format.ts';
import { useApp } from '../store.ts';

const FILTERS: { id: RowFilter; label: string }[] = [
  { id: 'all', label: 'All' },
  { id: 'valid', label: 'Valid' },
  { id: 'invalid', label: 'Invalid' },
  { id: 'warnings', label: 'Warnings' },
];

export function PreviewStep() {
  const jobId = useApp((s) => s.jobId);
  const counts = useApp((s) => s.counts);
  const groups = useApp((s) => s.groups);
  const version = useApp((s) => s.rowsVersion);
  const go = useApp((s) => s.go);
  const { serverId, templateId, campaignId, allocationId, settings } = useApp((s) => s);
  const [filter, setFilter] = useState<RowFilter>('all');
  const [reason, setReason] = useState<string>();
  const [problem, setProblem] = useState<string>();

  if (!jobId || !counts) {
    return (
      <section className="card">
        <h2>Preview</h2>
        <p>Load a file and map its columns first.</p>
      </section>
    );
  }

  const refreshCounts = async () => {
    const job = await api.getJob({ jobId });
    const groups = await api.getReasonGroups({ jobId });
    useApp.setState({ counts: job.counts, groups });
  };

  const submit = async () => {
    if (!serverId || templateId === undefined || campaignId === undefined || allocationId === undefined) {
      go('target');
      return;
    }
    setProblem(undefined);
    try {
      if ('Notification' in window && Notification.permission === 'default') void Notification.requestPermission();
      await api.submitJob({ jobId, target: { serverId, templateId, campaignId, allocationId }, settings });
      go('submit');
    } catch (error) {
      setProblem((error as Error).message);
    }
  };

  const localGroups = groups.filter((g) => g.stage === 'local');
  return (
    <section className="card wide" aria-labelledby="preview-title">
      <h2 id="preview-title">Preview every row</h2>
      <div className="summary" role="status">
        <span className="stat">
          <strong>{count(counts.total)}</strong> rows
        </span>
        <span className="stat ok">
          <strong>{count(counts.ready)}</strong> will be sent
        </span>
        <span className="stat bad">
          <strong>{count(counts.invalid)}</strong> invalid (not sent)
        </span>
        <span className="stat warn">
          <strong>{count(counts.warnings)}</strong> with warnings
        </span>
      </div>
      <div className="row wrap" role="toolbar" aria-label="Show rows">
        {FILTERS.map((f) => (
          <button
            key={f.id}
            type="button"
            className={filter === f.id && !reason ? 'chip active' : 'chip'}
            aria-pressed={filter === f.id && !reason}
            onClick={() => {
              setFilter(f.id);
              setReason(undefined);
            }}
          >
            {f.label}
          </button>
        ))}
        {localGroups.length > 0 && (
          <select
            aria-label="Show rows with this problem"
            value={reason ?? ''}
            onChange={(e) => {
              setReason(e.target.value || undefined);
              setFilter(e.target.value ? 'invalid' : 'all');
            }}
          >
            <option value="">By problem…</option>
            {localGroups.map((g) => (
              <option key={g.reason} value={g.reason}>
                {g.reason} ({count(g.count)})
              </option>
            ))}
          </select>
        )}
      </div>
      <RowsGrid
        jobId={jobId}
        filter={filter}
        reason={reason}
        version={version}
        editable
        label="Rows of the file"
        onEdited={refreshCounts}
      />
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      <div className="footer-actions">
        <span className="muted">Invalid rows are never sent; fix them here or later in Review.</span>
        <button type="button" data-primary="true" disabled={counts.ready === 0} onClick={submit}>
          Submit {count(counts.ready)} lead{counts.ready === 1 ? '' : 's'}
        </button>
      </div>
    </section>
  );
}
