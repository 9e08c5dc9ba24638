/**
 * Sends one job's ready leads until every one is settled, the job is paused or cancelled, the server
 * refuses it, or (when asked) nothing has worked for too long. Batches go out with adaptive concurrency;
 * failures are retried with backoff; a run of "exception" answers means a manual import or maintenance,
 * and sending waits for a cool-down. Every step is recorded in the store before and after the wire.
 * The canary and the refusal guard (send-safety.ts) may hold the rest back: the job then ends paused.
 *
 * This file is the loop; its parts: run-control.ts (pause, cancel, timings), server-waits.ts (when the
 * whole job waits, and when it gives up), progress-meter.ts (the progress events), aimd.ts (concurrency
 * and backoff), settle.ts (a reply matched to the leads sent).
 */
import type { Counts, EventPayload, JobState, SendSettings } from '../../../shared/contract.ts';
import { type CallOutcome, callInsert, type InsertTarget } from '../campaigner/insert.ts';
import { redact, registerSecret } from '../redact.ts';
import type { DerivePayload, JobStore, SendableLead, Settlement } from '../store/job-store.ts';
import { type StorageError, storageErrorOf } from '../store/storage-error.ts';
import { backoffMs, createConcurrency } from './aimd.ts';
import { createProgressMeter } from './progress-meter.ts';
import { createRunControl, DEFAULT_TIMINGS, type RunResult, type RunTimings } from './run-control.ts';
import { boundedReply, giveUpMessage } from './run-messages.ts';
import { createSendSafety } from './send-safety.ts';
import { createServerWaits } from './server-waits.ts';
import { settleBatch, settleSingle } from './settle.ts';

export { createRunControl, DEFAULT_TIMINGS, type RunControl, type RunResult, type RunTimings } from './run-control.ts';

/** A job's progress as the jobProgress event carries it (shared/contract/events.ts). */
export type Progress = EventPayload<'jobProgress'>;

interface Pending {
  leads: SendableLead[];
  failures: number;
  notBefore: number;
}

