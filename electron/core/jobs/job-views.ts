/**
 * A job as the window sees it: its summary, pages of its rows with what each sends (derived from the cells),
 * and a correction of one row typed in the grid.
 */
import type { JobSummary, RowFilter, RowView } from '../../../shared/contract.ts';
import { UserError } from '../errors.ts';
import type { DerivePayload, JobRecord, LeadRow } from '../store/job-store.ts';
import type { createEditor } from './bulk-edit.ts';
import { ACTIVE_STATES, type JobContext } from './job-context.ts';

const rowView = (lead: LeadRow, derive?: DerivePayload): RowView => ({
  rowNumber: lead.rowNumber,
  source: lead.cells,
  payload: lead.payload ?? derive?.(lead.cells, lead.raw) ?? {},
  status: lead.status,
  issues: lead.issues,
  reason: lead.reason,
  edited: lead.edited,
  fixed: lead.fixed,
  original: lead.original,
});

export function createJobViews(
  ctx: JobContext,
  editor: ReturnType<typeof createEditor>,
  heldBy: (job: JobRecord) => JobSummary['paused'],
) {
  const { store } = ctx;
  return {
    summary: (job: JobRecord): JobSummary => ({
      id: job.id,
      fileName: job.fileName,
      sheet: job.source.sheet,
      createdAt: job.createdAt,
      updatedAt: job.updatedAt,
      state: job.state,
      counts: job.counts,
      target: job.target?.serverId
        ? {
            serverId: job.target.serverId,
            templateId: job.target.templateId,
            campaignId: job.target.campaignId,
            allocationId: job.target.allocationId,
          }
        : undefined,
      serverName: job.target?.serverName ?? job.target?.serverUrl,
      // As the send uses it (host/bootstrap.ts insertTargetOf): the confirmation of a resubmit says it plainly.
      allowDuplicates: job.target ? (job.settings?.allowDuplicates ?? false) : undefined,
      message: job.message,
      emptyRows: job.source.emptyRows,
      paused: heldBy(job),
    }),

    rows(jobId: string, offset: number, limit: number, filter: RowFilter, reason?: string, search?: string) {
      const job = ctx.requireJob(jobId);
      const page = store.rows(jobId, offset, limit, filter, reason, search);
      const derive = ctx.deriverFor(job);
      // Rows on screen are rows a person may correct: the duplicate check's index is made ready meanwhile.
      if (!ACTIVE_STATES.has(job.state)) editor.warm(job);
      return { total: page.total, columns: job.source.headers, rows: page.rows.map((lead) => rowView(lead, derive)) };
    },

    /**
     * Changes source cells of one row (the file itself is never touched) and checks the row again, as a
     * correction of one row: kept in the edit history, so it can be undone.
     */
    async editRow(jobId: string, rowNumber: number, cells: Record<string, string>): Promise<RowView> {
      ctx.notRemapping(jobId);
      const job = ctx.requireJob(jobId);
      const result = await editor.apply(jobId, { rows: [rowNumber] }, { kind: 'cells', cells }).catch((error) => {
        if (error instanceof UserError && error.code === 'empty-selection')
          throw new UserError('unknown-row', `Row ${rowNumber} is not in this job.`);
        throw error;
      });
      if (result.alreadySent > 0)
        throw new UserError('row-sent', `Row ${rowNumber} was already sent to the server and cannot be changed here.`);
      const seq = result.firstSeq ?? store.leadByRow(jobId, rowNumber)?.seq;
      const lead = seq === undefined ? undefined : store.leadsFrom(jobId, seq - 1, 1)[0];
      if (!lead) throw new UserError('unknown-row', `Row ${rowNumber} is not in this job.`);
      return rowView(lead, ctx.deriverFor(job));
    },
  };
}
