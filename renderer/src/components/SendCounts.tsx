import type { Counts } from '../../../shared/contract.ts';
import { count } from '../lib/format.ts';
import { REVIEW_GROUPS, type ReviewGroup } from '../lib/review-focus.ts';

/**
 * Every lead of a job, once: accepted, updated, refused by the server, invalid (never sent), skipped, not
 * sent yet, and to check. On the finished screen each group links to those leads in Review.
 */
export function SendCounts(props: { counts: Counts; finished: boolean; onOpen(group: ReviewGroup): void }) {
  const c = props.counts;
  const groups: { group: ReviewGroup; n: number; tone: string }[] = [
    { group: 'accepted', n: c.imported, tone: 'ok' },
    { group: 'updated', n: c.updated, tone: 'ok' },
    { group: 'refused', n: c.rejected, tone: 'bad' },
    { group: 'invalid', n: c.invalid, tone: 'bad' },
    // Skipped by a person (never sent), and valid leads not sent yet (a stopped job's rest, or those in flight).
    { group: 'skipped', n: c.skipped, tone: '' },
    { group: 'notSent', n: c.ready + c.sending, tone: '' },
    { group: 'toCheck', n: c.review, tone: 'warn' },
  ];
  return (
    <ul className="summary send-counts" aria-label="Leads by outcome">
      {groups
        .filter((g) => g.n > 0 || (g.group !== 'toCheck' && g.group !== 'notSent'))
        .map(({ group, n, tone }) => {
          // While sending, the leads not yet answered are "pending", not skipped.
          const label = group === 'notSent' && !props.finished ? 'pending' : REVIEW_GROUPS[group].label;
          return (
            <li key={group} className={`stat ${tone}`}>
              {props.finished && n > 0 ? (
                <button type="button" className="link" onClick={() => props.onOpen(group)}>
                  <strong>{count(n)}</strong> {label}
                </button>
              ) : (
                <>
                  <strong>{count(n)}</strong> {label}
                </>
              )}
            </li>
          );
        })}
    </ul>
  );
}

/** The server's refusals so far, by reason, while the job is sent. */
export function LiveRefusals(props: { refusals: { reason: string; count: number }[] }) {
  if (props.refusals.length === 0) return null;
  return (
    <div className="live-refusals">
      <p className="muted">Refused by the server so far:</p>
      <ul aria-label="Refusals by reason">
        {props.refusals.map((r) => (
          <li key={r.reason}>
            <span>{r.reason}</span> <strong>{count(r.count)}</strong>
          </li>
        ))}
      </ul>
    </div>
  );
}
