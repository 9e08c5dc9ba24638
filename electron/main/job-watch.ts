/**
 * What the shell does with the core's jobProgress events, as a pure state machine: the dock or taskbar
 * progress, one OS notification when a job ends (not one per event), and whether quitting would interrupt
 * sending (and so must ask first).
 */
import {
  ACTIVE_JOB_STATES,
  type EventPayload,
  FINISHED_JOB_STATES,
  type JobState,
  type SafetyPause,
} from '../../shared/contract.ts';
import { redact } from '../core/redact.ts';

export type JobProgress = EventPayload<'jobProgress'>;

/** Jobs the engine is working on or will pick up by itself. */
export const ACTIVE_STATES: ReadonlySet<JobState> = new Set(ACTIVE_JOB_STATES);
/** A run that ended by itself: a cancelled job was stopped by the person, who needs no notification of it. */
const ENDED_STATES: ReadonlySet<JobState> = new Set(FINISHED_JOB_STATES.filter((state) => state !== 'cancelled'));

/** `win.setProgressBar(value, { mode })`: value -1 removes the bar. */
export interface TaskbarProgress {
  value: number;
  mode: 'normal' | 'paused' | 'indeterminate' | 'none';
}

export interface Notice {
  title: string;
  body: string;
}

export interface JobWatch {
  /** Takes one event; returns the notification to show, if this event ended a job. */
  update(progress: JobProgress): Notice | undefined;
  taskbar(): TaskbarProgress;
  /** Whether some job is sending, waiting or queued: quitting now interrupts it. */
  busy(): boolean;
}

export function createJobWatch(): JobWatch {
  const jobs = new Map<string, JobProgress>();
  return {
    update(progress) {
      const previous = jobs.get(progress.jobId)?.state;
      jobs.set(progress.jobId, progress);
      if (previous === progress.state) return undefined;
      // The canary or the refusal guard paused it: the person has to choose what happens next.
      if (progress.state === 'paused' && progress.paused) return safetyNoticeFor(progress.jobId, progress.paused);
      if (!ENDED_STATES.has(progress.state)) return undefined;
      return noticeFor(progress);
    },
    taskbar() {
      const active = [...jobs.values()].filter((j) => ACTIVE_STATES.has(j.state));
      if (active.length === 0) return { value: -1, mode: 'none' };
      let total = 0;
      let settled = 0;
      for (const j of active) {
        total += j.counts.total - j.counts.invalid;
        settled += j.counts.imported + j.counts.updated + j.counts.rejected + j.counts.review;
      }
      if (total <= 0) return { value: 2, mode: 'indeterminate' };
      const value = Math.min(1, settled / total);
      return { value, mode: active.every((j) => j.state === 'waiting') ? 'paused' : 'normal' };
    },
    busy: () => [...jobs.values()].some((j) => ACTIVE_STATES.has(j.state)),
  };
}

export function safetyNoticeFor(jobId: string, pause: SafetyPause): Notice {
  const { by, refused, answered, reasons } = pause;
  const top = reasons[0] ? ` Most often: ${reasons[0].reason}.` : '';
  return {
    title: `Upload ${jobId} paused`,
    body: `${by === 'canary' ? 'After the first leads, the' : 'The'} server refused ${refused} of ${answered}.${top} Open the app to fix the leads or the mapping, or continue.`,
  };
}

export function noticeFor(p: JobProgress): Notice {
  const accepted = p.counts.imported + p.counts.updated;
  const tally = `${accepted} accepted, ${p.counts.rejected} rejected, ${p.counts.invalid} invalid`;
  if (p.state === 'done') {
    const review = p.counts.review ? `, ${p.counts.review} to review` : '';
    return { title: `Upload ${p.jobId} finished`, body: `${tally}${review}.` };
  }
  const why = p.message ? ` ${redact(p.message)}` : '';
  const title = p.state === 'failed' ? `Upload ${p.jobId} failed` : `Upload ${p.jobId} stopped`;
  return { title, body: `${tally}.${why}` };
}
