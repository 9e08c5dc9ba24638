/**
 * The send queue: one job sent at a time, in the order submitted; pause, resume, cancel, resubmit the fixed
 * leads, and continue what a stopped process left sending. The send itself is outbox/runner.ts.
 */
import type { SendSettings } from '../../../shared/contract.ts';
import { SEND_SAFETY_DEFAULTS } from '../../../shared/contract.ts';
import { PHONE_NAME } from '../../../shared/leads/mapping.ts';
import type { InsertTarget } from '../campaigner/insert.ts';
import { UserError } from '../errors.ts';
import { createRunControl, type RunResult, runJob } from '../outbox/runner.ts';
import { emptyCounts, type JobRecord, type StoredTarget } from '../store/job-store.ts';
import type { openSafetyStore } from '../store/safety-store.ts';
import { storageErrorOf } from '../store/storage-error.ts';
import { ledgerHash } from './cross-checks.ts';
import { ACTIVE_STATES, type BuildSpec, type JobContext } from './job-context.ts';

/** A submitted job is stored with the canary and guard settings spelled out, so that the defaults may change later. */
const withSafetyDefaults = (settings: SendSettings): SendSettings => ({
  ...settings,
  canary: settings.canary ?? SEND_SAFETY_DEFAULTS.canary,
  maxRefusalRate: settings.maxRefusalRate ?? SEND_SAFETY_DEFAULTS.maxRefusalRate,
  refusalWindow: settings.refusalWindow ?? SEND_SAFETY_DEFAULTS.refusalWindow,
});

export interface QueueParts {
  safety: ReturnType<typeof openSafetyStore>;
  /** Throws while a correction of many rows of the job is being made. */
  assertNotEditing(jobId: string): void;
  /** Judges the job's leads again, here, for a target other than the one they were judged for. */
  rebuild(job: JobRecord, spec: BuildSpec): void;
  /** The canary's or the guard's pause that holds a job, if one does. */
  heldBy(job: JobRecord): unknown;
}

