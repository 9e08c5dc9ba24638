/**
 * `npm run web`: the app in any browser, over loopback. Also what `npm start` falls back to when no
 * Electron runtime can be had, and what the e2e tests drive.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { EventName, EventPayload } from '../../shared/contract.ts';
import { defaultDataDir } from '../core/data-dir.ts';
import { isUserError } from '../core/errors.ts';
import { createDemoServers } from '../core/host/bootstrap.ts';
import { redact } from '../core/redact.ts';
import { createMemorySecrets } from '../core/secrets/memory-secrets.ts';
import { createCoreService } from '../core/service.ts';
import { appVersion } from '../core/version.ts';
import { startWebServer, type WebServer } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'data-dir': { type: 'string' },
    'static-dir': { type: 'string' },
    demo: { type: 'boolean', default: false },
  },
});

const dataDir = values['data-dir'] ?? defaultDataDir();
const staticDir = values['static-dir'] ?? fileURLToPath(new URL('../../out/renderer', import.meta.url));
if (!existsSync(`${staticDir}/index.html`)) {
  console.error(`The renderer is not built (${staticDir}/index.html is missing): run "npm run build:renderer" first.`);
  process.exit(2);
}

let web: WebServer | undefined;
const demoServers = createDemoServers(() => import('../../simulator/server.ts'));
let core: ReturnType<typeof createCoreService>;
try {
  core = createCoreService({
    dataDir,
    mode: 'browser',
    version: appVersion,
    secrets: createMemorySecrets(process.env.NOOJEE_API_KEY),
    emit: <K extends EventName>(event: K, payload: EventPayload<K>) => web?.emit(event, payload),
    startDemoServer: demoServers.start,
  });
} catch (error) {
  // Another process on this data folder, or a folder that cannot be one: bad usage, in plain words.
  if (!isUserError(error)) throw error;
  console.error(`Browser mode cannot start: ${redact(error.message)}.`);
  process.exit(2);
}

web = await startWebServer({
  handlers: core.handlers,
  staticDir,
  dataDir,
  port: Number(values.port),
  onInternalError: (error) =>
    console.error('internal error:', redact(error instanceof Error ? (error.stack ?? error.message) : String(error))),
});

if (values.demo) await core.handlers.startDemoServer?.({});

console.log(`Noojee Lead Uploader (browser mode) is ready: open ${web.openUrl}`);
console.log(`Data folder: ${dataDir}`);

// As in the desktop app: jobs left sending when the folder was last used continue now.
const resumed = core.resumeInterrupted();
if (resumed.length) console.log(`Continuing interrupted jobs: ${resumed.join(', ')}`);

const shutdown = async () => {
  await web?.close();
  await core.close();
  await demoServers.closeAll();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
