import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { NO_TIME_NOTE } from '../../../shared/leads/date.ts';
import { api } from '../api/index.ts';
import { ConfirmSend } from '../components/ConfirmSend.tsx';
import { ErrorLine } from '../components/ErrorLine.tsx';
import { FixableRows } from '../components/FixableRows.tsx';
import { filterCount, isChosen, PREVIEW_FILTERS, type RowChoice, reasonOptions, rowQuery, shownWords } from '../lib/filters.ts';
import { count } from '../lib/format.ts';
import { useApp } from '../store.ts';

export function PreviewStep() {
  const jobId = useApp((s) => s.jobId);
  const counts = useApp((s) => s.counts);
  const groups = useApp((s) => s.groups);
  const version = useApp((s) => s.rowsVersion);
  const go = useApp((s) => s.go);
  const mapsCallBack = useApp((s) => s.mapping.fields.njCallBackDate !== undefined);
  const { serverId, templateId, campaignId, allocationId, settings } = useApp(
    useShallow((s) => ({
      serverId: s.serverId,
      templateId: s.templateId,
      campaignId: s.campaignId,
      allocationId: s.allocationId,
      settings: s.settings,
    })),
  );
  const [choice, setChoice] = useState<RowChoice>({ kind: 'filter', filter: 'all' });
  const [problem, setProblem] = useState<string>();
  const [confirming, setConfirming] = useState(false);

  // One object while the ids stay: the confirmation fetches the server's lists again when the target changes.
  const target = useMemo(
    () =>
      serverId && templateId !== undefined && campaignId !== undefined && allocationId !== undefined
        ? { serverId, templateId, campaignId, allocationId }
        : undefined,
    [serverId, templateId, campaignId, allocationId],
  );

  // The file's empty rows, left out when it was read: said beside the count, so that no row seems lost.
  const [emptyRows, setEmptyRows] = useState<number>();
  useEffect(() => {
    setEmptyRows(undefined);
    if (jobId)
      api.getJob({ jobId }).then(
        (job) => setEmptyRows(job.emptyRows),
        (e: Error) => setProblem(e.message),
      );
  }, [jobId]);

  // A job opened from History, or read but not mapped yet, still shows its rows.
  useEffect(() => {
    if (jobId && !counts)
      api.getJob({ jobId }).then(
        (job) => useApp.setState({ counts: job.counts }),
        (e: Error) => setProblem(e.message),
      );
  }, [jobId, counts]);

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
    setConfirming(false);
    if (!target) {
      go('target');
      return;
    }
    setProblem(undefined);
    try {
      if ('Notification' in window && Notification.permission === 'default') void Notification.requestPermission();
      await api.submitJob({ jobId, target, settings });
      go('submit');
    } catch (error) {
      setProblem((error as Error).message);
    }
  };

  const reasons = reasonOptions(groups, ['local']);
  // A problem whose rows were all fixed stays chosen (with 0), so the list still says which rows the grid shows.
  if (choice.kind === 'reason' && !reasons.some((o) => o.value === choice.reason))
    reasons.push({ value: choice.reason, label: `${choice.reason} (0)` });
  const query = rowQuery(choice, groups);
  return (
    <section className="card wide" aria-labelledby="preview-title">
      <h2 id="preview-title">Preview every row</h2>
      <div className="summary" role="status">
        <span className="stat">
          <strong>{count(counts.total)}</strong> rows
        </span>
        {!!emptyRows && (
          <span className="stat">
            <strong>{count(emptyRows)}</strong> empty {emptyRows === 1 ? 'row' : 'rows'} in the file left out
          </span>
        )}
        <span className="stat ok">
          <strong>{count(counts.ready)}</strong> will be sent
        </span>
        <span className="stat bad">
          <strong>{count(counts.invalid)}</strong> invalid (not sent)
        </span>
        <span className="stat warn">
          <strong>{count(counts.warnings)}</strong> with warnings
        </span>
        {counts.skipped > 0 && (
          <span className="stat">
            <strong>{count(counts.skipped)}</strong> skipped (not sent)
          </span>
        )}
      </div>
      {/* Said once here rather than as a warning on every row without a time. */}
      {mapsCallBack && <p className="muted">{NO_TIME_NOTE}</p>}
      <div className="row wrap" role="toolbar" aria-label="Show rows">
        {PREVIEW_FILTERS.map((f) => (
          <button
            key={f.filter}
            type="button"
            className={isChosen(choice, f.filter) ? 'chip active' : 'chip'}
            aria-pressed={isChosen(choice, f.filter)}
            onClick={() => setChoice({ kind: 'filter', filter: f.filter })}
          >
            {f.label}
            {filterCount(f.filter, counts) !== undefined ? ` (${count(filterCount(f.filter, counts) ?? 0)})` : ''}
          </button>
        ))}
        {reasons.length > 0 && (
          <select
            className={choice.kind === 'reason' ? 'reason-picker active' : 'reason-picker'}
            aria-label="Show rows with this problem"
            value={choice.kind === 'reason' ? choice.reason : ''}
            onChange={(e) =>
              setChoice(e.target.value ? { kind: 'reason', reason: e.target.value } : { kind: 'filter', filter: 'all' })
            }
          >
            <option value="">By problem…</option>
            {reasons.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        )}
      </div>
      <FixableRows
        jobId={jobId}
        filter={query.filter}
        reason={query.reason}
        shown={shownWords(choice)}
        version={version}
        label="Rows of the file"
        onEdited={refreshCounts}
        showAll={{ rows: counts.total, onClick: () => setChoice({ kind: 'filter', filter: 'all' }) }}
      />
      {problem && <ErrorLine message={problem} />}
      <div className="footer-actions">
        <span className="muted">Invalid rows are never sent; fix them here or later in Review.</span>
        <button
          type="button"
          data-primary="true"
          disabled={counts.ready === 0}
          onClick={() => (target ? setConfirming(true) : go('target'))}
        >
          Submit {count(counts.ready)} lead{counts.ready === 1 ? '' : 's'}
        </button>
      </div>
      {confirming && target && (
        <ConfirmSend
          target={target}
          counts={counts}
          allowDuplicates={settings.allowDuplicates}
          onConfirm={submit}
          onCancel={() => setConfirming(false)}
        />
      )}
    </section>
  );
}
