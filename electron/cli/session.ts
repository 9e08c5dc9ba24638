/**
 * The CLI's hold on a data folder: the host bootstrap (core/host/bootstrap.ts) with the key from an
 * environment variable, the run's timings from the options, and progress on the terminal.
 */

import { type Host, startHost } from '../core/host/bootstrap.ts';
import { dataFolderProblem, prepareDataFolder } from '../core/host/data-folder.ts';
import { lockDataFolder } from '../core/host/data-folder-lock.ts';
import type { Progress, RunResult } from '../core/outbox/runner.ts';
import { registerSecret } from '../core/redact.ts';
import { type JobStore, openJobStore } from '../core/store/job-store.ts';
import { storageErrorOf } from '../core/store/storage-error.ts';
import { type CliValues, UsageError } from './args.ts';

export interface Output {
  out(line: string): void;
  err(line: string): void;
  progress(line: string): void;
}

export function apiKeyFrom(envName: string): string {
  const key = process.env[envName];
  if (!key)
    throw new UsageError(
      `the API key is missing: set the environment variable ${envName} (the key is never given as an argument)`,
    );
  registerSecret(key);
  return key;
}

export interface CliSession {
  host: Host;
  store: JobStore;
  /** How the last run ended, as the runner told it (the store may not have been writable to record it). */
  finished(): RunResult | undefined;
}

/**
 * Takes the data folder for this process (waiting for another upload to finish with --wait-for-lock)
 * and starts the engine on it.
 */
export async function openSession(
  dataDir: string,
  values: CliValues,
  io: Output,
  progressLine: (p: Progress) => string,
): Promise<CliSession> {
  const giveUpMinutes = Number(values['give-up-after']);
  if (!(giveUpMinutes > 0)) throw new UsageError('--give-up-after must be a positive number of minutes');
  let finished: RunResult | undefined;
  const lock = await lockFolder(dataDir, values, io);
  const host = startHost({
    dataDir,
    lock,
    timings: {
      giveUpAfterMs: giveUpMinutes * 60_000,
      maintenanceCooldownMs: Number(process.env.NOOJEE_MAINTENANCE_COOLDOWN_MS ?? 120_000),
      backoffBaseMs: Number(process.env.NOOJEE_BACKOFF_BASE_MS ?? 500),
      requestTimeoutMs: Number(process.env.NOOJEE_REQUEST_TIMEOUT_MS ?? 180_000),
    },
    apiKeyFor: async (job) => apiKeyFrom(job.target?.keyEnv ?? 'NOOJEE_API_KEY'),
    onProgress: (p) => io.progress(progressLine(p)),
    onFinished: (_id, result) => {
      finished = result;
    },
  });
  for (const id of host.discarded)
    io.err(`note: job ${id} was interrupted while its file was read; it was removed (load the file again)`);
  return { host, store: host.store, finished: () => finished };
}

async function lockFolder(dataDir: string, values: CliValues, io: Output) {
  prepareDataFolder(dataDir);
  return lockDataFolder(dataDir, {
    wait: values['wait-for-lock'],
    onWaiting: (pid) => io.err(`waiting: another upload is using this data folder${pid ? ` (pid ${pid})` : ''}`),
  });
}

/** The store for commands that only read it (jobs, report): no lock, so they work beside a running upload. */
export function openStoreForReading(dataDir: string): JobStore {
  prepareDataFolder(dataDir);
  try {
    return openJobStore(dataDir);
  } catch (error) {
    throw dataFolderProblem(dataDir, error) ?? storageErrorOf(error) ?? error;
  }
}
