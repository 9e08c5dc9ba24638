/**
 * A run's progress events: counts, leads settled per second over the last 30 s, the time left, the
 * concurrency level, a wait and its reason, and what the canary and the guard know. At most 4 a second,
 * but a change of state (sending ↔ waiting) is always told.
 */
import type { Counts, JobState } from '../../../shared/contract.ts';
import type { Progress } from './runner.ts';

const WINDOW_MS = 30_000;
const MIN_INTERVAL_MS = 250;

export function createProgressMeter(input: {
  jobId: string;
  /** The run's live counts (read at each event, never changed here). */
  counts: Counts;
  /** What the rest of the event says, at the time it is sent. */
  state: (now: number) => Pick<Progress, 'concurrency' | 'paused' | 'refusals'> & { waitUntil: number; waitReason?: string };
  onProgress?: (progress: Progress) => void;
}) {
  const settledTimes: { at: number; n: number }[] = [];
  let lastEmit = 0;
  let lastState: JobState | undefined;

  return {
    /** `n` leads were settled now: they count towards the rate. */
    settled(n: number) {
      settledTimes.push({ at: Date.now(), n });
    },

    emit(state: JobState, force = false, message?: string) {
      const t = Date.now();
      if (!force && state === lastState && t - lastEmit < MIN_INTERVAL_MS) return;
      lastEmit = t;
      lastState = state;
      while (settledTimes.length && settledTimes[0].at < t - WINDOW_MS) settledTimes.shift();
      const window = settledTimes.length ? Math.max(1, t - settledTimes[0].at) / 1000 : 0;
      const rate = window ? settledTimes.reduce((s, x) => s + x.n, 0) / window : 0;
      const { counts } = input;
      const remaining = counts.ready + counts.sending;
      const now = input.state(t);
      input.onProgress?.({
        jobId: input.jobId,
        state,
        counts: { ...counts },
        rate,
        etaSeconds: rate > 0 ? remaining / rate : undefined,
        concurrency: now.concurrency,
        waitingUntil: now.waitUntil > t ? new Date(now.waitUntil).toISOString() : undefined,
        message: message ?? (now.waitUntil > t ? now.waitReason : undefined),
        paused: now.paused,
        refusals: now.refusals,
      });
    },
  };
}
