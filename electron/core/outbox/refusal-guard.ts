/**
 * The arithmetic of sending safely, pure: a tally of answered leads, the sliding window of the refusal
 * guard, when the canary or the guard pauses, and the words that say why. A duplicate refusal is left out
 * of every count: a phone already in the campaign says nothing about the mapping or the file.
 */
import type { LeadStatus, SafetyPause } from '../../../shared/contract.ts';
import { reasonGroupOf } from '../store/lead-batch.ts';
import { isDuplicateRefusal } from '../store/safety-store.ts';

/** What the canary and the guard look at in one answered lead. */
export interface Answer {
  refused: boolean;
  /** The reason with its values folded ("Unknown Contact Hours N"), for refused leads. */
  reason?: string;
}

/** An answered lead as they see it; undefined for a duplicate refusal, which counts for nothing. */
export function answerOf(lead: { status: LeadStatus; reason?: string }): Answer | undefined {
  if (isDuplicateRefusal(lead)) return undefined;
  if (lead.status !== 'rejected') return { refused: false };
  return { refused: true, reason: reasonGroupOf(lead.reason ?? '(no reason given)') };
}

/** The guard judges a rate only over at least this many answers (or the whole window, when smaller). */
export const GUARD_MIN_ANSWERED = 100;

export interface Tally {
  answered: number;
  refused: number;
  reasons: Map<string, number>;
}

export const emptyTally = (): Tally => ({ answered: 0, refused: 0, reasons: new Map() });

export function addToTally(tally: Tally, answer: Answer, sign: 1 | -1 = 1): void {
  tally.answered += sign;
  if (!answer.refused) return;
  tally.refused += sign;
  const reason = answer.reason ?? '(no reason given)';
  const n = (tally.reasons.get(reason) ?? 0) + sign;
  if (n > 0) tally.reasons.set(reason, n);
  else tally.reasons.delete(reason);
}

/** The most frequent reasons first (ties by name, so the order is stable), at most `limit`. */
export function topReasons(reasons: ReadonlyMap<string, number>, limit = 10): { reason: string; count: number }[] {
  return [...reasons]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1))
    .slice(0, limit);
}

/** The last `size` answers (duplicates already left out), with their tally kept as they come and go. */
export function createRefusalWindow(size: number) {
  const ring: Answer[] = [];
  let next = 0;
  const tally = emptyTally();
  return {
    tally,
    push(answer: Answer) {
      if (ring.length < size) ring.push(answer);
      else {
        addToTally(tally, ring[next], -1);
        ring[next] = answer;
        next = (next + 1) % size;
      }
      addToTally(tally, answer);
    },
  };
}

export const rateOf = (tally: Tally) => (tally.answered > 0 ? tally.refused / tally.answered : 0);

/** The canary pauses on any refusal that is not a duplicate. */
export const canaryTrips = (tally: Tally) => tally.refused > 0;

/** The guard pauses when the rate over a full enough window passes the threshold (1 never passes). */
export function guardTrips(tally: Tally, maxRate: number, windowSize: number): boolean {
  if (tally.answered < Math.min(windowSize, GUARD_MIN_ANSWERED)) return false;
  return rateOf(tally) > maxRate;
}

export function pauseOf(by: SafetyPause['by'], tally: Tally, at = new Date()): SafetyPause {
  return {
    by,
    refusalRate: rateOf(tally),
    answered: tally.answered,
    refused: tally.refused,
    reasons: topReasons(tally.reasons),
    at: at.toISOString(),
  };
}

export const percentText = (rate: number) => `${Math.round(rate * 1000) / 10} %`;

/** One line for a person: what stopped the job, the leading reason, and what they can do. */
export function pauseMessage(pause: SafetyPause, maxRate?: number): string {
  const top = pause.reasons[0];
  const reason = top ? ` Most often: ${top.reason} (${top.count}).` : '';
  const what =
    pause.by === 'canary'
      ? `Paused after the first leads: the server refused ${pause.refused} of ${pause.answered} (${percentText(pause.refusalRate)}).`
      : `Paused: the server refused ${pause.refused} of the last ${pause.answered} leads (${percentText(pause.refusalRate)}${
          maxRate !== undefined ? `, more than ${percentText(maxRate)}` : ''
        }).`;
  return `${what}${reason} Fix the leads or the mapping, or continue anyway.`;
}
