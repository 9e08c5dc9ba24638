import { SEND_SAFETY_DEFAULTS } from '../../../shared/contract.ts';
import { count } from '../lib/format.ts';
import { useApp } from '../store.ts';

/** A whole number from the field, held within its bounds (an emptied field reads as the lowest). */
const wholeIn = (text: string, min: number, max: number) => Math.max(min, Math.min(max, Math.floor(Number(text) || 0)));

/**
 * The canary and the refusal guard (Target → Advanced). The engine pauses a job the server refuses too
 * much of; these say how soon and how much. Stored with the job when it is submitted.
 */
export function SendSafetySettings() {
  const settings = useApp((s) => s.settings);
  const setSettings = useApp((s) => s.setSettings);
  const canary = settings.canary ?? SEND_SAFETY_DEFAULTS.canary;
  const rate = settings.maxRefusalRate ?? SEND_SAFETY_DEFAULTS.maxRefusalRate;
  const window = settings.refusalWindow ?? SEND_SAFETY_DEFAULTS.refusalWindow;
  const percent = Math.round(rate * 100);
  return (
    <fieldset className="send-safety">
      <legend>Send safely</legend>
      <div className="row wrap">
        <label>
          Send first, then check (leads)
          <input
            type="number"
            min={0}
            max={5000}
            value={canary}
            onChange={(e) => setSettings({ canary: wholeIn(e.target.value, 0, 5000) })}
          />
        </label>
        <label>
          Pause when refused above (%)
          <input
            type="number"
            min={0}
            max={100}
            value={percent}
            onChange={(e) => setSettings({ maxRefusalRate: wholeIn(e.target.value, 0, 100) / 100 })}
          />
        </label>
        <label>
          Of the last answered (leads)
          <input
            type="number"
            min={1}
            max={1_000_000}
            value={window}
            onChange={(e) => setSettings({ refusalWindow: wholeIn(e.target.value, 1, 1_000_000) })}
          />
        </label>
      </div>
      <p className="muted">
        {canary > 0
          ? `The first ${count(canary)} leads go alone: if the server refuses any of them, sending pauses before the rest so that you can fix the mapping or the file. `
          : 'No leads are sent alone first (0 turns this check off). '}
        {percent < 100
          ? `While sending, it also pauses when more than ${percent}\u00a0% of the last ${count(window)} answered leads were refused.`
          : 'Sending does not pause for refusals while it runs (100\u00a0% turns this check off).'}{' '}
        Numbers already in the campaign (duplicates) never count.
      </p>
    </fieldset>
  );
}
