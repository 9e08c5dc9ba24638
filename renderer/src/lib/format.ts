/** Numbers and times as a campaign manager reads them. */
export const count = (n: number) => n.toLocaleString('en-AU');

export function duration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export const rate = (perSecond: number) => (perSecond >= 10 ? `${count(Math.round(perSecond))}/s` : `${perSecond.toFixed(1)}/s`);

export function clock(iso: string | undefined): string {
  if (!iso) return '';
  return new Date(iso).toLocaleTimeString('en-AU', { hour: '2-digit', minute: '2-digit' });
}

export const percent = (part: number, whole: number) => (whole > 0 ? Math.min(100, Math.round((100 * part) / whole)) : 0);

const STATE_WORDS: Record<string, string> = {
  reading: 'Reading the file',
  draft: 'Ready to map and submit',
  queued: 'Queued',
  sending: 'Sending',
  waiting: 'Waiting for the server',
  paused: 'Paused',
  done: 'Finished',
  incomplete: 'Stopped before the end',
  failed: 'Refused by the server',
  cancelled: 'Cancelled',
};
export const stateWords = (state: string) => STATE_WORDS[state] ?? state;

/**
 * The one line that says what a job is doing. A wait says why and until when, in the words a campaign
 * manager knows ("a manual import"), because a stalled upload is the moment they worry.
 */
export function statusLine(state: string, waitingUntil?: string, reason?: string): string {
  if (state !== 'waiting') return stateWords(state);
  const cause = /reach|down|connect/i.test(reason ?? '')
    ? 'the server cannot be reached'
    : 'the server is busy (manual import or maintenance)';
  return waitingUntil ? `Waiting: ${cause}. Will retry at ${clock(waitingUntil)}.` : `Waiting: ${cause}.`;
}
