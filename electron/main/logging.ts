/** electron-log in main: one rotated file (5 MB, then main.old.log) under the data folder, every line redacted. */
import { join } from 'node:path';
import log from 'electron-log/main';
import { redactLogData } from './log-redact.ts';

export const LOG_MAX_BYTES = 5 * 1024 * 1024;

export function setupLogging(dataDir: string): typeof log {
  log.transports.file.resolvePathFn = () => join(dataDir, 'logs', 'main.log');
  log.transports.file.maxSize = LOG_MAX_BYTES;
  log.hooks.push((message) => ({ ...message, data: redactLogData(message.data) }));
  // Uncaught errors are logged (redacted) rather than shown as a raw stack to the user.
  log.errorHandler.startCatching({ showDialog: false });
  return log;
}

export function logsFolder(dataDir: string): string {
  return join(dataDir, 'logs');
}
