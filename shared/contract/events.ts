/** The events the renderer receives (main → renderer): progress of reads, sends, corrections and re-mappings. */
import { z } from 'zod';
import { counts, jobState, safetyPause } from './jobs.ts';

export const events = {
  readProgress: z.object({
    jobId: z.string(),
    rowsRead: z.number().int(),
    bytesRead: z.number(),
    totalBytes: z.number(),
    done: z.boolean(),
    /** One clear line when reading failed; the job is then removed. */
    error: z.string().optional(),
  }),
  jobProgress: z.object({
    jobId: z.string(),
    state: jobState,
    counts,
    /** Leads settled per second over the last half minute. */
    rate: z.number(),
    etaSeconds: z.number().optional(),
    concurrency: z.number().int(),
    /** ISO time when a waiting job will try again. */
    waitingUntil: z.string().optional(),
    message: z.string().optional(),
    /** Set when the canary or the refusal guard paused the job. */
    paused: safetyPause.optional(),
    /** Leads refused by the server so far, by reason, most frequent first (at most 10 reasons). */
    refusals: z.array(z.object({ reason: z.string(), count: z.number().int() })).optional(),
  }),
  /** A correction, undo or redo of many rows under way. */
  editProgress: z.object({
    jobId: z.string(),
    label: z.string(),
    phase: z.enum(['checking', 'saving', 'undoing', 'redoing']),
    done: z.number().int(),
    total: z.number().int().optional(),
  }),
  /** How far applyMapping has re-checked a job's rows. */
  remapProgress: z.object({ jobId: z.string(), rowsDone: z.number().int(), total: z.number().int() }),
  /** Files given to the app from outside (OS "open with", second launch, dock drop). */
  openFiles: z.object({ paths: z.array(z.string()) }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = z.infer<Events[K]>;
