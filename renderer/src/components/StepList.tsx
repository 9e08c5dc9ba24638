/**
 * The step list down the left: where the user is, which steps are done (ticked), which cannot be opened
 * yet and why, and under it the job in hand (file · server · template · campaign · allocation), so that
 * what will be sent where is always in sight.
 */
import { failedTest, useChecks } from '../connection-checks.ts';
import { count } from '../lib/format.ts';
import { stepProgress } from '../lib/progress.ts';
import { useReviewFocus } from '../lib/review-focus.ts';
import { useTargetNames } from '../lib/target-names.ts';
import { STEPS, useApp } from '../store.ts';

export function useStepProgress() {
  const serverId = useApp((s) => s.serverId);
  const jobId = useApp((s) => s.jobId);
  const read = useApp((s) => s.read);
  const inspected = useApp((s) => s.inspection !== undefined);
  const hasCounts = useApp((s) => s.counts !== undefined);
  const mapped = useApp((s) => Object.keys(s.mapping.fields).length > 0);
  const step = useApp((s) => s.step);
  const templateId = useApp((s) => s.templateId);
  const campaignId = useApp((s) => s.campaignId);
  const allocationId = useApp((s) => s.allocationId);
  const jobState = useApp((s) =>
    s.jobId ? (s.progress[s.jobId]?.state ?? s.jobs.find((j) => j.id === s.jobId)?.state) : undefined,
  );
  const serverFailed = useChecks((c) => failedTest(c.verdicts, serverId));
  const reviewed = useReviewFocus((r) => jobId !== undefined && r.reviewed[jobId] === true);
  return stepProgress({
    serverId,
    serverFailed,
    jobId,
    inspected,
    readDone: read?.done === true && !read.error,
    hasCounts,
    mapped,
    step,
    templateId,
    campaignId,
    allocationId,
    jobState,
    reviewed,
  });
}

export function StepList() {
  const step = useApp((s) => s.step);
  const go = useApp((s) => s.go);
  const progress = useStepProgress();
  // Steps out of reach for the same reason (Preview, Submit and Review wait for the target) show it once, under
  // the first of them: three copies of one sentence pushed the job summary off a 700 px window. Each of them
  // still has it as its description for screen readers.
  const firstWithReason = new Map<string, string>();
  return (
    <nav className="steps" aria-label="Steps">
      <ol>
        {STEPS.map((s, i) => {
          const { done, blocked: why } = progress[s.id];
          // The step on screen is never shown as out of reach (a job opened from History lands anywhere).
          const blocked = s.id === step ? undefined : why;
          const classes = ['step', s.id === step && 'active', done && 'done', blocked && 'blocked'].filter(Boolean).join(' ');
          const reasonId = blocked ? (firstWithReason.get(blocked) ?? `step-why-${s.id}`) : undefined;
          const repeated = blocked !== undefined && firstWithReason.has(blocked);
          if (blocked && !repeated) firstWithReason.set(blocked, `step-why-${s.id}`);
          return (
            <li key={s.id}>
              <button
                type="button"
                className={classes}
                aria-current={s.id === step ? 'step' : undefined}
                aria-disabled={blocked ? 'true' : undefined}
                aria-describedby={reasonId}
                onClick={() => {
                  if (!blocked) go(s.id);
                }}
              >
                <span className="step-number" aria-hidden="true">
                  {done ? '✓' : i + 1}
                </span>{' '}
                {s.label}
                {done && <span className="visually-hidden"> (done)</span>}
              </button>
              {blocked && !repeated && (
                <span id={`step-why-${s.id}`} className="step-why">
                  {blocked}
                </span>
              )}
            </li>
          );
        })}
      </ol>
      <JobSummary />
    </nav>
  );
}

function JobSummary() {
  const current = useApp((s) => s.current);
  const total = useApp((s) => s.counts?.total);
  const serverId = useApp((s) => s.serverId);
  const server = useApp((s) => s.servers.find((v) => v.id === s.serverId));
  const templateId = useApp((s) => s.templateId);
  const campaignId = useApp((s) => s.campaignId);
  const allocationId = useApp((s) => s.allocationId);
  const names = useTargetNames({ serverId, templateId, campaignId, allocationId });
  const rows: [string, string | undefined][] = [
    ['File', current && (total !== undefined ? `${current.name} (${count(total)} rows)` : current.name)],
    ['Server', server?.name],
    ['Template', names.template],
    ['Campaign', names.campaign],
    ['Allocation', names.allocation],
  ];
  return (
    <section className="job-summary" aria-labelledby="job-summary-title">
      <h2 id="job-summary-title">This upload</h2>
      <dl data-testid="job-summary">
        {rows.map(([label, value]) => (
          <div key={label} className="job-summary-entry">
            <dt>{label}</dt>
            <dd className={value ? undefined : 'muted'}>{value ?? 'not chosen yet'}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
