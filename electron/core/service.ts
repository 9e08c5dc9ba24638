import { mkdirSync } from 'node:fs';
import { openCatalogue } from './catalogue/catalogue.ts';
import type { CoreContext } from './context.ts';
import { UserError } from './errors.ts';
import { appHandlers } from './handlers/app.ts';
import { editHandlers } from './handlers/edits.ts';
import { fileHandlers } from './handlers/files.ts';
import { jobHandlers } from './handlers/jobs.ts';
import { mappingHandlers } from './handlers/mapping.ts';
import { createServerAccess, serverHandlers } from './handlers/servers.ts';
import type { Handlers } from './handlers/types.ts';
import { createJobService, type JobService } from './jobs/job-service.ts';
import type { RunTimings } from './outbox/runner.ts';
import { openServerRegistry } from './servers/registry.ts';
import { openJobStore } from './store/job-store.ts';

export interface CoreService {
  handlers: Handlers;
  jobs: JobService;
  close(): Promise<void>;
}

/** Builds the core behind the contract: the same object serves Electron IPC, browser mode and tests. */
export function createCoreService(ctx: CoreContext, options: { timings?: Partial<RunTimings> } = {}): CoreService {
  mkdirSync(ctx.dataDir, { recursive: true });
  const access = createServerAccess(ctx, openServerRegistry(ctx.dataDir));
  const store = openJobStore(ctx.dataDir);
  const catalogue = openCatalogue(ctx.dataDir);
  const jobs = createJobService({
    store,
    timings: options.timings,
    async resolveTarget(job) {
      const t = job.target;
      if (!t?.serverId) throw new UserError('not-submitted', 'This job has no server: submit it again.');
      const { apiKey } = await access.resolve(t.serverId);
      return {
        base: t.serverUrl,
        apiKey,
        templateId: t.templateId,
        campaignId: t.campaignId,
        allocationId: t.allocationId,
        allowDuplicates: job.settings?.allowDuplicates ?? false,
      };
    },
    onProgress: (progress) => ctx.emit('jobProgress', progress),
  });
  jobs.discardInterruptedReads();
  const handlers: Handlers = {
    ...appHandlers(ctx),
    ...serverHandlers(ctx, access),
    ...mappingHandlers({
      catalogue,
      serverUrlOf: (serverId) => {
        const server = access.registry.get(serverId);
        if (!server) throw new UserError('unknown-server', 'That server is no longer saved; choose another.');
        return server.url;
      },
      jobHeaders: (jobId) => jobs.requireJob(jobId).source.headers,
    }),
    ...fileHandlers({ ctx, store, jobs, access, catalogue }),
    ...jobHandlers({ ctx, store, jobs, access }),
    ...editHandlers({ ctx, jobs }),
  };
  return {
    handlers,
    jobs,
    async close() {
      // A job still sending stops here and continues on the next start (resumeInterrupted).
      const running = jobs.runningJobId();
      if (running) {
        await jobs.pause(running);
        store.updateJob(running, { state: 'queued', message: 'Interrupted when the app closed: continues on the next start.' });
      }
      store.close();
    },
  };
}
