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
import { startHost } from './host/bootstrap.ts';
import { prepareWorkbookSample } from './ingest/index.ts';
import type { JobService } from './jobs/job-service.ts';
import type { RunTimings } from './outbox/runner.ts';
import { openServerRegistry } from './servers/registry.ts';

export interface CoreService {
  handlers: Handlers;
  jobs: JobService;
  /** Continues the jobs left sending when the data folder was last used (call once the host can show them). */
  resumeInterrupted(): string[];
  close(): Promise<void>;
}

/**
 * Builds the core behind the contract: the same object serves Electron IPC, browser mode and tests.
 * Takes the data folder's lock (host/bootstrap.ts): a second process on the same folder is refused.
 */
export function createCoreService(ctx: CoreContext, options: { timings?: Partial<RunTimings> } = {}): CoreService {
  const host = startHost({
    dataDir: ctx.dataDir,
    timings: options.timings,
    async apiKeyFor(job) {
      const serverId = job.target?.serverId;
      if (!serverId) throw new UserError('not-submitted', 'This job has no server: submit it again.');
      return (await access.resolve(serverId)).apiKey;
    },
    onProgress: (progress) => ctx.emit('jobProgress', progress),
  });
  const { store, jobs } = host;
  let access: ReturnType<typeof createServerAccess>;
  let catalogue: ReturnType<typeof openCatalogue>;
  try {
    access = createServerAccess(ctx, openServerRegistry(ctx.dataDir));
    catalogue = openCatalogue(ctx.dataDir);
  } catch (error) {
    // The folder stays free for the next start.
    void host.close();
    throw error;
  }
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
  // The Load step's first sample of a workbook then finds its thread started (ingest/workbook.ts).
  prepareWorkbookSample();
  return {
    handlers,
    jobs,
    resumeInterrupted: host.resumeInterrupted,
    close: host.close,
  };
}
