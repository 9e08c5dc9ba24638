import { useEffect, useState } from 'react';
import { api } from '../api/index.ts';
import { count, duration, percent, rate, statusLine } from '../lib/format.ts';
import { useApp } from '../store.ts';

export function MonitorStep() {
  const jobId = useApp((s) => s.jobId);
  const progress = useApp((s) => (s.jobId ? s.progress[s.jobId] : undefined));
  const jobs = useApp((s) => s.jobs);
  const go = useApp((s) => s.go);
  const [problem, setProblem] = useState<string>();
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
  const act = async (work: () => Promise<unknown>) => {
    setProblem(undefined);
    try {
      await work();
      await useApp.getState().refreshJobs();
    } catch (error) {
      setProblem((error as Error).message);
    }
  };
  const toSend = c ? c.total - c.invalid : 0;
  const settled = c ? c.imported + c.updated + c.rejected + c.review : 0;
  const finished = ['done', 'incomplete', 'failed', 'cancelled'].includes(state);
  return (
    <section className="card" aria-labelledby="monitor-title">
      <h2 id="monitor-title">Sending {job?.fileName ?? ''}</h2>
      <p className={`state state-${state}`} role="status" aria-live="polite">
        <strong>{statusLine(state, progress?.waitingUntil, progress?.message ?? job?.message)}</strong>
        {/* A wait's reason belongs to the wait: once paused or finished it would only confuse. */}
        {state !== 'waiting' && !progress?.waitingUntil && (progress?.message ?? job?.message) && (
          <span className="muted"> {progress?.message ?? job?.message}</span>
        )}
      </p>
      {c && (
        <>
          <progress className="big" max={100} value={percent(settled, toSend)} aria-label="Leads settled" />
          <div className="summary">
            <span className="stat">
              <strong>{count(settled)}</strong> of {count(toSend)} sent
            </span>
            <span className="stat ok">
              <strong>{count(c.imported)}</strong> imported
            </span>
            <span className="stat ok">
              <strong>{count(c.updated)}</strong> updated
            </span>
            <span className="stat bad">
              <strong>{count(c.rejected)}</strong> rejected
            </span>
            <span className="stat">
              <strong>{count(c.ready + c.sending)}</strong> pending
            </span>
            {c.review > 0 && (
              <span className="stat warn">
                <strong>{count(c.review)}</strong> to check
              </span>
            )}
          </div>
          {!finished && progress && (
            <p className="muted">
              {rate(progress.rate)} ·{' '}
              {Number.isFinite(progress.etaSeconds) ? `about ${duration(progress.etaSeconds)} left` : 'time left not known yet'} ·{' '}
              {progress.concurrency} call
              {progress.concurrency === 1 ? '' : 's'} at once
            </p>
          )}
        </>
      )}
      <div className="row">
        {(state === 'sending' || state === 'waiting' || state === 'queued') && (
          <button type="button" className="secondary" onClick={() => act(() => api.pauseJob({ jobId }))}>
            Pause
          </button>
        )}
        {(state === 'paused' || state === 'incomplete') && (
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
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      <p className="muted">
        Sending goes on in the background: you can close this screen, and an unfinished job continues when the app starts again.
      </p>
    </section>
  );
}
