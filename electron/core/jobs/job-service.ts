/**
 * Jobs from file to finished, as one service the app's handlers and the CLI drive the core through. Its
 * parts, each a module: reading a file into a job (job-import.ts), judging its leads again for a new mapping
 * or target (job-remap.ts), the send queue (job-queue.ts), what the window sees (job-views.ts), and
 * corrections of many rows with undo (bulk-edit.ts). What they share is job-context.ts.
 */
import { UserError } from '../errors.ts';
import { createEditHistory } from '../store/edit-history.ts';
import type { JobRecord } from '../store/job-store.ts';
import { openSafetyStore } from '../store/safety-store.ts';
import { createEditor } from './bulk-edit.ts';
import { createJobContext, type JobServiceDeps } from './job-context.ts';
import { createJobImport } from './job-import.ts';
import { createJobQueue } from './job-queue.ts';
import { createJobRemap } from './job-remap.ts';
import { createJobViews } from './job-views.ts';

export type { BuildSpec, JobServiceDeps } from './job-context.ts';

export function createJobService(deps: JobServiceDeps) {
  const { store } = deps;
  const safety = openSafetyStore(store);
  // The queue is made below; until then nothing is queued.
  let isQueued: (jobId: string) => boolean = () => false;
  const ctx = createJobContext(deps, (jobId) => isQueued(jobId));
  const editor = createEditor({
    store,
    history: createEditHistory(store),
    requireJob: ctx.requireJob,
    deriver: (job, only) => ctx.deriverFor(job, only),
    ledger: (job) => ctx.ledgerFor(job.target),
    // A job being sent, or whose rows are being re-checked by a new mapping, is not corrected meanwhile.
    isSending: (jobId) => isQueued(jobId) || ctx.remaps.has(jobId),
  });
  /** A job being corrected is not sent until the correction ends (the sender would read half of it). */
  const assertNotEditing = (jobId: string) => {
    if (editor.isEditing(jobId))
      throw new UserError('job-editing', 'A change to many rows of this job is still being made: send it when that ends.');
  };
  /** The canary's or the guard's pause that holds a job, if one does. */
  const heldBy = (job: JobRecord) =>
    job.state === 'done' || job.state === 'cancelled' || job.state === 'draft' ? undefined : safety.read(job.id).pause;

  const remap = createJobRemap(ctx, editor);
  const reading = createJobImport(ctx, remap.remember);
  const queue = createJobQueue(ctx, { safety, assertNotEditing, heldBy, rebuild: remap.rebuild });
  isQueued = queue.isQueued;
  const views = createJobViews(ctx, editor, heldBy);

  return {
    requireJob: ctx.requireJob,
    summary: views.summary,
    rows: views.rows,
    editRow: views.editRow,
    inspect: reading.inspect,
    importFile: reading.importFile,
    cancelRead: reading.cancelRead,
    discardInterruptedReads: reading.discardInterruptedReads,
    remap: remap.remap,
    cancelRemap: remap.cancelRemap,
    applyMapping: remap.applyMapping,
    submit: queue.submit,
    resume: queue.resume,
    pause: queue.pause,
    cancel: queue.cancel,
    resubmitFixed: queue.resubmitFixed,
    resumeInterrupted: queue.resumeInterrupted,
    idle: queue.idle,
    runningJobId: queue.runningJobId,
    /** Corrections of many rows at once, undo and redo (bulk-edit.ts). */
    editor,
  };
}

export type JobService = ReturnType<typeof createJobService>;
