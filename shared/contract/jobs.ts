/** A job: its states, counts, leads' statuses and issues, what it is sent to and how; the calls that send and review it. */
import { z } from 'zod';
import { allowDuplicates, jobRef, none } from './common.ts';

export const sendSettings = z.object({
  method: z.enum(['insertLeads', 'insertLeadFast']).default('insertLeads'),
  /** Some servers call the batch endpoint insertLeadsFast. */
  batchEndpoint: z
    .string()
    .regex(/^[A-Za-z]+$/)
    .default('insertLeads'),
  batchSize: z.number().int().min(1).max(5000).default(500),
  concurrency: z.number().int().min(1).max(16).default(2),
  allowDuplicates,
  // Sending safely (docs/engine.md, "Canary and refusal guard"). Optional so that a job stored before
  // these existed sends as it did; a job submitted now is stored with SEND_SAFETY_DEFAULTS filled in.
  /** Leads sent first, alone; a refusal among them (not a duplicate) pauses the job. 0 = off. */
  canary: z.number().int().min(0).max(5000).optional(),
  /** The refusal rate (duplicates excluded) over the window that pauses the job; 1 = off. */
  maxRefusalRate: z.number().min(0).max(1).optional(),
  /** How many of the latest answered leads the rate is taken over. */
  refusalWindow: z.number().int().min(1).max(1_000_000).optional(),
});
export type SendSettings = z.infer<typeof sendSettings>;

export const SEND_SAFETY_DEFAULTS = { canary: 10, maxRefusalRate: 0.2, refusalWindow: 500 } as const;

/** Why the canary or the refusal guard paused a job: kept in the job record until someone acts on it. */
export const safetyPause = z.object({
  by: z.enum(['canary', 'guard']),
  /** Refused (duplicates excluded) ÷ answered (duplicates excluded), 0..1. */
  refusalRate: z.number(),
  /** Leads answered in the canary or the guard's window, duplicates excluded. */
  answered: z.number().int(),
  refused: z.number().int(),
  /** The server's reasons among them, most frequent first, with counts. */
  reasons: z.array(z.object({ reason: z.string(), count: z.number().int() })),
  at: z.string(),
});
export type SafetyPause = z.infer<typeof safetyPause>;

export const target = z.object({
  serverId: z.string(),
  templateId: z.number().int(),
  campaignId: z.number().int(),
  allocationId: z.number().int(),
});
export type Target = z.infer<typeof target>;

export const jobState = z.enum([
  'reading', // the file is being read into the store
  'draft', // read; waiting for mapping, target and submit
  'queued', // submitted, waiting for an earlier job
  'sending',
  'waiting', // server busy, in a manual import or down: will retry at waitingUntil
  'paused',
  'done', // every lead settled
  'incomplete', // stopped with leads still pending; resume continues
  'failed', // the server refused credentials or configuration
  'cancelled',
]);
export type JobState = z.infer<typeof jobState>;

/** A job being sent or waiting its turn: it is not changed meanwhile, and it continues after a restart. */
export const ACTIVE_JOB_STATES = ['queued', 'sending', 'waiting'] as const satisfies readonly JobState[];
/** A job whose run has ended, well or not: nothing more happens to it unless someone acts. */
export const FINISHED_JOB_STATES = ['done', 'incomplete', 'failed', 'cancelled'] as const satisfies readonly JobState[];
export const isActiveJobState = (state: JobState): boolean => (ACTIVE_JOB_STATES as readonly JobState[]).includes(state);
export const isFinishedJobState = (state: JobState): boolean => (FINISHED_JOB_STATES as readonly JobState[]).includes(state);
/** A job submitted for sending at least once: any state after its draft. */
export const isSubmittedJobState = (state: JobState): boolean => state !== 'reading' && state !== 'draft';

export const leadStatus = z.enum([
  'invalid', // stopped locally by validation; never sent
  'ready', // valid, not yet sent
  'sending', // an attempt is in flight or its outcome is unknown
  'imported',
  'updated',
  'rejected', // refused by the server
  'review', // the server's reply could not be matched: a person must look
  'skipped', // set aside by a person: never sent, until brought back
]);
export type LeadStatus = z.infer<typeof leadStatus>;

export const counts = z.object({
  total: z.number().int(),
  invalid: z.number().int(),
  ready: z.number().int(),
  sending: z.number().int(),
  imported: z.number().int(),
  updated: z.number().int(),
  rejected: z.number().int(),
  review: z.number().int(),
  warnings: z.number().int(),
  /** Leads a person set aside (never sent); absent in jobs stored before skipping existed. */
  skipped: z.number().int().default(0),
});
export type Counts = z.infer<typeof counts>;

export const issue = z.object({
  /** Lead field the issue is about, when there is one. */
  field: z.string().optional(),
  /** Source column header, when there is one. */
  column: z.string().optional(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
});
export type Issue = z.infer<typeof issue>;

export const jobSummary = z.object({
  id: z.string(),
  fileName: z.string(),
  sheet: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  state: jobState,
  counts,
  target: target.optional(),
  serverName: z.string().optional(),
  /** Whether the upload lets the server load a number already in the campaign (its send settings), whenever it has a target. */
  allowDuplicates: z.boolean().optional(),
  message: z.string().optional(),
  /** Empty rows (or rows of only spaces) between the file's header and its last lead, left out when read. */
  emptyRows: z.number().int().optional(),
  /** Set while the canary or the refusal guard holds the job. */
  paused: safetyPause.optional(),
});
export type JobSummary = z.infer<typeof jobSummary>;

export const reasonGroup = z.object({
  stage: z.enum(['local', 'server']),
  reason: z.string(),
  count: z.number().int(),
});
export type ReasonGroup = z.infer<typeof reasonGroup>;

export const jobCalls = {
  submitJob: {
    request: z.object({ jobId: z.string(), target, settings: sendSettings }),
    reply: jobSummary,
  },
  pauseJob: { request: jobRef, reply: jobSummary },
  /** A job held by the canary or the guard stays paused unless `continueAnyway`. */
  resumeJob: { request: jobRef.extend({ continueAnyway: z.boolean().optional() }), reply: jobSummary },
  cancelJob: { request: jobRef, reply: jobSummary },
  listJobs: { request: none, reply: z.array(jobSummary) },
  getJob: { request: jobRef, reply: jobSummary },
  getReasonGroups: { request: jobRef, reply: z.array(reasonGroup) },
  /**
   * Sends the job's fixed leads and no others: leads a person changed after they were refused or found
   * invalid, now valid and not yet sent. The job's other unsent leads (a cancelled job's rest) stay unsent.
   */
  resubmitFixed: { request: jobRef, reply: jobSummary },
  /** "Send the rest": queues every unsent valid lead of a stopped job, fixed or not. */
  sendRest: { request: jobRef, reply: jobSummary },
  /** A report of the job's leads not accepted (the default) or accepted, written in the data folder. */
  exportRejected: {
    request: z.object({
      jobId: z.string(),
      format: z.enum(['csv', 'xlsx']),
      /** Leads not accepted only, or also leads fixed since and not sent yet (for `leads: 'notAccepted'`). */
      include: z.enum(['notAccepted', 'alsoFixed']).default('notAccepted'),
      leads: z.enum(['notAccepted', 'accepted']).optional(),
    }),
    reply: z.object({ path: z.string(), fileName: z.string(), rows: z.number().int() }),
  },
} as const;
