/**
 * The canary and the refusal guard of one run of a job (docs/engine.md, "Canary and refusal guard").
 *
 * The runner asks how many fresh leads it may take (only the canary's until the canary is judged), tells
 * each answered call's settlements, and stops taking batches once `paused` is set. What they judge is read
 * back from the store when a run starts, so a run after a crash judges the same answers a run without one
 * would have: a pause, once recorded, holds until someone continues anyway or starts over.
 */
import { type SafetyPause, SEND_SAFETY_DEFAULTS, type SendSettings } from '../../../shared/contract.ts';
import type { JobStore, Settlement } from '../store/job-store.ts';
import { reasonGroupOf } from '../store/lead-batch.ts';
import { isDuplicateRefusal, openSafetyStore } from '../store/safety-store.ts';
import {
  addToTally,
  answerOf,
  canaryTrips,
  createRefusalWindow,
  emptyTally,
  guardTrips,
  pauseMessage,
  pauseOf,
  type Tally,
  topReasons,
} from './refusal-guard.ts';

const ANSWERED = new Set(['imported', 'updated', 'rejected', 'review']);

export function createSendSafety(input: { store: JobStore; jobId: string; settings: SendSettings }) {
  const { store, jobId, settings } = input;
  const safetyStore = openSafetyStore(store);
  // A job stored without these settings was submitted before they existed: it sends as it did then.
  const canarySize = settings.canary ?? 0;
  const maxRate = settings.maxRefusalRate ?? 1;
  const windowSize = settings.refusalWindow ?? SEND_SAFETY_DEFAULTS.refusalWindow;
  let record = safetyStore.read(jobId);
  const guardOn = maxRate < 1 && !record.guardOff;
  let paused = record.pause;
  let message: string | undefined;
  let inCanary = canarySize > 0 && !record.canaryPassed && !paused;

  // The canary's answers so far (a run after a crash starts from what was already answered).
  const canary: Tally = emptyTally();
  let canaryAnswered = 0;
  if (inCanary) {
    for (const lead of safetyStore.answered(jobId, record.since, canarySize, 'oldest')) {
      canaryAnswered++;
      const answer = answerOf(lead);
      if (answer) addToTally(canary, answer);
    }
  }
  const answeredBefore = canaryAnswered;
  let taken = 0;

  // The guard's window, newest answers read back in the order they came.
  const window = createRefusalWindow(windowSize);
  if (guardOn && !paused) {
    const seed = safetyStore.answered(jobId, record.since, windowSize, 'newest', (l) => !isDuplicateRefusal(l));
    for (const lead of seed.reverse()) {
      const answer = answerOf(lead);
      if (answer) window.push(answer);
    }
  }

  // Every refusal of the job by reason, duplicates included, for the monitor.
  const refusals = new Map(safetyStore.refusalsByReason(jobId).map((r) => [r.reason, r.count]));

  const trip = (by: SafetyPause['by'], tally: Tally) => {
    const pause = pauseOf(by, tally);
    message = pauseMessage(pause, by === 'guard' ? maxRate : undefined);
    record = safetyStore.hold(jobId, record, pause, message);
    paused = pause;
  };

  const judgeCanary = (readyLeft: number) => {
    inCanary = false;
    // Nothing left to hold back: a job no larger than the canary just finishes.
    if (canaryTrips(canary) && readyLeft > 0) trip('canary', canary);
    else record = safetyStore.passCanary(jobId, record);
  };

  const judge = (readyLeft: number) => {
    if (paused) return;
    if (inCanary) {
      if (canaryAnswered >= canarySize) judgeCanary(readyLeft);
    } else if (guardOn && guardTrips(window.tally, maxRate, windowSize)) {
      trip('guard', window.tally);
    }
  };

  return {
    /** The pause that holds the job, once the canary or the guard made one (or one was recorded earlier). */
    get paused(): SafetyPause | undefined {
      return paused;
    },
    get message(): string | undefined {
      return paused ? (message ?? pauseMessage(paused, paused.by === 'guard' ? maxRate : undefined)) : undefined;
    },
    /** At the start of a run: judges what is already answered (a crash may have come before a judgement). */
    start(readyLeft: number): SafetyPause | undefined {
      judge(readyLeft);
      return paused;
    },
    /** How many fresh leads may be taken now: only the canary's until it is judged. */
    allowance(): number {
      return inCanary ? Math.max(0, canarySize - answeredBefore - taken) : Number.POSITIVE_INFINITY;
    },
    took(n: number): void {
      taken += n;
    },
    /** Every taken lead is answered, but the canary is still short (it cannot, but a stall must never be the result). */
    stalled(readyLeft: number): void {
      if (inCanary) judgeCanary(readyLeft);
    },
    /** One answered call's settlements; `readyLeft` is how many leads are still to be sent. */
    observe(settlements: readonly Settlement[], readyLeft: number): void {
      for (const s of settlements) {
        if (!ANSWERED.has(s.status)) continue;
        if (s.status === 'rejected') {
          const reason = reasonGroupOf(s.reason ?? '(no reason given)');
          refusals.set(reason, (refusals.get(reason) ?? 0) + 1);
        }
        if (paused) continue;
        const answer = answerOf(s);
        if (inCanary) {
          canaryAnswered++;
          if (answer) addToTally(canary, answer);
        }
        if (answer && guardOn) window.push(answer);
      }
      judge(readyLeft);
    },
    /** Refusals so far by reason, most frequent first. */
    refusals: () => topReasons(refusals),
  };
}

export type SendSafety = ReturnType<typeof createSendSafety>;
