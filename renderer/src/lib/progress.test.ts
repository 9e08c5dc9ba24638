import { describe, expect, it } from 'vitest';
import { type ProgressInput, stepProgress } from './progress.ts';

const fresh: ProgressInput = { serverFailed: false, readDone: false, hasCounts: false };

describe('step progress', () => {
  it('opens with only connection, load and history reachable, nothing ticked', () => {
    const p = stepProgress(fresh);
    expect(Object.values(p).some((s) => s.done)).toBe(false);
    expect(p.connection.blocked).toBeUndefined();
    expect(p.load.blocked).toBeUndefined();
    expect(p.history.blocked).toBeUndefined();
    expect(p.map.blocked).toBe('Load a file first (step 2).');
    expect(p.review.blocked).toBe('Load a file first (step 2).');
  });

  it('opens mapping and target on an inspected file, and preview once the target is confirmed and the file read', () => {
    const p = stepProgress({ ...fresh, serverId: 's1', inspected: true });
    expect(p.load.done).toBe(true);
    expect([p.map.blocked, p.target.blocked]).toEqual([undefined, undefined]);
    expect(p.preview.blocked).toBe('Confirm the target first (step 4): the file is read then.');
  });

  it('ticks Map once a mapping chosen on the sample is taken on to Target, before the file is read', () => {
    const onSample = { ...fresh, serverId: 's1', inspected: true, mapped: true };
    expect(stepProgress({ ...onSample, step: 'map' }).map.done).toBe(false);
    expect(stepProgress({ ...onSample, step: 'target' }).map.done).toBe(true);
    expect(stepProgress({ ...onSample, mapped: false, step: 'target' }).map.done).toBe(false);
  });

  it('ticks a tested server, but not one whose test failed', () => {
    expect(stepProgress({ ...fresh, serverId: 's1' }).connection.done).toBe(true);
    expect(stepProgress({ ...fresh, serverId: 's1', serverFailed: true }).connection.done).toBe(false);
  });

  it('opens mapping, target and preview once the file is read; submit and review once it is sent', () => {
    const read = stepProgress({ ...fresh, serverId: 's1', jobId: 'j', readDone: true });
    expect(read.load.done).toBe(true);
    expect(read.preview.blocked).toBeUndefined();
    expect(read.submit.blocked).toBe('Send the leads from the Preview first (step 5).');
    const mapped = stepProgress({
      ...fresh,
      jobId: 'j',
      readDone: true,
      hasCounts: true,
      templateId: 1,
      campaignId: 2,
      allocationId: 3,
    });
    expect([mapped.map.done, mapped.target.done, mapped.preview.done]).toEqual([true, true, false]);
    const sending = stepProgress({ ...fresh, jobId: 'j', hasCounts: true, jobState: 'sending' });
    expect([sending.preview.done, sending.submit.done, sending.review.blocked]).toEqual([true, false, undefined]);
    expect(stepProgress({ ...fresh, jobId: 'j', hasCounts: true, jobState: 'done' }).submit.done).toBe(true);
  });

  it('ticks Review once the results of a finished send were opened, and keeps it while fixed leads are resubmitted', () => {
    const sent = { ...fresh, jobId: 'j', hasCounts: true };
    expect(stepProgress({ ...sent, jobState: 'done' }).review.done).toBe(false);
    expect(stepProgress({ ...sent, jobState: 'done', reviewed: true }).review.done).toBe(true);
    const resubmitting = stepProgress({ ...sent, jobState: 'sending', reviewed: true });
    expect([resubmitting.submit.done, resubmitting.review.done]).toEqual([false, true]);
    expect(stepProgress({ ...sent, jobState: 'draft', reviewed: true }).review.done).toBe(false);
  });

  it('a draft job opened from History is read but not sent', () => {
    const draft = stepProgress({ ...fresh, jobId: 'j', hasCounts: true, jobState: 'draft' });
    expect(draft.load.done).toBe(true);
    expect(draft.submit.blocked).toBe('Send the leads from the Preview first (step 5).');
  });
});
