import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Target } from '../../../shared/contract.ts';
import type { CoreContext } from '../context.ts';
import { UserError } from '../errors.ts';
import type { JobService } from '../jobs/job-service.ts';
import { writeAcceptedReport, writeRejectedReport } from '../jobs/report.ts';
import type { JobStore, StoredTarget } from '../store/job-store.ts';
import type { ServerAccess } from './servers.ts';
import type { Handlers } from './types.ts';

type JobHandlerNames =
  | 'submitJob'
  | 'pauseJob'
  | 'resumeJob'
  | 'cancelJob'
  | 'listJobs'
  | 'getJob'
  | 'getReasonGroups'
  | 'resubmitFixed'
  | 'sendRest'
  | 'exportRejected';

/** The stored form of a target chosen in the UI: the server's URL and name with the ids (never its key). */
export function storedTargetOf(access: ServerAccess) {
  return (t: Target): StoredTarget => {
    const server = access.registry.get(t.serverId);
    if (!server) throw new UserError('unknown-server', 'That server is no longer saved; choose another.');
    return {
      serverId: server.id,
      serverUrl: server.url,
      serverName: server.name,
      templateId: t.templateId,
      campaignId: t.campaignId,
      allocationId: t.allocationId,
    };
  };
}

/** The job calls of the contract: submit, pause, resume, cancel, list, review, resubmit, export. */
export function jobHandlers(deps: {
  ctx: CoreContext;
  store: JobStore;
  jobs: JobService;
  access: ServerAccess;
}): Pick<Handlers, JobHandlerNames> {
  const { ctx, store, jobs, access } = deps;

  const storedTarget = storedTargetOf(access);

  return {
    async submitJob({ jobId, target, settings }) {
      await access.resolve(target.serverId);
      return jobs.summary(jobs.submit(jobId, storedTarget(target), settings));
    },
    async pauseJob({ jobId }) {
      return jobs.summary(await jobs.pause(jobId));
    },
    async resumeJob({ jobId, continueAnyway }) {
      return jobs.summary(jobs.resume(jobId, { continueAnyway }));
    },
    async cancelJob({ jobId }) {
      return jobs.summary(await jobs.cancel(jobId));
    },
    async listJobs() {
      return store.listJobs().map(jobs.summary);
    },
    async getJob({ jobId }) {
      return jobs.summary(jobs.requireJob(jobId));
    },
    async getReasonGroups({ jobId }) {
      jobs.requireJob(jobId);
      return store.reasonGroups(jobId);
    },
    async resubmitFixed({ jobId }) {
      return jobs.summary(jobs.resubmitFixed(jobId));
    },
    async sendRest({ jobId }) {
      return jobs.summary(jobs.resume(jobId, { scope: 'all' }));
    },
    async exportRejected({ jobId, format, include, leads = 'notAccepted' }) {
      const job = jobs.requireJob(jobId);
      const dir = join(ctx.dataDir, 'exports');
      mkdirSync(dir, { recursive: true });
      const base = job.fileName.replace(/\.[^.]+$/, '').replace(/[^\w.\- ()]+/g, '_');
      // The name says what the file holds.
      const what =
        leads === 'accepted' ? 'accepted' : include === 'alsoFixed' ? 'not accepted and fixed, not resubmitted' : 'not accepted';
      const fileName = `${base} - ${what} (job ${jobId}).${format}`;
      const path = join(dir, fileName);
      // The app's report is read by a campaign manager: stages in words (the command line keeps its codes).
      const rows =
        leads === 'accepted'
          ? await writeAcceptedReport(store, jobId, path)
          : await writeRejectedReport(store, jobId, path, { stageWords: true, scope: include });
      return { path, fileName, rows };
    },
  };
}
