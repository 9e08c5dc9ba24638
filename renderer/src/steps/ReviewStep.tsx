import { useEffect, useState } from 'react';
import {
  isFinishedJobState,
  type JobSummary,
  type LeadStatus,
  type ReasonGroup,
  type RowFilter,
  type RowView,
} from '../../../shared/contract.ts';
import { api } from '../api/index.ts';
import { ConfirmSend } from '../components/ConfirmSend.tsx';
import { ErrorLine } from '../components/ErrorLine.tsx';
import { FixableRows } from '../components/FixableRows.tsx';
import { PrimaryAction } from '../components/PrimaryAction.tsx';
import { ReviewFocusBar } from '../components/ReviewFocusBar.tsx';
import { count } from '../lib/format.ts';
import { REVIEW_GROUPS, useReviewFocus } from '../lib/review-focus.ts';
import { useApp } from '../store.ts';

/** The lead states the "Not accepted" list and its count take in (the core's `notAccepted` filter). */
const NOT_ACCEPTED: readonly LeadStatus[] = ['invalid', 'rejected', 'review'];

export function ReviewStep() {
  const jobId = useApp((s) => s.jobId);
  const version = useApp((s) => s.rowsVersion);
  const counts = useApp((s) => s.counts);
  const go = useApp((s) => s.go);
  const [groups, setGroups] = useState<ReasonGroup[]>([]);
  // The groups start empty until the job's arrive: only then can a reason be known to be gone.
  const [groupsLoaded, setGroupsLoaded] = useState(false);
  // Opened from the monitor on one group (the refused leads, the accepted ones...): show that group.
  const focus = useReviewFocus();
  const focused = focus.group && focus.jobId === jobId ? REVIEW_GROUPS[focus.group] : undefined;
  const [reason, setReason] = useState<string | undefined>(() => (focused ? focus.reason : undefined));
  const [fixed, setFixed] = useState(0);
  const [job, setJob] = useState<JobSummary>();
  const [view, setView] = useState<RowFilter>(() => focused?.filter ?? 'notAccepted');
  const [withFixed, setWithFixed] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [problem, setProblem] = useState<string>();
  // Resubmitting and sending the rest send leads: both ask first, as Submit does.
  const [confirming, setConfirming] = useState<'resubmit' | 'rest'>();

  const refresh = (id: string) => {
    api.getReasonGroups({ jobId: id }).then(
      (loaded) => {
        setGroups(loaded);
        setGroupsLoaded(true);
      },
      (e: Error) => setProblem(e.message),
    );
    api.getJob({ jobId: id }).then(
      (j) => {
        setJob(j);
        useApp.setState({ counts: j.counts });
        // The results of a finished send are on screen: the step list ticks Review for this job.
        if (isFinishedJobState(j.state)) useReviewFocus.getState().markReviewed(id);
      },
      (e: Error) => setProblem(e.message),
    );
    // Fixed leads: changed after they were refused or found invalid, valid now, not sent yet.
    api.getRows({ jobId: id, offset: 0, limit: 1, filter: 'fixed' }).then(
      (page) => setFixed(page.total),
      (e: Error) => setProblem(e.message),
    );
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: version says the rows changed
  useEffect(() => {
    if (jobId) refresh(jobId);
  }, [jobId, version]);
  // A reason whose leads were all fixed is gone: show what was fixed instead of an empty list.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a change of the groups matters
  useEffect(() => {
    if (groupsLoaded && reason !== undefined && !groups.some((g) => g.reason === reason)) {
      setReason(undefined);
      // Opened from the monitor on a group, the group stays shown (its reason may be worded otherwise here).
      if (!focused) setView('fixed');
    }
  }, [groups]);

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
    // A lead fixed here leaves "Not accepted", as it left the count above: the list is fetched again (and
    // with it the counts), so that list and count always agree, and the person is told where the lead went.
    if (view === 'notAccepted' && !NOT_ACCEPTED.includes(row.status))
      setNotice(
        row.fixed
          ? `Row ${row.rowNumber} is fixed: it waits under “Fixed, not resubmitted” until you resubmit.`
          : `Row ${row.rowNumber} is no longer refused or invalid: it left this list.`,
      );
    useApp.setState({ rowsVersion: useApp.getState().rowsVersion + 1 });
  };
  const exportAs = async (format: 'csv' | 'xlsx') => {
    setProblem(undefined);
    try {
      const file = await api.exportRejected({ jobId, format, include: withFixed ? 'alsoFixed' : 'notAccepted' });
      await api.saveExport(file.path, file.fileName);
      setNotice(`${count(file.rows)} lead${file.rows === 1 ? '' : 's'} exported to ${file.fileName}.`);
    } catch (error) {
      setProblem((error as Error).message);
    }
  };
  const resubmit = async () => {
    setConfirming(undefined);
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
  const sendRest = async () => {
    setConfirming(undefined);
    setProblem(undefined);
    try {
      const sent = await api.sendRest({ jobId });
      const { [jobId]: _previous, ...others } = useApp.getState().progress;
      useApp.setState({ progress: others, jobs: useApp.getState().jobs.map((j) => (j.id === jobId ? sent : j)) });
      go('submit');
    } catch (error) {
      setProblem((error as Error).message);
    }
  };
  const ask = (what: 'resubmit' | 'rest') => {
    if (job?.target) setConfirming(what);
    else setProblem('This upload has no server, campaign and allocation recorded: send it again from the Preview.');
  };
  // Leads never sent that are not fixed ones: a stopped job's rest, sent only when asked.
  const rest = counts && job && ['cancelled', 'incomplete', 'paused', 'failed'].includes(job.state) ? counts.ready - fixed : 0;
  const views: { filter: RowFilter; label: string; n?: number }[] = [
    { filter: 'notAccepted', label: 'Not accepted', n: counts ? counts.invalid + counts.rejected + counts.review : 0 },
    { filter: 'fixed', label: 'Fixed, not resubmitted', n: fixed },
    { filter: 'changed', label: 'Changed rows' },
    { filter: 'skipped', label: 'Skipped', n: counts?.skipped },
  ];
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
                onClick={() => {
                  setView('notAccepted');
                  setReason(reason === g.reason ? undefined : g.reason);
                }}
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
        <p className="banner ok">
          {fixed > 0 ? 'Every lead not accepted is fixed: resubmit them when ready.' : 'Every lead was accepted.'}
        </p>
      )}
      <ReviewFocusBar jobId={jobId} />
      <div className="row wrap" role="toolbar" aria-label="Show leads">
        {views.map((v) => (
          <button
            key={v.filter}
            type="button"
            className={view === v.filter ? 'chip active' : 'chip'}
            aria-pressed={view === v.filter}
            onClick={() => {
              focus.clear();
              setView(v.filter);
              if (v.filter !== 'notAccepted') setReason(undefined);
            }}
          >
            {v.label}
            {v.n !== undefined ? ` (${count(v.n)})` : ''}
          </button>
        ))}
      </div>
      {counts && counts.total > 0 && (
        <FixableRows
          jobId={jobId}
          filter={view}
          reason={view === 'notAccepted' || view === focused?.filter ? reason : undefined}
          shown={
            reason && view === 'notAccepted'
              ? `reason: ${reason}`
              : focused && view === focused.filter
                ? focused.label
                : (views.find((v) => v.filter === view)?.label.toLowerCase() ?? view)
          }
          version={version}
          editable={focused && view === focused.filter ? focused.editable : true}
          copyable
          label="Leads not accepted"
          onEdited={onEdited}
        />
      )}
      <div className="row wrap">
        <label className="inline">
          <input type="checkbox" checked={withFixed} onChange={(e) => setWithFixed(e.target.checked)} /> Also export fixed leads
          not yet resubmitted
        </label>
        <button
          type="button"
          className="secondary"
          onClick={() => exportAs('csv')}
          disabled={notAccepted === 0 && !(withFixed && fixed > 0)}
        >
          Export as CSV
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => exportAs('xlsx')}
          disabled={notAccepted === 0 && !(withFixed && fixed > 0)}
        >
          Export as Excel
        </button>
      </div>
      {notice && <p role="status">{notice}</p>}
      {problem && <ErrorLine message={problem} />}
      {/* The step's action bar: only what sends, so that it stays one line at 1024 px. */}
      <div className="footer-actions">
        {rest > 0 && (
          <button type="button" className="secondary" onClick={() => ask('rest')}>
            Send the rest ({count(rest)} never sent)
          </button>
        )}
        <PrimaryAction
          label={`Resubmit fixed leads${fixed ? ` (${count(fixed)})` : ''}`}
          missing={
            fixed > 0
              ? undefined
              : notAccepted === 0
                ? 'Every lead was accepted: there is nothing to resubmit.'
                : 'Fix a lead in the list first: only fixed leads are resubmitted.'
          }
          onClick={() => ask('resubmit')}
        />
      </div>
      {confirming && job?.target && counts && (
        <ConfirmSend
          target={job.target}
          counts={counts}
          // The core tells it with every stored target (as the send uses it: refused unless the upload allowed them).
          allowDuplicates={job.allowDuplicates ?? false}
          leads={confirming === 'resubmit' ? fixed : rest}
          intro={
            confirming === 'resubmit'
              ? 'Only the leads fixed since they were refused or found invalid, and valid now.'
              : 'The leads of this upload that were never sent (it was stopped before them).'
          }
          onConfirm={confirming === 'resubmit' ? resubmit : sendRest}
          onCancel={() => setConfirming(undefined)}
        />
      )}
    </section>
  );
}
