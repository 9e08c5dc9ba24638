import { useEffect, useState } from 'react';
import type { ReasonGroup, RowView } from '../../../shared/contract.ts';
import { api } from '../api/index.ts';
import { ReviewFocusBar } from '../components/ReviewFocusBar.tsx';
import { RowsGrid } from '../components/RowsGrid.tsx';
import { count } from '../lib/format.ts';
import { REVIEW_GROUPS, useReviewFocus } from '../lib/review-focus.ts';
import { useApp } from '../store.ts';

export function ReviewStep() {
  const jobId = useApp((s) => s.jobId);
  const version = useApp((s) => s.rowsVersion);
  const counts = useApp((s) => s.counts);
  const go = useApp((s) => s.go);
  const [groups, setGroups] = useState<ReasonGroup[]>([]);
  // Opened from the monitor on one group (the refused leads, the accepted ones...): show that group.
  const focus = useReviewFocus();
  const focused = focus.group && focus.jobId === jobId ? REVIEW_GROUPS[focus.group] : undefined;
  const [reason, setReason] = useState<string | undefined>(() => (focused ? focus.reason : undefined));
  const [fixed, setFixed] = useState(0);
  const [notice, setNotice] = useState<string>();
  const [problem, setProblem] = useState<string>();

  // biome-ignore lint/correctness/useExhaustiveDependencies: version says the rows changed
  useEffect(() => {
    if (!jobId) return;
    api.getReasonGroups({ jobId }).then(setGroups, (e: Error) => setProblem(e.message));
    api.getJob({ jobId }).then(
      (j) => useApp.setState({ counts: j.counts }),
      (e: Error) => setProblem(e.message),
    );
  }, [jobId, version]);

  if (!jobId) {
    return (
      <section className="card">
        <h2>Review</h2>
        <p>Open a job from History to review it.</p>
      </section>
    );
  }
  const largest = Math.max(1, ...groups.map((g) => g.count));
  const onEdited = (row: RowView) => {
    if (row.status === 'ready') setFixed((n) => n + 1);
  };
  const exportAs = async (format: 'csv' | 'xlsx') => {
    setProblem(undefined);
    try {
      const file = await api.exportRejected({ jobId, format });
      await api.saveExport(file.path, file.fileName);
      setNotice(`${count(file.rows)} lead${file.rows === 1 ? '' : 's'} exported to ${file.fileName}.`);
    } catch (error) {
      setProblem((error as Error).message);
    }
  };
  const resubmit = async () => {
    setProblem(undefined);
    try {
      const job = await api.resubmitFixed({ jobId });
      // The last run's "finished" must not show while the fixed leads are being sent.
      const { [jobId]: _previous, ...others } = useApp.getState().progress;
      useApp.setState({ progress: others, jobs: useApp.getState().jobs.map((j) => (j.id === jobId ? job : j)) });
      setFixed(0);
      go('submit');
    } catch (error) {
      setProblem((error as Error).message);
    }
  };
  const notAccepted = counts ? counts.invalid + counts.rejected + counts.review : 0;

  return (
    <section className="card wide" aria-labelledby="review-title">
      <h2 id="review-title">Leads not accepted</h2>
      {counts && (
        <p role="status">
          {count(counts.imported + counts.updated)} accepted · <strong>{count(notAccepted)}</strong> not accepted (
          {count(counts.invalid)} stopped here, {count(counts.rejected)} refused by the server
          {counts.review ? `, ${count(counts.review)} to check` : ''})
        </p>
      )}
      {groups.length > 0 ? (
        <ul className="reasons" aria-label="Reasons">
          {groups.map((g) => (
            <li key={`${g.stage}:${g.reason}`}>
              <button
                type="button"
                className={reason === g.reason ? 'reason active' : 'reason'}
                aria-pressed={reason === g.reason}
                onClick={() => setReason(reason === g.reason ? undefined : g.reason)}
              >
                <span className="bar" style={{ width: `${Math.max(4, (100 * g.count) / largest)}%` }} />
                <span className="reason-text">
                  {g.reason} <span className="muted">({g.stage === 'local' ? 'found here' : 'server'})</span>
                </span>
                <strong>{count(g.count)}</strong>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="banner ok">Every lead was accepted.</p>
      )}
      <ReviewFocusBar jobId={jobId} />
      {(notAccepted > 0 || focused) && (
        <RowsGrid
          jobId={jobId}
          filter={focused?.filter ?? 'notAccepted'}
          reason={reason}
          version={version}
          editable={focused?.editable ?? true}
          copyable
          label="Leads not accepted"
          onEdited={onEdited}
        />
      )}
      <div className="row wrap">
        <button type="button" className="secondary" onClick={() => exportAs('csv')} disabled={notAccepted === 0}>
          Export as CSV
        </button>
        <button type="button" className="secondary" onClick={() => exportAs('xlsx')} disabled={notAccepted === 0}>
          Export as Excel
        </button>
        <span className="spacer" />
        <button type="button" data-primary="true" onClick={resubmit} disabled={fixed === 0}>
          Resubmit fixed leads{fixed ? ` (${fixed})` : ''}
        </button>
      </div>
      {notice && <p role="status">{notice}</p>}
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </section>
  );
}