export function createJobQueue(ctx: JobContext, parts: QueueParts) {
  const { store, deps } = ctx;
  const { safety, assertNotEditing, heldBy } = parts;
  const queue: string[] = [];
  let running: { jobId: string; control: ReturnType<typeof createRunControl>; done: Promise<RunResult> } | undefined;
  let starting = false;

  async function pump(): Promise<void> {
    if (running || starting) return;
    const jobId = queue.shift();
    if (!jobId) return;
    starting = true;
    try {
      await start(jobId);
    } catch (error) {
      // A store that cannot be written stops this job where it stood (it stays resumable) and is told
      // like any other stop; anything else is a bug and surfaces.
      const failure = storageErrorOf(error);
      if (!failure) throw error;
      let counts = emptyCounts();
      try {
        counts = store.getJob(jobId)?.counts ?? counts;
      } catch {
        // The store cannot be read either: the message says why, the counts are unknown.
      }
      const message = `Stopped: ${failure.message}.`;
      deps.onProgress?.({ jobId, state: 'incomplete', counts, rate: 0, concurrency: 0, message });
      deps.onFinished?.(jobId, { state: 'incomplete', message, counts, concurrencyHistory: [] });
    } finally {
      starting = false;
    }
    return pump();
  }

  /** Runs one job to its end (done, paused, cancelled, refused or given up). */
  async function start(jobId: string): Promise<void> {
    const job = store.getJob(jobId);
    if (job?.state !== 'queued') return;
    let target: InsertTarget;
    try {
      target = await deps.resolveTarget(job);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      store.updateJob(jobId, { state: 'incomplete', message });
      deps.onProgress?.({ jobId, state: 'incomplete', counts: job.counts, rate: 0, concurrency: 0, message });
      return;
    }
    const control = createRunControl();
    store.updateJob(jobId, { state: 'sending', message: undefined });
    const done = runJob({
      store,
      jobId,
      target,
      settings: job.settings as SendSettings,
      timings: deps.timings,
      control,
      onProgress: deps.onProgress,
      derivePayload: ctx.deriverFor(job),
      onlyFixed: job.sendOnly === 'fixed',
      onAccepted: (leads) => {
        if (!job.target) return;
        const hashes: string[] = [];
        for (const lead of leads) {
          for (const [field, value] of Object.entries(lead.payload)) {
            if (field === 'njExternalLeadId') hashes.push(ledgerHash('id', value));
            else if (PHONE_NAME.test(field) || job.mapping?.phoneFields.includes(field)) hashes.push(ledgerHash('phone', value));
          }
        }
        store.ledgerAdd(job.target.serverUrl, job.target.campaignId, hashes);
      },
    });
    running = { jobId, control, done };
    try {
      const result = await done;
      deps.onFinished?.(jobId, result);
    } finally {
      running = undefined;
    }
  }

  const api = {
    /** Whether the job is being sent or waits in the queue. */
    isQueued: (jobId: string) => running?.jobId === jobId || queue.includes(jobId),

    /** Puts a job in the send queue. */
    submit(jobId: string, target: StoredTarget, settings: SendSettings): JobRecord {
      ctx.notRemapping(jobId);
      const job = ctx.requireJob(jobId);
      if (!job.mapping || !job.options) throw new UserError('not-mapped', 'Map the columns before submitting.');
      if (ACTIVE_STATES.has(job.state)) throw new UserError('job-active', 'This job is already being sent.');
      assertNotEditing(jobId);
      if (job.target && (job.target.campaignId !== target.campaignId || job.target.serverUrl !== target.serverUrl)) {
        parts.rebuild(job, { mapping: job.mapping, options: job.options, target });
      }
      // Each submission (the first, or again after a changed mapping) starts with a canary of its own.
      safety.startOver(jobId);
      store.updateJob(jobId, {
        target,
        settings: withSafetyDefaults(settings),
        state: 'queued',
        message: undefined,
        sendOnly: undefined,
      });
      queue.push(jobId);
      void pump();
      return ctx.requireJob(jobId);
    },

    /**
     * Queues a stored job again (after pause, a restart, or "incomplete"). A job the canary or the guard
     * paused stays paused, unless `continueAnyway`: then it goes on, and the guard's window starts again.
     * `scope`: 'all' sends every unsent lead ("Send the rest"), 'fixed' only the fixed ones; left out, the job
     * keeps the scope it had.
     */
    resume(jobId: string, options: { continueAnyway?: boolean; scope?: 'all' | 'fixed' } = {}): JobRecord {
      const job = ctx.requireJob(jobId);
      if (running?.jobId === jobId) return job;
      if (!job.target || !job.settings) throw new UserError('not-submitted', 'This job was never submitted.');
      assertNotEditing(jobId);
      if (job.state === 'done' && job.counts.ready === 0 && job.counts.sending === 0) return job;
      if (heldBy(job)) {
        if (!options.continueAnyway) return job;
        safety.continueAnyway(jobId);
      }
      const { scope } = options;
      const sendOnly = scope === undefined ? job.sendOnly : scope === 'fixed' ? 'fixed' : undefined;
      store.updateJob(jobId, { state: 'queued', message: undefined, sendOnly });
      if (!queue.includes(jobId)) queue.push(jobId);
      void pump();
      return ctx.requireJob(jobId);
    },

    async pause(jobId: string): Promise<JobRecord> {
      const job = ctx.requireJob(jobId);
      if (running?.jobId === jobId) {
        running.control.pause();
        await running.done;
      } else if (job.state === 'queued') {
        queue.splice(queue.indexOf(jobId), 1);
        store.updateJob(jobId, { state: 'paused' });
      }
      return ctx.requireJob(jobId);
    },

    async cancel(jobId: string): Promise<JobRecord> {
      const job = ctx.requireJob(jobId);
      if (running?.jobId === jobId) {
        running.control.cancel();
        await running.done;
      } else if (ACTIVE_STATES.has(job.state) || job.state === 'paused' || job.state === 'incomplete') {
        const at = queue.indexOf(jobId);
        if (at >= 0) queue.splice(at, 1);
        store.updateJob(jobId, { state: 'cancelled' });
      }
      return ctx.requireJob(jobId);
    },

    /**
     * Sends the fixed leads (changed by a person after they were refused or found invalid, now valid,
     * not yet sent) and no others: a cancelled job's other unsent leads stay unsent until "Send the
     * rest" (resume with scope 'all'). A job never submitted is sent with Submit instead.
     */
    resubmitFixed(jobId: string): JobRecord {
      const job = ctx.requireJob(jobId);
      const fixed = store.countFixed(jobId);
      if (fixed === 0) throw new UserError('nothing-fixed', 'No fixed leads to resubmit: edit a rejected or invalid lead first.');
      if (ACTIVE_STATES.has(job.state))
        throw new UserError('job-active', 'This job is being sent: wait for it to finish or pause it first.');
      // The fixed leads go first (they come earliest in the file) and are the new canary.
      safety.startOver(jobId);
      return api.resume(job.id, { scope: 'fixed' });
    },

    /** Jobs left sending when the app last stopped: queue them again. */
    resumeInterrupted(): string[] {
      const ids = store
        .listJobs()
        .filter((j) => ACTIVE_STATES.has(j.state))
        .map((j) => j.id)
        .reverse();
      for (const id of ids) {
        store.updateJob(id, { state: 'queued' });
        queue.push(id);
      }
      void pump();
      return ids;
    },

    /** Waits for the running job (tests, CLI, shutdown). */
    async idle(): Promise<void> {
      while (running || starting || queue.length) {
        if (running) await running.done.catch(() => undefined);
        else await new Promise((r) => setTimeout(r, 10));
      }
    },

    runningJobId: () => running?.jobId,
  };
  return api;
}
