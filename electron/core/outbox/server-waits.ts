/**
 * When the whole job waits rather than one batch: a run of "exception" answers (code 103: a manual import
 * or maintenance) waits for the cool-down, an unreachable server for a backoff that doubles; and when a run
 * that asked for it gives up, having had nothing accepted for too long (docs/engine.md, "Retry policy").
 */
import type { CallOutcome } from '../campaigner/insert.ts';
import { redact } from '../redact.ts';
import { backoffMs } from './aimd.ts';
import type { RunTimings } from './run-control.ts';

type Transient = Extract<CallOutcome, { kind: 'transient' }>;

export function createServerWaits(timings: RunTimings) {
  let exceptionsInRow = 0;
  let unreachableInRow = 0;
  let waitUntil = 0;
  let reason: string | undefined;
  let lastSuccess = Date.now();
  /** What the server last answered when it did not accept a batch: told when the run gives up. */
  let lastFailure: string | undefined;

  return {
    /** A batch was not accepted for a reason that may pass: the job may have to wait as a whole. */
    failed(outcome: Transient, now: number) {
      lastFailure = redact(outcome.why);
      exceptionsInRow = outcome.serverException ? exceptionsInRow + 1 : 0;
      unreachableInRow = outcome.unreachable ? unreachableInRow + 1 : 0;
      if (exceptionsInRow >= timings.maintenanceRun) {
        waitUntil = Math.max(waitUntil, now + timings.maintenanceCooldownMs);
        reason = `The server is busy (a manual import or maintenance is running): will retry at ${new Date(waitUntil).toLocaleTimeString()}.`;
        exceptionsInRow = 0;
      } else if (outcome.unreachable) {
        waitUntil = Math.max(waitUntil, now + backoffMs(unreachableInRow, timings.backoffBaseMs, timings.backoffMaxMs));
        reason = `The server cannot be reached (${outcome.why}): will retry at ${new Date(waitUntil).toLocaleTimeString()}.`;
      }
    },
    /** The server answered a batch. */
    answered(now: number) {
      exceptionsInRow = 0;
      unreachableInRow = 0;
      lastSuccess = now;
    },
    /** The time until which no call goes out (0 or past: none). */
    get until() {
      return waitUntil;
    },
    waiting: (now: number) => waitUntil > now,
    /** Why the job waits, while it does. */
    reason: (now: number) => (waitUntil > now ? reason : undefined),
    gaveUp: (now: number) => now - lastSuccess > timings.giveUpAfterMs,
    get lastFailure() {
      return lastFailure;
    },
  };
}