export async function runJob(input: {
  store: JobStore;
  jobId: string;
  target: InsertTarget;
  settings: SendSettings;
  timings?: Partial<RunTimings>;
  control?: ReturnType<typeof createRunControl>;
  onProgress?: (progress: Progress) => void;
  onAccepted?: (leads: SendableLead[]) => void;
  /** Turns a stored lead's cells into what is sent, for leads stored without a payload. */
  derivePayload?: DerivePayload;
  /** Send only the leads a person fixed after they were refused or found invalid (resubmitFixed). */
  onlyFixed?: boolean;
}): Promise<RunResult> {
  const { store, jobId, target, settings } = input;
  const timings = { ...DEFAULT_TIMINGS, ...input.timings };
  // Whoever supplied the key registered it already; registering here too means no caller can forget.
  registerSecret(target.apiKey);
  const control = input.control ?? createRunControl();
  const concurrency = createConcurrency(settings.concurrency);
  const perLead = settings.method === 'insertLeadFast';
  const endpoint = perLead ? 'insertLeadFast' : settings.batchEndpoint;
  const batchSize = perLead ? 1 : settings.batchSize;

  store.recoverInterrupted(jobId);
  const counts = store.countByStatus(jobId);
  const safety = createSendSafety({ store, jobId, settings });
  safety.start(counts.ready);
  const retries: Pending[] = [];
  const inflight = new Set<Promise<void>>();
  let cursor = -1;
  let exhausted = false;
  let refused: string | undefined;
  const waits = createServerWaits(timings);
  /** The store or its disk failed: no new batch goes out, and the job stops where the store last stood. */
  let storageFailure: StorageError | undefined;
  /** Runs a step that writes the store; a storage failure stops the run instead of ending the process. */
  const stored = <T>(work: () => T): T | undefined => {
    try {
      return work();
    } catch (error) {
      const failure = storageErrorOf(error);
      if (!failure) throw error;
      storageFailure ??= failure;
      return undefined;
    }
  };

  let wakeLoop: (() => void) | undefined;
  control.onWake(() => wakeLoop?.());

  const meter = createProgressMeter({
    jobId,
    counts,
    onProgress: input.onProgress,
    state: (now) => ({
      concurrency: concurrency.level,
      waitUntil: waits.until,
      waitReason: waits.reason(now),
      paused: safety.paused,
      refusals: safety.refusals(),
    }),
  });
  const emit = meter.emit;

  const nextBatch = (): Pending | undefined => {
    const now = Date.now();
    const due = retries.findIndex((r) => r.notBefore <= now);
    if (due >= 0) return retries.splice(due, 1)[0];
    if (exhausted) return undefined;
    // Until the canary is judged only its leads go out, in one batch where the batch size allows.
    const room = safety.allowance();
    if (room <= 0) return undefined;
    const leads = stored(() => store.nextReady(jobId, cursor, Math.min(batchSize, room), input.derivePayload, input.onlyFixed));
    if (!leads) return undefined;
    if (leads.length === 0) {
      exhausted = true;
      return undefined;
    }
    safety.took(leads.length);
    cursor = leads[leads.length - 1].seq;
    return { leads, failures: 0, notBefore: 0 };
  };

  const move = (from: keyof Counts, to: keyof Counts, n: number) => {
    counts[from] -= n;
    counts[to] += n;
  };

  const record = (attemptId: number, outcome: string, reply: string | undefined, settlements: Settlement[]) => {
    // The counts change only once the settlement is stored: a store that fails here leaves them as stored.
    const next = { ...counts };
    for (const s of settlements) {
      next.sending--;
      next[s.status as keyof Counts]++;
    }
    const kept = reply === undefined ? undefined : boundedReply(redact(reply));
    store.settleAttempt(jobId, attemptId, outcome, kept, settlements, next);
    Object.assign(counts, next);
  };

  const handle = (pending: Pending, attemptId: number, outcome: CallOutcome, latencyMs: number) => {
    const { leads } = pending;
    if (outcome.kind === 'refused') {
      refused = redact(outcome.why);
      record(
        attemptId,
        'refused',
        outcome.why,
        leads.map((l) => ({ seq: l.seq, status: 'ready', uncertain: l.uncertain })),
      );
      return;
    }
    if (outcome.kind === 'transient') {
      const uncertain = outcome.maybeDelivered;
      record(
        attemptId,
        `transient: ${outcome.why}`,
        outcome.excerpt,
        leads.map((l) => ({ seq: l.seq, status: 'ready', uncertain: l.uncertain || uncertain })),
      );
      for (const l of leads) l.uncertain ||= uncertain;
      if (outcome.overload) concurrency.overload();
      const now = Date.now();
      waits.failed(outcome, now);
      pending.failures++;
      pending.notBefore = now + backoffMs(pending.failures, timings.backoffBaseMs, timings.backoffMaxMs);
      retries.push(pending);
      return;
    }
    waits.answered(Date.now());
    concurrency.success(latencyMs);
    const settlements = perLead
      ? [settleSingle(leads[0], outcome.code, outcome.message)]
      : settleBatch(leads, outcome.message).settlements;
    record(attemptId, perLead ? `code ${outcome.code}` : 'answered', outcome.message, settlements);
    safety.observe(settlements, counts.ready);
    meter.settled(leads.length);
    const acceptedSeqs = new Set(settlements.filter((s) => s.status === 'imported' || s.status === 'updated').map((s) => s.seq));
    if (acceptedSeqs.size) input.onAccepted?.(leads.filter((l) => acceptedSeqs.has(l.seq)));
  };

  const send = (pending: Pending) => {
    const attempt = stored(() =>
      store.beginAttempt(
        jobId,
        pending.leads.map((l) => l.seq),
      ),
    );
    if (!attempt) return;
    const attemptId = attempt.id;
    // Leads another writer took meanwhile stay with it (the data folder's lock makes this rare).
    if (attempt.seqs.length < pending.leads.length) {
      const taken = new Set(attempt.seqs);
      pending.leads = pending.leads.filter((l) => taken.has(l.seq));
    }
    move('ready', 'sending', attempt.seqs.length);
    const started = performance.now();
    const body = perLead ? pending.leads[0].payload : pending.leads.map((l) => l.payload);
    const task = callInsert(target, endpoint, body, timings.requestTimeoutMs)
      .then((outcome) => stored(() => handle(pending, attemptId, outcome, performance.now() - started)))
      .finally(() => {
        inflight.delete(task);
        wakeLoop?.();
      });
    inflight.add(task);
  };

  emit(safety.paused ? 'paused' : 'sending', true);
  let finalState: JobState = 'done';
  let finalMessage: string | undefined;
  while (true) {
    const now = Date.now();
    if (refused) {
      finalState = 'failed';
      finalMessage = `The server refused the upload: ${refused}.`;
    } else if (control.stopping === 'cancel') {
      finalState = 'cancelled';
    } else if (control.stopping === 'pause') {
      finalState = 'paused';
    } else if (storageFailure) {
      finalState = 'incomplete';
      finalMessage = `Stopped: ${storageFailure.message}.`;
    } else if (safety.paused) {
      finalState = 'paused';
      finalMessage = safety.message;
    } else if (waits.gaveUp(now)) {
      finalState = 'incomplete';
      finalMessage = giveUpMessage(timings.giveUpAfterMs, waits.lastFailure);
    }
    const stopping =
      refused !== undefined ||
      storageFailure !== undefined ||
      control.stopping !== undefined ||
      safety.paused !== undefined ||
      waits.gaveUp(now);
    if (stopping) {
      if (inflight.size === 0) break;
    } else if (!waits.waiting(now)) {
      while (inflight.size < concurrency.level) {
        const pending = nextBatch();
        if (!pending) break;
        send(pending);
      }
      if (inflight.size === 0 && retries.length === 0 && exhausted) {
        finalState = 'done';
        break;
      }
      if (inflight.size === 0 && retries.length === 0 && safety.allowance() === 0) {
        safety.stalled(counts.ready);
        continue;
      }
    }
    emit(waits.waiting(now) ? 'waiting' : 'sending');
    const nextRetry = retries.length ? Math.min(...retries.map((r) => r.notBefore)) : Number.POSITIVE_INFINITY;
    const wakeAt = Math.min(waits.waiting(now) ? waits.until : Number.POSITIVE_INFINITY, nextRetry, now + 1000);
    // Wakes on a settled call (each call's finally wakes the loop), a control change, or the next due time.
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      wakeLoop = resolve;
      timer = setTimeout(resolve, Math.max(1, wakeAt - now));
    });
    clearTimeout(timer);
    wakeLoop = undefined;
  }
  // Leads handed back for a retry that will not happen now stay "ready": resume sends them.
  if (finalState === 'done' && counts.ready > 0) {
    finalState = 'incomplete';
    // A run of fixed leads only leaves the job's other unsent leads alone: they go only when asked.
    if (input.onlyFixed && retries.length === 0)
      finalMessage = `The fixed leads were sent. ${counts.ready} other lead${counts.ready === 1 ? ' was' : 's were'} never sent: "Send the rest" sends ${counts.ready === 1 ? 'it' : 'them'}.`;
  }
  // A storage failure can end the loop as if the job ran out of leads (a batch that could not be
  // recorded was never sent): it is a stop either way, told in its own words.
  const storageStop = () => {
    if (!storageFailure) return;
    finalState = 'incomplete';
    finalMessage = `Stopped: ${storageFailure.message}.`;
  };
  storageStop();
  // When the store cannot be written the job stays recorded as sending: the next start or a resume
  // continues it, and this run's message reaches the person through the progress event.
  stored(() => store.updateJob(jobId, { state: finalState, message: finalMessage, counts }));
  storageStop();
  emit(finalState, true, finalMessage);
  return { state: finalState, message: finalMessage, counts: { ...counts }, concurrencyHistory: concurrency.history };
}
