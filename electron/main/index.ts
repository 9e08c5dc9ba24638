/**
 * The Electron main process: app lifecycle, the window, IPC, keychain, menus, notifications and dock or
 * taskbar progress. The engine is the same core as the CLI and browser mode; nothing here decides business.
 * Sending runs in this process: closing the window keeps the app running only while a job is sending
 * (quitting asks first), and an unfinished job continues on the next start.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  app,
  BrowserWindow,
  clipboard,
  dialog,
  ipcMain,
  Menu,
  Notification,
  safeStorage,
  screen,
  session,
  shell,
} from 'electron';
import log from 'electron-log/main';
import type { EventName, EventPayload } from '../../shared/contract.ts';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.ts';
import { redact } from '../core/redact.ts';
import { createCoreService } from '../core/service.ts';
import { eventChannel, SAVE_EXPORT_CHANNEL } from '../preload/surface.ts';
import { diagnosticsText } from './diagnostics.ts';
import { FOREIGN_SENDER, registerIpc, senderAllowed } from './ipc.ts';
import { createKeyVault } from './key-vault.ts';
import { buildMenu } from './menu.ts';
import { allowPermission, isAllowedNavigation, WEB_PREFERENCES } from './security.ts';
import { clampToDisplays, parseBounds } from './window-state.ts';

const dataDir = process.env.NOOJEE_UPLOAD_DATA_DIR ?? app.getPath('userData');
log.transports.file.resolvePathFn = () => join(dataDir, 'logs', 'main.log');
log.transports.file.maxSize = 5 * 1024 * 1024;
log.hooks.push((message) => ({
  ...message,
  data: message.data.map((d) => (typeof d === 'string' ? redact(d) : d instanceof Error ? redact(d.stack ?? d.message) : d)),
}));

const rendererUrl = process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(join(import.meta.dirname, '../renderer/index.html')).href;
let window: BrowserWindow | undefined;
const pendingFiles: string[] = [];

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    openFiles(argv.slice(1).filter((a) => /\.(csv|tsv|txt|xlsx|xlsm|xls|ods)$/i.test(a)));
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.on('open-file', (event, path) => {
    event.preventDefault();
    openFiles([path]);
  });
  app.setLoginItemSettings({ openAtLogin: false });
  void app.whenReady().then(start);
}

function openFiles(paths: string[]) {
  if (paths.length === 0) return;
  if (window) emit('openFiles', { paths });
  else pendingFiles.push(...paths);
}

function emit<K extends EventName>(event: K, payload: EventPayload<K>) {
  window?.webContents.send(eventChannel(event), payload);
  if (event === 'jobProgress') onJobProgress(payload as EventPayload<'jobProgress'>);
}

let sending = false;
function onJobProgress(p: EventPayload<'jobProgress'>) {
  sending = p.state === 'sending' || p.state === 'waiting' || p.state === 'queued';
  const total = p.counts.total - p.counts.invalid;
  const settled = p.counts.imported + p.counts.updated + p.counts.rejected + p.counts.review;
  window?.setProgressBar(sending && total > 0 ? settled / total : -1, { mode: p.state === 'waiting' ? 'paused' : 'normal' });
  if (['done', 'incomplete', 'failed'].includes(p.state) && Notification.isSupported()) {
    new Notification({
      title: p.state === 'done' ? 'Upload finished' : 'Upload stopped',
      body:
        p.state === 'done'
          ? `${p.counts.imported + p.counts.updated} accepted, ${p.counts.rejected} rejected, ${p.counts.invalid} invalid.`
          : (p.message ?? ''),
    }).show();
  }
}

async function start() {
  const vault = createKeyVault(join(dataDir, 'keys.json'), {
    isSecure: async () =>
      (await safeStorage.isAsyncEncryptionAvailable()) && safeStorage.getSelectedStorageBackend() !== 'basic_text',
    encrypt: (plain) => safeStorage.encryptStringAsync(plain),
    decrypt: async (cipher) => (await safeStorage.decryptStringAsync(cipher)).result,
  });
  const core = createCoreService({
    dataDir,
    mode: 'electron',
    version: app.getVersion(),
    secrets: vault,
    emit,
    startDemoServer: async () => {
      const { startSimulator } = await import('../../simulator/server.ts');
      const apiKey = `demo-${randomBytes(6).toString('hex')}`;
      const sim = await startSimulator({ port: 0, apiKey });
      app.on('will-quit', () => void sim.close());
      return { url: sim.url, apiKey };
    },
  });
  registerIpc(ipcMain, core.handlers, rendererUrl, (e) => log.error('internal error', e));
  ipcMain.handle(SAVE_EXPORT_CHANNEL, async (event, request: { path: string; fileName: string }) => {
    if (!senderAllowed(event, rendererUrl)) return FOREIGN_SENDER;
    if (!request.path.startsWith(join(dataDir, 'exports')))
      return { ok: false, error: { code: 'forbidden', message: 'Only exports can be saved.' } };
    const target = await dialog.showSaveDialog({ defaultPath: request.fileName });
    if (!target.canceled && target.filePath) await copyFile(request.path, target.filePath);
    return { ok: true, value: null };
  });

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(allowPermission(permission)));
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => allowPermission(permission));
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      if (/^https:\/\//.test(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event, url) => {
      if (!isAllowedNavigation(url, rendererUrl)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  const stateFile = join(dataDir, 'window.json');
  const bounds = clampToDisplays(
    parseBounds(await readFile(stateFile, 'utf8').catch(() => undefined)),
    screen.getAllDisplays().map((d) => d.workArea),
  );
  window = new BrowserWindow({
    ...bounds,
    minWidth: 900,
    minHeight: 600,
    title: 'Noojee Lead Uploader',
    show: false,
    webPreferences: { ...WEB_PREFERENCES, preload: join(import.meta.dirname, '../preload/index.cjs') },
  });
  window.once('ready-to-show', () => window?.show());
  window.on('close', (event) => {
    if (window) void writeFile(stateFile, JSON.stringify(window.getBounds()));
    if (!sending) return;
    const answer = dialog.showMessageBoxSync(window as BrowserWindow, {
      type: 'question',
      buttons: ['Keep sending', 'Quit'],
      defaultId: 0,
      message: 'Leads are still being sent.',
      detail: 'If you quit now, the upload continues the next time you open the app.',
    });
    if (answer === 0) event.preventDefault();
  });
  window.webContents.on('did-finish-load', () => {
    if (pendingFiles.length) emit('openFiles', { paths: pendingFiles.splice(0) });
  });

  Menu.setApplicationMenu(
    buildMenu({
      openFiles: async () => {
        const picked = await dialog.showOpenDialog({
          properties: ['openFile', 'multiSelections'],
          filters: [{ name: 'Lead files', extensions: ['csv', 'tsv', 'txt', 'xlsx', 'xlsm', 'xls', 'ods'] }],
        });
        if (!picked.canceled) {
          for (const p of picked.filePaths) app.addRecentDocument(p);
          openFiles(picked.filePaths);
        }
      },
      openLogs: () => void shell.openPath(join(dataDir, 'logs')),
      copyDiagnostics: async () => {
        const servers = await core.handlers.listServers({});
        const jobs = await core.handlers.listJobs({});
        clipboard.writeText(
          diagnosticsText({
            appVersion: app.getVersion(),
            electron: process.versions.electron,
            node: process.versions.node,
            chrome: process.versions.chrome,
            platform: process.platform,
            arch: process.arch,
            dataDir,
            keychain: safeStorage.getSelectedStorageBackend?.() ?? 'unknown',
            servers,
            jobs: jobs.map((j) => ({ id: j.id, state: j.state, ...j.counts })),
          }),
        );
      },
    }),
  );
  await window.loadURL(rendererUrl);
  openFiles(process.argv.slice(1).filter((a) => /\.(csv|tsv|txt|xlsx|xlsm|xls|ods)$/i.test(a)));
  core.jobs.resumeInterrupted();
  if (!(await vault.secure())) log.warn('No secure keychain: API keys are kept for this session only.');

  app.on('before-quit', () => void core.close());
  app.on('window-all-closed', () => app.quit());
}
