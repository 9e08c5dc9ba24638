import type { CoreContext } from '../context.ts';
import type { JobService } from '../jobs/job-service.ts';
import type { Handlers } from './types.ts';

type EditHandlerNames = 'editRows' | 'undoEdit' | 'redoEdit' | 'getEditState';

/** Corrections of many rows, undo and redo: progress goes to the window as `editProgress` events. */
export function editHandlers(deps: { ctx: CoreContext; jobs: JobService }): Pick<Handlers, EditHandlerNames> {
  const { ctx, jobs } = deps;
  // At most a few events a second: a change of a hundred thousand rows reports every slice.
  let last = 0;
  const onProgress = (p: Parameters<typeof ctx.emit<'editProgress'>>[1]) => {
    const now = Date.now();
    if (now - last < 200 && p.done !== p.total) return;
    last = now;
    ctx.emit('editProgress', p);
  };
  return {
    async editRows({ jobId, selection, action, dryRun, allowAllInvalid }) {
      const { firstSeq: _first, ...summary } = await jobs.editor.apply(jobId, selection, action, {
        dryRun,
        allowAllInvalid,
        onProgress,
      });
      return summary;
    },
    async undoEdit({ jobId }) {
      return jobs.editor.undo(jobId, onProgress);
    },
    async redoEdit({ jobId }) {
      return jobs.editor.redo(jobId, onProgress);
    },
    async getEditState({ jobId }) {
      const job = jobs.requireJob(jobId);
      const header = (column: string) => {
        const numbered = /^#(\d+)$/.exec(column);
        return numbered ? (job.source.headers[Number(numbered[1]) - 1] ?? column) : column;
      };
      // A combined field names its columns joined by " + ".
      const fields = Object.entries(job.mapping?.fields ?? {}).map(([field, column]) => ({
        field,
        column: Array.isArray(column) ? column.map(header).join(' + ') : header(column),
      }));
      return { ...jobs.editor.state(jobId), fields };
    },
  };
}
