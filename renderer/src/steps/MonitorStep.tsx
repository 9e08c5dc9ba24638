import { useEffect, useState } from 'react';
import { isFinishedJobState, type JobState } from '../../../shared/contract.ts';
import { api } from '../api/index.ts';
import { ConfirmSend } from '../components/ConfirmSend.tsx';
import { ErrorLine } from '../components/ErrorLine.tsx';
import { PausedBanner } from '../components/PausedBanner.tsx';
import { LiveRefusals, SendCounts } from '../components/SendCounts.tsx';
import { count, duration, percent, rate, statusLine } from '../lib/format.ts';
import { type ReviewGroup, useReviewFocus } from '../lib/review-focus.ts';
import { useApp } from '../store.ts';

/** The step's title says where the send is, as the status line under it does: "Sending" only while it may go on. */
export function heading(state: JobState, fileName: string): string {
  if (state === 'done') return `Sent ${fileName}`;
  if (state === 'cancelled' || state === 'incomplete') return `Sending ${fileName} stopped`;
  if (state === 'failed') return `Sending ${fileName} failed`;
  return `Sending ${fileName}`;
}

export function MonitorStep() {
  const jobId = useApp((s) => s.jobId);
  const progress = useApp((s) => (s.jobId ? s.progress[s.jobId] : undefined));
  const jobs = useApp((s) => s.jobs);
  const go = useApp((s) => s.go);
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  // "Continue anyway" sends the leads held back: it asks first, as Submit does.
  const [confirming, setConfirming] = useState(false);
  const job = jobs.find((j) => j.id === jobId);

  useEffect(() => {
    if (jobId) void useApp.getState().refreshJobs();
  }, [jobId]);

  if (!jobId) {
    return (
      <section className="card">
        <h2>Submit</h2>
        <p>Nothing is being sent. Load a file, or open a job from History.</p>
      </section>
    );
  }
  const state = progress?.state ?? job?.state ?? 'queued';
  const c = progress?.counts ?? job?.counts;
  // A pause of the canary or the guard; once someone continues, the new run's events carry none.
  const pause = state === 'paused' ? (progress ? progress.paused : job?.paused) : undefined;
  const message = progress?.message ?? job?.message;
  const act = async (work: () => Promise<unknown>) => {
    setProblem(undefined);
    setBusy(true);
    try {
      await work();
      await useApp.getState().refreshJobs();
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const openReview = (group: ReviewGroup, reason?: string) => {
    useReviewFocus.getState().focus(jobId, group, reason);
    go('review');
  };
  const continueAnyway = () => {
    setConfirming(false);
    return act(async () => {
      await api.resumeJob({ jobId, continueAnyway: true });
      // The pause's last event must not keep showing while the rest is sent.
      const { [jobId]: _paused, ...others } = useApp.getState().progress;
      useApp.setState({ progress: others });
    });
  };
  const toSend = c ? c.total - c.invalid : 0;
  const settled = c ? c.imported + c.updated + c.rejected + c.review : 0;
  const finished = isFinishedJobState(state);
  const sending = state === 'sending';
  return (
    <section className="card" aria-labelledby="monitor-title">
      <h2 id="monitor-title">{heading(state, job?.fileName ?? '')}</h2>
      <p className={`state state-${state}`} role="status" aria-live="polite">
        <strong>{statusLine(state, progress?.waitingUntil, message)}</strong>
        {/* A wait's reason belongs to the wait, and a pause's is told in full below. */}
        {state !== 'waiting' && !progress?.waitingUntil && !pause && message && <span className="muted"> {message}</span>}
      </p>
      {pause && (
        <PausedBanner
          pause={pause}
          busy={busy}
          onFix={() => openReview('refused', pause.reasons.length === 1 ? pause.reasons[0].reason : undefined)}
          onChangeMapping={() => go('map')}
          onContinue={() => {
            if (job?.target) setConfirming(true);
            else setProblem('This upload has no server, campaign and allocation recorded: send it again from the Preview.');
          }}
        />
      )}
      {c && (
        <>
          <progress className="big" max={100} value={percent(settled, toSend)} aria-label="Leads settled" />
          <p className="stat-line">
            <strong>{count(settled)}</strong> of {count(toSend)} sent
          </p>
          <SendCounts counts={c} finished={finished} onOpen={(group) => openReview(group)} />
          {/* Speed and time left mean something only while leads are going out. */}
          {sending && progress && (
            <p className="muted" data-testid="send-rate">
              {rate(progress.rate)} ·{' '}
              {Number.isFinite(progress.etaSeconds) ? `about ${duration(progress.etaSeconds)} left` : 'time left not known yet'} ·{' '}
              {progress.concurrency} call
              {progress.concurrency === 1 ? '' : 's'} at once
            </p>
          )}
          {(state === 'paused' || state === 'waiting') && (
            <p className="muted" data-testid="send-rate">
              {state === 'paused' ? 'Paused: nothing is being sent.' : 'Waiting: time left not known.'}
            </p>
          )}
          {(sending || state === 'waiting') && <LiveRefusals refusals={progress?.refusals ?? []} />}
        </>
      )}
      <div className="row">
        {(state === 'sending' || state === 'waiting' || state === 'queued') && (
          <button type="button" className="secondary" onClick={() => act(() => api.pauseJob({ jobId }))}>
            Pause
          </button>
        )}
        {((state === 'paused' && !pause) || state === 'incomplete') && (
          <button type="button" onClick={() => act(() => api.resumeJob({ jobId }))}>
            Resume
          </button>
        )}
        {!finished && (
          <button type="button" className="ghost danger" onClick={() => act(() => api.cancelJob({ jobId }))}>
            Cancel
          </button>
        )}
        {finished && (
          <button type="button" data-primary="true" onClick={() => go('review')}>
            Review the results
          </button>
        )}
      </div>
      {problem && <ErrorLine message={problem} />}
      {confirming && pause && job?.target && c && (
        <ConfirmSend
          target={job.target}
          counts={c}
          // The core tells it with every stored target (as the send uses it: refused unless the upload allowed them).
          allowDuplicates={job.allowDuplicates ?? false}
          leads={c.ready}
          intro="The leads held back by the pause. The server may refuse them for the same reasons as the ones above."
          onConfirm={continueAnyway}
          onCancel={() => setConfirming(false)}
        />
      )}
      {sending && (
        <p className="muted">
          Sending goes on in the background: you can close this screen, and an unfinished job continues when the app starts again.
        </p>
      )}
    </section>
  );
}
