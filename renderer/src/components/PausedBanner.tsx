import type { SafetyPause } from '../../../shared/contract.ts';
import { count } from '../lib/format.ts';

/** A rate as people read it; the space before % does not break. */
const percentText = (rate: number) => `${Math.round(rate * 1000) / 10}\u00a0%`;

/**
 * What the canary or the refusal guard saw, in the monitor: the server's reasons with their counts, and
 * the three ways on. Nothing more is sent until one of them is chosen.
 */
export function PausedBanner(props: {
  pause: SafetyPause;
  busy?: boolean;
  onFix(): void;
  onChangeMapping(): void;
  onContinue(): void;
}) {
  const { pause } = props;
  const title = pause.by === 'canary' ? 'Paused after the first leads' : 'Paused: too many leads refused';
  const what =
    pause.by === 'canary'
      ? `The server refused ${count(pause.refused)} of the first ${count(pause.answered)} leads (${percentText(pause.refusalRate)}), so the rest were held back.`
      : `The server refused ${count(pause.refused)} of the last ${count(pause.answered)} leads it answered (${percentText(pause.refusalRate)}).`;
  return (
    <section className="banner warn paused-banner" role="alert" aria-labelledby="paused-title">
      <div>
        <h3 id="paused-title">{title}</h3>
        <p>{what} Numbers already in the campaign are not counted.</p>
        {pause.reasons.length > 0 && (
          <>
            <p className="paused-reasons-title">The server said:</p>
            <ul className="paused-reasons" aria-label="The server's reasons">
              {pause.reasons.map((r) => (
                <li key={r.reason}>
                  <span>{r.reason}</span> <strong>{count(r.count)}</strong>
                </li>
              ))}
            </ul>
          </>
        )}
        <p className="muted">
          A wrong column or field name is the usual cause: fix the leads or the mapping, or continue if these refusals are
          expected.
        </p>
        <div className="row wrap">
          <button type="button" data-primary="true" onClick={props.onFix} disabled={props.busy}>
            Fix the refused leads
          </button>
          <button type="button" className="secondary" onClick={props.onChangeMapping} disabled={props.busy}>
            Change the mapping
          </button>
          <button type="button" className="ghost" onClick={props.onContinue} disabled={props.busy}>
            Continue anyway
          </button>
        </div>
      </div>
    </section>
  );
}
