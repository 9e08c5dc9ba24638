import { REVIEW_GROUPS, useReviewFocus } from '../lib/review-focus.ts';

/** Says which group Review was opened on (from the monitor), with the way back to every lead not accepted. */
export function ReviewFocusBar(props: { jobId: string }) {
  const focus = useReviewFocus();
  if (focus.jobId !== props.jobId || !focus.group) return null;
  return (
    <p className="banner ok" role="status">
      <span>
        Showing the leads {REVIEW_GROUPS[focus.group].label}
        {focus.reason ? `: ${focus.reason}` : ''}.
      </span>
      <button type="button" className="link" onClick={focus.clear}>
        Show every lead not accepted
      </button>
    </p>
  );
}
