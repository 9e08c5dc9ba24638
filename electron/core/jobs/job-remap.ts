/**
 * Changing what a stored job's leads are judged by: a new mapping, options or template checks every lead not
 * yet sent again (by its own rules, across the file, against the ledger); a new campaign or server with the
 * same rules checks only the ledger's warnings, the one check that depends on where the leads go. Both run
 * off the main thread with progress and cancel (remap.ts). `applyMapping` is the same in one synchronous
 * pass, for a job small enough to check while a caller waits (the CLI's submit with another target).
 */
import type { Counts, ReasonGroup } from '../../../shared/contract.ts';
import { UserError } from '../errors.ts';
import type { JobRecord, LeadWrite } from '../store/job-store.ts';
import type { createEditor } from './bulk-edit.ts';
import { createRowBuilder } from './cross-checks.ts';
import { ACTIVE_STATES, type BuildSpec, type JobContext } from './job-context.ts';
import { type RemapProgress, remapLeads } from './remap.ts';
import type { RemapScope } from './remap-protocol.ts';
import { rejudged } from './remap-protocol.ts';

/** The rules a job's leads were judged by, as one text: equal texts judge every row alike. */
const rulesOf = (spec: BuildSpec) => JSON.stringify([spec.mapping, spec.options, spec.fields ?? []]);

export interface RemapResult {
  counts: Counts;
  groups: ReasonGroup[];
  /** What was checked again: every lead's rules, or (the same rules, another target) the ledger only. */
  rechecked: RemapScope;
}

export function createJobRemap(ctx: JobContext, editor: ReturnType<typeof createEditor>) {
  const { store } = ctx;
  /**
   * Rules each job's leads were last judged by whole, in this process. After a restart a job has none, and
   * a change of target then checks its rows again whole: slower, never wrong.
   */
  const judgedBy = new Map<string, string>();

  const assertChangeable = (jobId: string): JobRecord => {
    ctx.notRemapping(jobId);
    if (editor.isEditing(jobId))
      throw new UserError('job-editing', 'A change to many rows of this job is still being made: send it when that ends.');
    const job = ctx.requireJob(jobId);
    if (ACTIVE_STATES.has(job.state))
      throw new UserError('job-active', 'This job is being sent: pause or cancel it before changing its mapping.');
    return job;
  };

  /** Rebuilds every lead of a job not sent yet (and those refused for anything but a duplicate), in batches, here. */
  function rebuild(job: JobRecord, spec: BuildSpec): Counts {
    editor.forget(job.id);
    const builder = createRowBuilder({
      headers: job.source.headers,
      mapping: spec.mapping,
      options: spec.options,
      fields: spec.fields,
      ledger: ctx.ledgerFor(spec.target),
    });
    let after = -1;
    while (true) {
      const leads = store.leadsFrom(job.id, after, 5000);
      if (leads.length === 0) break;
      const writes: LeadWrite[] = [];
      for (const lead of leads) {
        // The same leads as a re-mapping in the worker judges again (remap-protocol.ts).
        if (!rejudged(lead.status, lead.reason)) continue;
        writes.push(builder.build({ rowNumber: lead.rowNumber, cells: lead.cells, raw: lead.raw }, lead.seq).write);
      }
      store.rewriteLeads(job.id, writes);
      after = leads[leads.length - 1].seq;
    }
    const counts = store.countByStatus(job.id);
    store.updateJob(job.id, {
      mapping: spec.mapping,
      options: spec.options,
      counts,
      ...(spec.target ? { target: spec.target } : {}),
    });
    judgedBy.set(job.id, rulesOf(spec));
    return counts;
  }

  return {
    rebuild,
    /** After a read with these rules: a change of target alone then checks the ledger only. */
    remember(jobId: string, spec: BuildSpec) {
      judgedBy.set(jobId, rulesOf(spec));
    },

    /** Undefined when cancelled: the job is then left without a mapping, to be applied again whole. */
    async remap(
      jobId: string,
      spec: BuildSpec,
      onProgress?: (progress: RemapProgress) => void,
    ): Promise<RemapResult | undefined> {
      const job = assertChangeable(jobId);
      const scope: RemapScope = job.mapping && judgedBy.get(jobId) === rulesOf(spec) ? 'ledger' : 'rows';
      const abort = new AbortController();
      ctx.remaps.set(jobId, abort);
      // A new mapping makes the corrections' phone index and their history stale (every row is judged again).
      if (scope === 'rows') editor.forget(jobId);
      judgedBy.delete(jobId);
      // Until every row has its new verdict the job has no mapping: after a crash or a cancel part-way it
      // cannot be sent half-checked (remap.ts writes the verdicts without waiting for the disk).
      store.updateJob(jobId, { mapping: undefined });
      try {
        const summary = await remapLeads({
          store,
          jobId,
          total: job.counts.total,
          rules: { headers: job.source.headers, mapping: spec.mapping, options: spec.options, fields: spec.fields },
          scope,
          ledger: ctx.ledgerFor(spec.target),
          signal: abort.signal,
          onProgress,
        });
        if (!summary) {
          store.updateJob(jobId, { mapping: undefined, counts: store.countByStatus(jobId) });
          return undefined;
        }
        store.updateJob(jobId, {
          mapping: spec.mapping,
          options: spec.options,
          counts: summary.counts,
          ...(spec.target ? { target: spec.target } : {}),
        });
        judgedBy.set(jobId, rulesOf(spec));
        return { ...summary, rechecked: scope };
      } finally {
        ctx.remaps.delete(jobId);
      }
    },

    cancelRemap(jobId: string): boolean {
      ctx.remaps.get(jobId)?.abort();
      return ctx.remaps.has(jobId);
    },

    applyMapping(jobId: string, spec: BuildSpec): Counts {
      return rebuild(assertChangeable(jobId), spec);
    },
  };
}
