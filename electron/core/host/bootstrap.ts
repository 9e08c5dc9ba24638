/**
 * How every host starts the engine on a data folder: the desktop app, browser mode and the CLI alike.
 * One writer per folder (the lock), a private folder, the store opened, reads cut short discarded,
 * abandoned uploads removed, and (for the app and browser mode) jobs left sending continued. The target
 * of a send is built here from what the job stored, with the key from the host's own source.
 */
import { randomBytes } from 'node:crypto';
import type { InsertTarget } from '../campaigner/insert.ts';
import type { StartDemoServer } from '../context.ts';
import { UserError } from '../errors.ts';
import { createJobService, type JobService, type JobServiceDeps } from '../jobs/job-service.ts';
import { type JobRecord, type JobStore, openJobStore } from '../store/job-store.ts';
import { withStorageErrors } from '../store/storage-error.ts';
import { removeOrphanUploads } from '../store/uploads-folder.ts';
import { prepareDataFolder } from './data-folder.ts';
import { type DataFolderLock, takeDataFolderLock } from './data-folder-lock.ts';

export interface HostOptions extends Omit<JobServiceDeps, 'store' | 'resolveTarget'> {
  dataDir: string;
  /** The key for a job's server: the keychain (app), memory (browser mode), an environment variable (CLI). */
  apiKeyFor(job: JobRecord): Promise<string>;
  /** A lock taken already (the CLI may wait for it); otherwise it is taken here, without waiting. */
  lock?: DataFolderLock;
}

export interface Host {
  dataDir: string;
  store: JobStore;
  jobs: JobService;
  /** Jobs whose read was cut short when the folder was last used: removed at start. */
  discarded: string[];
  /** Queues the jobs left sending when the folder was last used; returns their ids. */
  resumeInterrupted(): string[];
  /** Parks a running job (it continues on the next start), closes the store and releases the folder. */
  close(): Promise<void>;
}

/** What a job sends to: the stored target and settings, with the key. */
export function insertTargetOf(job: JobRecord, apiKey: string): InsertTarget {
  const t = job.target;
  if (!t) throw new UserError('not-submitted', 'This job has no server: submit it again.');
  return {
    base: t.serverUrl,
    apiKey,
    templateId: t.templateId,
    campaignId: t.campaignId,
    allocationId: t.allocationId,
    allowDuplicates: job.settings?.allowDuplicates ?? false,
  };
}

export function startHost(options: HostOptions): Host {
  const { dataDir, apiKeyFor, lock: given, ...serviceOptions } = options;
  prepareDataFolder(dataDir);
  const lock = given ?? takeDataFolderLock(dataDir);
  let store: JobStore;
  try {
    store = withStorageErrors(() => openJobStore(dataDir));
  } catch (error) {
    lock.release();
    throw error;
  }
  const jobs = createJobService({
    ...serviceOptions,
    store,
    resolveTarget: async (job) => insertTargetOf(job, await apiKeyFor(job)),
  });
  const discarded = withStorageErrors(() => jobs.discardInterruptedReads());
  removeOrphanUploads(
    dataDir,
    store.listJobs().map((j) => j.filePath),
  );
  return {
    dataDir,
    store,
    jobs,
    discarded,
    resumeInterrupted: () => withStorageErrors(() => jobs.resumeInterrupted()),
    async close() {
      try {
        const running = jobs.runningJobId();
        if (running) {
          await jobs.pause(running);
          store.updateJob(running, { state: 'queued', message: 'Interrupted when the app closed: continues on the next start.' });
        }
        store.close();
      } finally {
        lock.release();
      }
    },
  };
}

/**
 * Demo servers started on demand (the app and browser mode ship the simulator; core may not import it,
 * so the host hands over how to load it). Each has a fresh random key.
 */
export function createDemoServers(
  load: () => Promise<{
    startSimulator(options: { port: number; apiKey: string }): Promise<{ url: string; close(): Promise<void> }>;
  }>,
): { start: StartDemoServer; closeAll(): Promise<void> } {
  const running: { close(): Promise<void> }[] = [];
  return {
    async start() {
      const { startSimulator } = await load();
      const apiKey = `demo-${randomBytes(12).toString('hex')}`;
      const sim = await startSimulator({ port: 0, apiKey });
      running.push(sim);
      return { url: sim.url, apiKey };
    },
    async closeAll() {
      await Promise.all(running.splice(0).map((s) => s.close()));
    },
  };
}
