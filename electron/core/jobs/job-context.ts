/**
 * What the parts of the job service share (job-service.ts puts them together): the store, the host's
 * hooks, the jobs busy being read, re-checked or sent, and the rules every part derives leads by.
 */
import {
  ACTIVE_JOB_STATES,
  type JobState,
  type LeadField,
  type MappingSpec,
  type NormaliseOptions,
} from '../../../shared/contract.ts';
import type { InsertTarget } from '../campaigner/insert.ts';
import { UserError } from '../errors.ts';
import type { Progress, RunResult, RunTimings } from '../outbox/runner.ts';
import type { DerivePayload, JobRecord, JobStore, StoredTarget } from '../store/job-store.ts';
import type { Ledger } from './cross-checks.ts';
import { createPayloadDeriver } from './row-rules.ts';

export interface JobServiceDeps {
  store: JobStore;
  /** The server, ids and key to send a job to; throws a UserError when the key is missing. */
  resolveTarget(job: JobRecord): Promise<InsertTarget>;
  onProgress?(progress: Progress): void;
  onFinished?(jobId: string, result: RunResult): void;
  timings?: Partial<RunTimings>;
}

/** The rules a job's leads are judged by, and where they go (whose ledger they are checked against). */
export interface BuildSpec {
  mapping: MappingSpec;
  options: NormaliseOptions;
  fields?: LeadField[];
  target?: StoredTarget;
}

export const ACTIVE_STATES = new Set<JobState>(ACTIVE_JOB_STATES);

export interface JobContext {
  store: JobStore;
  deps: JobServiceDeps;
  /** Files being read, by job: to cancel them, and to keep a read alive from the start's clean-up. */
  reads: Map<string, AbortController>;
  /** Jobs whose rows are being re-checked, to cancel them and to keep other changes away meanwhile. */
  remaps: Map<string, AbortController>;
  /** Set by the send queue: whether a job is being sent or waits to be. */
  isSending(jobId: string): boolean;
  requireJob(jobId: string): JobRecord;
  ledgerFor(target: StoredTarget | undefined): Ledger;
  /** The job's rules for turning stored cells into what is sent; undefined before a mapping is applied. */
  deriverFor(job: JobRecord, only?: 'phones'): DerivePayload | undefined;
  notRemapping(jobId: string): void;
}

export function createJobContext(deps: JobServiceDeps, isSending: (jobId: string) => boolean): JobContext {
  const { store } = deps;
  const remaps = new Map<string, AbortController>();
  return {
    store,
    deps,
    reads: new Map(),
    remaps,
    isSending,
    requireJob(jobId) {
      const job = store.getJob(jobId);
      if (!job) throw new UserError('unknown-job', `There is no job ${jobId}.`);
      return job;
    },
    ledgerFor: (target) => (target ? store.ledger(target.serverUrl, target.campaignId) : new Map()),
    deriverFor: (job, only) =>
      job.mapping && job.options
        ? createPayloadDeriver({ headers: job.source.headers, mapping: job.mapping, options: job.options, only })
        : undefined,
    notRemapping(jobId) {
      if (remaps.has(jobId))
        throw new UserError('job-busy', 'The rows of this job are being checked: wait until that finishes, or cancel it.');
    },
  };
}
