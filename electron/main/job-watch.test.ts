import { describe, expect, it } from 'vitest';
import type { Counts, JobState } from '../../shared/contract.ts';
import { emptyCounts } from '../core/store/job-store.ts';
import { createJobWatch, type JobProgress, noticeFor } from './job-watch.ts';

const counts = (c: Partial<Counts> = {}): Counts => ({ ...emptyCounts(), total: 100, ...c });
const progress = (jobId: string, state: JobState, c: Partial<Counts> = {}, message?: string): JobProgress => ({
  jobId,
  state,
  counts: counts(c),
  rate: 0,
  concurrency: 1,
  message,
});

describe('the job watch', () => {
  it('shows sending progress on the dock or taskbar, paused while waiting, and clears it at the end', () => {
    const watch = createJobWatch();
    expect(watch.taskbar()).toEqual({ value: -1, mode: 'none' });
    watch.update(progress('1', 'sending', { invalid: 20, imported: 30, rejected: 10 }));
    expect(watch.taskbar()).toEqual({ value: 0.5, mode: 'normal' });
    watch.update(progress('1', 'waiting', { invalid: 20, imported: 40 }));
    expect(watch.taskbar()).toEqual({ value: 0.5, mode: 'paused' });
    watch.update(progress('1', 'done', { invalid: 20, imported: 80 }));
    expect(watch.taskbar()).toEqual({ value: -1, mode: 'none' });
  });

  it('is busy while any job is queued, sending or waiting: quitting must ask', () => {
    const watch = createJobWatch();
    expect(watch.busy()).toBe(false);
    watch.update(progress('1', 'sending'));
    watch.update(progress('2', 'queued'));
    watch.update(progress('1', 'done', { imported: 100 }));
    expect(watch.busy()).toBe(true);
    watch.update(progress('2', 'paused'));
    expect(watch.busy()).toBe(false);
  });

  it('notifies once when a job ends, not on every event, and again after a resubmit ends', () => {
    const watch = createJobWatch();
    expect(watch.update(progress('3', 'sending'))).toBeUndefined();
    expect(watch.update(progress('3', 'done', { imported: 90, updated: 5, rejected: 5 }))).toEqual({
      title: 'Upload 3 finished',
      body: '95 accepted, 5 rejected, 0 invalid.',
    });
    expect(watch.update(progress('3', 'done', { imported: 90, updated: 5, rejected: 5 }))).toBeUndefined();
    watch.update(progress('3', 'sending'));
    expect(watch.update(progress('3', 'done'))?.title).toBe('Upload 3 finished');
    expect(watch.update(progress('4', 'paused'))).toBeUndefined();
    expect(watch.update(progress('4', 'cancelled'))).toBeUndefined();
  });

  it('notifies once when the canary or the refusal guard pauses a job, not when a person pauses it', () => {
    const watch = createJobWatch();
    watch.update(progress('8', 'sending'));
    const paused = {
      ...progress('8', 'paused', { rejected: 10, ready: 90 }),
      paused: {
        by: 'canary' as const,
        refusalRate: 1,
        answered: 10,
        refused: 10,
        reasons: [{ reason: 'Unknown Contact Hours Lunchtime', count: 10 }],
        at: '2026-11-30T10:00:00.000Z',
      },
    };
    expect(watch.update(paused)).toEqual({
      title: 'Upload 8 paused',
      body: 'After the first leads, the server refused 10 of 10. Most often: Unknown Contact Hours Lunchtime. Open the app to fix the leads or the mapping, or continue.',
    });
    expect(watch.update(paused)).toBeUndefined();
    watch.update(progress('9', 'sending'));
    expect(watch.update(progress('9', 'paused'))).toBeUndefined();
  });

  it('says why a job stopped, without the key', () => {
    expect(noticeFor(progress('5', 'failed', { imported: 1 }, 'Refused: https://pbx/x?apiKey=abc123 says bad key'))).toEqual({
      title: 'Upload 5 failed',
      body: '1 accepted, 0 rejected, 0 invalid. Refused: https://pbx/x?apiKey=*** says bad key',
    });
    expect(noticeFor(progress('6', 'incomplete', { review: 2 })).title).toBe('Upload 6 stopped');
    expect(noticeFor(progress('7', 'done', { imported: 8, review: 2 })).body).toBe(
      '8 accepted, 0 rejected, 0 invalid, 2 to review.',
    );
  });
});
