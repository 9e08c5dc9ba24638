/**
 * Sends one job's ready leads until every one is settled, the job is paused or cancelled, the server
 * refuses it, or (when asked) nothing has worked for too long. Batches go out with adaptive concurrency;
 * failures are retried with backoff; a run of "exception" answers means a manual import or maintenance,
 * and sending waits for a cool-down. Every step is recorded in the store before and after the wire.
 * The canary and the refusal guard (send-safety.ts) may hold the rest back: the job then ends paused.
 */
import type { Counts, EventPayload, JobState, SendSettings } from '../../../shared/contract.ts';
import { type CallOutcome, callInsert, type InsertTarget } from '../campaigner/insert.ts';
import { redact, registerSecret } from '../redact.ts';
import type { DerivePayload, JobStore, SendableLead, Settlement } from '../store/job-store.ts';
import { type StorageError, storageErrorOf } from '../store/storage-error.ts';
import { backoffMs, createConcurrency } from './aimd.ts';
import { boundedReply, giveUpMessage } from './run-messages.ts';
import { createSendSafety } from './send-safety.ts';
import { settleBatch, settleSingle } from './settle.ts';

export interface RunTimings {
  /** Above the server's own queue timeout (1–10 minutes). */
  requestTimeoutMs: number;
  /** Pause after a run of code 103 (manual import or maintenance). */
  maintenanceCooldownMs: number;
  /** How many 103 answers in a row mean "manual import or maintenance". */
  maintenanceRun: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Stop as incomplete after this long without any accepted call (the CLI's "server unreachable"). */
  giveUpAfterMs: number;
}

export const DEFAULT_TIMINGS: RunTimings = {
  requestTimeoutMs: 180_000,
  maintenanceCooldownMs: 120_000,
  maintenanceRun: 3,
  backoffBaseMs: 500,
  backoffMaxMs: 60_000,
  giveUpAfterMs: Number.POSITIVE_INFINITY,
};

/** A job's progress as the jobProgress event carries it (shared/contract/events.ts). */
export type Progress = EventPayload<'jobProgress'>;

export interface RunControl {
  pause(): void;
  cancel(): void;
  readonly stopping: 'pause' | 'cancel' | undefined;
}

export interface RunResult {
  state: JobState;
  message?: string;
  counts: Counts;
  concurrencyHistory: readonly { atMs: number; level: number }[];
}

interface Pending {
  leads: SendableLead[];
  failures: number;
  notBefore: number;
}

export function createRunControl(
  onChange: () => void = () => {},
): RunControl & { wake: () => void; onWake(listener: () => void): void } {
  let stopping: 'pause' | 'cancel' | undefined;
  const listeners = new Set<() => void>([onChange]);
  const wake = () => {
    for (const l of listeners) l();
  };
  return {
    get stopping() {
      return stopping;
    },
    pause() {
      stopping ??= 'pause';
      wake();
    },
    cancel() {
      stopping = 'cancel';
      wake();
    },
    wake,
    onWake(listener) {
      listeners.add(listener);
    },
  };
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
  let waitUntil = 0;
  let waitReason: string | undefined;
  let exceptionsInRow = 0;
  let unreachableInRow = 0;
  let lastSuccess = Date.now();
  /** What the server last answered when it did not accept a batch: told when the run gives up. */
  let lastFailure: string | undefined;
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
  const settledTimes: { at: number; n: number }[] = [];

  let wakeLoop: (() => void) | undefined;
  control.onWake(() => wakeLoop?.());

  let lastEmit = 0;
  let lastState: JobState | undefined;
  const emit = (state: JobState, force = false, message?: string) => {
    const t = Date.now();
    // At most 4 a second, but a change of state (sending ↔ waiting) is always told.
    if (!force && state === lastState && t - lastEmit < 250) return;
    lastEmit = t;
    lastState = state;
    while (settledTimes.length && settledTimes[0].at < t - 30_000) settledTimes.shift();
    const window = settledTimes.length ? Math.max(1, t - settledTimes[0].at) / 1000 : 0;
    const rate = window ? settledTimes.reduce((s, x) => s + x.n, 0) / window : 0;
    const remaining = counts.ready + counts.sending;
    input.onProgress?.({
      jobId,
      state,
      counts: { ...counts },
      rate,
      etaSeconds: rate > 0 ? remaining / rate : undefined,
      concurrency: concurrency.level,
      waitingUntil: waitUntil > t ? new Date(waitUntil).toISOString() : undefined,
      message: message ?? (waitUntil > t ? waitReason : undefined),
      paused: safety.paused,
      refusals: safety.refusals(),
    });
  };

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
      lastFailure = redact(outcome.why);
      record(
        attemptId,
        `transient: ${outcome.why}`,
        outcome.excerpt,
        leads.map((l) => ({ seq: l.seq, status: 'ready', uncertain: l.uncertain || uncertain })),
      );
      for (const l of leads) l.uncertain ||= uncertain;
      if (outcome.overload) concurrency.overload();
      exceptionsInRow = outcome.serverException ? exceptionsInRow + 1 : 0;
      unreachableInRow = outcome.unreachable ? unreachableInRow + 1 : 0;
      const now = Date.now();
      if (exceptionsInRow >= timings.maintenanceRun) {
        waitUntil = Math.max(waitUntil, now + timings.maintenanceCooldownMs);
        waitReason = `The server is busy (a manual import or maintenance is running): will retry at ${new Date(waitUntil).toLocaleTimeString()}.`;
        exceptionsInRow = 0;
      } else if (outcome.unreachable) {
        waitUntil = Math.max(waitUntil, now + backoffMs(unreachableInRow, timings.backoffBaseMs, timings.backoffMaxMs));
        waitReason = `The server cannot be reached (${outcome.why}): will retry at ${new Date(waitUntil).toLocaleTimeString()}.`;
      }
      pending.failures++;
      pending.notBefore = now + backoffMs(pending.failures, timings.backoffBaseMs, timings.backoffMaxMs);
      retries.push(pending);
      return;
    }
    exceptionsInRow = 0;
    unreachableInRow = 0;
    lastSuccess = Date.now();
    concurrency.success(latencyMs);
    const settlements = perLead
      ? [settleSingle(leads[0], outcome.code, outcome.message)]
      : settleBatch(leads, outcome.message).settlements;
    record(attemptId, perLead ? `code ${outcome.code}` : 'answered', outcome.message, settlements);
    safety.observe(settlements, counts.ready);
    settledTimes.push({ at: Date.now(), n: leads.length });
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
    } else if (now - lastSuccess > timings.giveUpAfterMs) {
      finalState = 'incomplete';
      finalMessage = giveUpMessage(timings.giveUpAfterMs, lastFailure);
    }
    const stopping =
      refused !== undefined ||
      storageFailure !== undefined ||
      control.stopping !== undefined ||
      safety.paused !== undefined ||
      now - lastSuccess > timings.giveUpAfterMs;
    if (stopping) {
      if (inflight.size === 0) break;
    } else if (now >= waitUntil) {
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
    emit(waitUntil > now ? 'waiting' : 'sending');
    const nextRetry = retries.length ? Math.min(...retries.map((r) => r.notBefore)) : Number.POSITIVE_INFINITY;
    const wakeAt = Math.min(waitUntil > now ? waitUntil : Number.POSITIVE_INFINITY, nextRetry, now + 1000);
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
