/**
 * Which leads Review shows when another screen sends a person there ("the refused leads", "the accepted
 * ones"), and which jobs' results the person has reviewed (the step list ticks Review for them). Its own
 * small store, so that screens can point at a group without sharing their state.
 */
import { create } from 'zustand';
import type { RowFilter } from '../../../shared/contract.ts';

export type ReviewGroup = 'accepted' | 'updated' | 'refused' | 'invalid' | 'skipped' | 'notSent' | 'toCheck';

export const REVIEW_GROUPS: Record<ReviewGroup, { filter: RowFilter; label: string; editable: boolean }> = {
  accepted: { filter: 'imported', label: 'accepted', editable: false },
  updated: { filter: 'updated', label: 'updated', editable: false },
  refused: { filter: 'rejected', label: 'refused by the server', editable: true },
  invalid: { filter: 'invalid', label: 'invalid (never sent)', editable: true },
  skipped: { filter: 'skipped', label: 'skipped (not sent)', editable: true },
  notSent: { filter: 'notSent', label: 'not sent yet', editable: true },
  toCheck: { filter: 'toCheck', label: 'to check on the server', editable: false },
};

interface ReviewFocus {
  jobId?: string;
  group?: ReviewGroup;
  /** A reason group to narrow to, as the server's reasons are listed. */
  reason?: string;
  focus(jobId: string, group: ReviewGroup, reason?: string): void;
  clear(): void;
  /** Jobs whose finished send the person opened in Review: it stays so while fixed leads are resubmitted. */
  reviewed: Readonly<Record<string, true>>;
  markReviewed(jobId: string): void;
}

export const useReviewFocus = create<ReviewFocus>()((set) => ({
  focus: (jobId, group, reason) => set({ jobId, group, reason }),
  clear: () => set({ jobId: undefined, group: undefined, reason: undefined }),
  reviewed: {},
  markReviewed: (jobId) => set((s) => (s.reviewed[jobId] ? s : { reviewed: { ...s.reviewed, [jobId]: true } })),
}));
