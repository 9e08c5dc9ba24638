/**
 * Telling a person in the page that the canary or the refusal guard paused a job, in browser mode and in
 * the desktop app alike. The desktop notification comes from the main process (electron/main/job-watch.ts):
 * the window itself may not show web notifications.
 */
import type { EventPayload } from '../../../shared/contract.ts';
import { count } from './format.ts';

const told = new Set<string>();

export function pauseNotice(p: EventPayload<'jobProgress'>): string | undefined {
  if (p.state !== 'paused' || !p.paused) return undefined;
  const { by, refused, answered } = p.paused;
  const who = by === 'canary' ? `after the first ${count(answered)} leads` : 'by the refusal guard';
  return `Job ${p.jobId} paused ${who}: the server refused ${count(refused)} of ${count(answered)}. Open Submit to see why and choose what to do.`;
}

/** Once per pause: a job that starts again still held by it sends the same event again. */
export function notifyPaused(p: EventPayload<'jobProgress'>, showInPage: (text: string) => void): void {
  const text = pauseNotice(p);
  if (!text || !p.paused) return;
  const key = `${p.jobId}:${p.paused.at}`;
  if (told.has(key)) return;
  told.add(key);
  showInPage(text);
}
