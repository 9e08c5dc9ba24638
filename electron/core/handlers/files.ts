/**
 * The file calls of the contract: inspect a file, read it into a job (with throttled readProgress events),
 * map and validate it, page its rows and fix a row in place.
 */
import type { EventPayload, MappingSpec, NormaliseOptions, Target } from '../../../shared/contract.ts';
import { fitMappingToTemplate } from '../../../shared/leads/template-fit.ts';
import type { Catalogue } from '../catalogue/catalogue.ts';
import type { CoreContext } from '../context.ts';
import type { BuildSpec, JobService } from '../jobs/job-service.ts';
import type { JobStore } from '../store/job-store.ts';
import { storedTargetOf } from './jobs.ts';
import type { ServerAccess } from './servers.ts';
import type { Handlers } from './types.ts';

type FileHandlerNames =
  | 'inspectFile'
  | 'importFile'
  | 'cancelRead'
  | 'applyMapping'
  | 'cancelRemap'
  | 'getJobMapping'
  | 'getRows'
  | 'editRow';

export function fileHandlers(deps: {
  ctx: CoreContext;
  store: JobStore;
  jobs: JobService;
  access: ServerAccess;
  catalogue: Catalogue;
}): Pick<Handlers, FileHandlerNames> {
  const { ctx, store, jobs, access, catalogue } = deps;
  const storedTarget = storedTargetOf(access);

  /**
   * The rules a job's leads are judged by, for a target: fields the template's recorded fields lack are never
   * sent (a mapping belongs to a template), and its Contact Hours names apply unless the person listed some.
   */
  const buildSpec = ({
    mapping,
    options,
    target,
  }: {
    mapping: MappingSpec;
    options: NormaliseOptions;
    target?: Target;
  }): BuildSpec => {
    const stored = target ? storedTarget(target) : undefined;
    const template = stored ? catalogue.template(stored.serverUrl, stored.templateId) : undefined;
    const fitted = fitMappingToTemplate(mapping, template?.fields ?? []);
    return {
      mapping: fitted.mapping,
      options: {
        ...options,
        contactHoursNames: options.contactHoursNames.length ? options.contactHoursNames : (template?.contactHoursNames ?? []),
      },
      fields: template?.fields,
      target: stored,
    };
  };

  const throttled = (jobId: string) => {
    let last = 0;
    return (payload: Omit<EventPayload<'readProgress'>, 'jobId'>, force = false) => {
      const now = Date.now();
      if (!force && now - last < 200) return;
      last = now;
      ctx.emit('readProgress', { jobId, ...payload });
    };
  };

  return {
    async inspectFile(req) {
      const info = await jobs.inspect(req.path, req);
      return {
        fileName: info.fileName,
        kind: info.kind,
        sheets: info.sheets,
        sheet: info.sheet,
        encoding: info.encoding,
        delimiter: info.delimiter,
        headerRow: info.headerRow,
        headers: info.headers,
        topRows: info.topRows,
        previewRows: info.previewRows,
        fingerprint: info.fingerprint,
        sameFileJobs: info.sameFileJobs.map((j) => ({ jobId: j.id, createdAt: j.createdAt, state: j.state })),
      };
    },

    async importFile(req) {
      // Reading runs on after the reply: the job id comes back as soon as the job exists.
      return new Promise((resolve, reject) => {
        let jobId: string | undefined;
        let progress: ReturnType<typeof throttled> | undefined;
        jobs
          .importFile(
            req.path,
            req,
            req.rules ? buildSpec(req.rules) : undefined,
            (_id, p) => progress?.({ rowsRead: p.rowsRead, bytesRead: p.bytesRead, totalBytes: p.totalBytes, done: false }),
            (id) => {
              jobId = id;
              progress = throttled(id);
              resolve({ jobId: id });
            },
          )
          .then(({ counts }) => progress?.({ rowsRead: counts.total, bytesRead: 1, totalBytes: 1, done: true }, true))
          .catch((error: unknown) => {
            const message = error instanceof Error ? error.message : String(error);
            if (jobId) progress?.({ rowsRead: 0, bytesRead: 0, totalBytes: 0, done: true, error: message }, true);
            else reject(error);
          });
      });
    },

    async cancelRead({ jobId }) {
      jobs.cancelRead(jobId);
      return { ok: true };
    },

    async applyMapping(req) {
      const { jobId } = req;
      let last = 0;
      const result = await jobs.remap(jobId, buildSpec(req), (p) => {
        const now = Date.now();
        if (now - last < 200 && p.rowsDone < p.total) return;
        last = now;
        ctx.emit('remapProgress', { jobId, ...p });
      });
      if (!result) return { counts: jobs.requireJob(jobId).counts, groups: store.reasonGroups(jobId), cancelled: true };
      return result;
    },

    async cancelRemap({ jobId }) {
      jobs.cancelRemap(jobId);
      return { ok: true };
    },

    async getJobMapping({ jobId }) {
      const job = jobs.requireJob(jobId);
      return { mapping: job.mapping, options: job.options };
    },

    async getRows({ jobId, offset, limit, filter, reason, search }) {
      return jobs.rows(jobId, offset, limit, filter, reason, search);
    },

    async editRow({ jobId, rowNumber, cells }) {
      return jobs.editRow(jobId, rowNumber, cells);
    },
  };
}
