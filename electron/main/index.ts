/**
 * The Electron main process: app lifecycle, the window, IPC, keychain, menus, notifications and dock or
 * taskbar progress. The engine is the same core as the CLI and browser mode; nothing here decides business.
 * Every decision worth testing lives in a small module beside this one; this file wires them to Electron.
 *
 * Sending runs in this process. There is no tray: closing the window quits the app, and quitting while a
 * job is queued, sending or waiting asks first. An interrupted job continues on the next start.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { release } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, clipboard, dialog, ipcMain, Menu, Notification, screen, session, shell } from 'electron';
import type { EventName, EventPayload } from '../../shared/contract.ts';
import { eventChannel } from '../../shared/transport.ts';
import { isUserError } from '../core/errors.ts';
import { createDemoServers } from '../core/host/bootstrap.ts';
import { createCoreService } from '../core/service.ts';
import { diagnosticsText } from './diagnostics.ts';
import { claimSingleInstance, hardenApp, hardenedPreferences, hardenSession } from './harden.ts';
import { registerIpc, registerSaveExport } from './ipc.ts';
import { createJobWatch } from './job-watch.ts';
import { keychainBackend, safeStorageEncryptor } from './keychain.ts';
import { filesFromArgv, LEAD_EXTENSIONS } from './launch-args.ts';
import { logsFolder, setupLogging } from './logging.ts';
import { menuTemplate } from './menu.ts';
import { addRecent, parseRecent, serialiseRecent } from './recent-files.ts';
import { createKeyVault } from './secrets.ts';
import { chooseRendererUrl } from './security.ts';
import { parseSettings, updateFeed } from './settings.ts';
import { clampToDisplays, MIN_SIZE, parseWindowState } from './window-state.ts';

const dataDir = process.env.NOOJEE_UPLOAD_DATA_DIR ?? app.getPath('userData');
// Leads, keys and logs are the user's alone: every file this process makes is 0600 (the folder is made
// 0700 when the core starts on it).
process.umask(0o077);
const log = setupLogging(dataDir);
const files = {
  keys: join(dataDir, 'keys.json'),
  window: join(dataDir, 'window.json'),
  recent: join(dataDir, 'recent.json'),
  settings: join(dataDir, 'settings.json'),
  exports: join(dataDir, 'exports'),
};
const rendererUrl = chooseRendererUrl(
  process.env.ELECTRON_RENDERER_URL,
  app.isPackaged,
  pathToFileURL(join(import.meta.dirname, '../renderer/index.html')).href,
);

let window: BrowserWindow | undefined;
let pageReady = false;
const pendingFiles: string[] = [];
const watch = createJobWatch();

/** Reads a small state file; a missing one is normal, any other failure is logged and treated as missing. */
function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log.warn(`Could not read ${file}:`, error);
    return undefined;
  }
}

function writeText(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    log.warn(`Could not write ${file}:`, error);
  }
}

hardenApp(app, rendererUrl, (url) => void shell.openExternal(url));

// A second launch hands its files to the first (second-instance below) and ends there.
if (claimSingleInstance(app)) {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    openFiles(filesFromArgv(argv, app.isPackaged).map((p) => resolve(workingDirectory, p)));
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  // macOS: files dropped on the dock icon or opened with the app; can arrive before the window exists.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    openFiles([path]);
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      // A data folder in use by a CLI upload or browser mode, or one that cannot be written, is told as
      // it is ("another upload is using this data folder (pid N)"); anything else as an error.
      log.error('The app could not start:', error);
      const told = isUserError(error) ? `${error.message}.` : String(error);
      dialog.showErrorBox('Noojee Lead Uploader could not start', told);
      app.exit(isUserError(error) ? 2 : 1);
    });
}

function openFiles(paths: string[]): void {
  if (paths.length === 0) return;
  rememberRecent(paths);
  if (window && pageReady) emit('openFiles', { paths });
  else pendingFiles.push(...paths);
}

let recent = parseRecent(readText(files.recent));
let refreshMenu = () => {};
function rememberRecent(paths: string[]): void {
  for (const p of paths) app.addRecentDocument(p);
  recent = addRecent(recent, paths);
  writeText(files.recent, serialiseRecent(recent));
  refreshMenu();
}

function emit<K extends EventName>(event: K, payload: EventPayload<K>): void {
  if (window && !window.isDestroyed()) window.webContents.send(eventChannel(event), payload);
  if (event === 'jobProgress') onJobProgress(payload as EventPayload<'jobProgress'>);
}

function onJobProgress(progress: EventPayload<'jobProgress'>): void {
  const notice = watch.update(progress);
  const bar = watch.taskbar();
  if (window && !window.isDestroyed()) window.setProgressBar(bar.value, { mode: bar.mode });
  if (notice && Notification.isSupported()) {
    const shown = new Notification({ title: notice.title, body: notice.body });
    shown.on('click', () => window?.show());
    shown.show();
  }
}

let quitConfirmed = false;
/** Quitting while a job is active asks once; the answer holds for the rest of this quit. */
function confirmQuit(): boolean {
  if (quitConfirmed || !watch.busy()) return true;
  const options = {
    type: 'question' as const,
    buttons: ['Keep sending', 'Quit'],
    defaultId: 0,
    cancelId: 0,
    message: 'Leads are still being sent.',
    detail: 'If you quit now, sending stops safely and continues the next time you open the app.',
  };
  const answer = window ? dialog.showMessageBoxSync(window, options) : dialog.showMessageBoxSync(options);
  quitConfirmed = answer === 1;
  return quitConfirmed;
}

function createWindow(): BrowserWindow {
  const saved = clampToDisplays(
    parseWindowState(readText(files.window)),
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = new BrowserWindow({
    x: saved.x,
    y: saved.y,
    width: saved.width,
    height: saved.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'Noojee Lead Uploader',
    show: false,
    webPreferences: hardenedPreferences(join(import.meta.dirname, '../preload/index.cjs')),
  });
  if (saved.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  const saveState = () => {
    if (win.isDestroyed()) return;
    writeText(files.window, JSON.stringify({ ...win.getNormalBounds(), maximized: win.isMaximized() }));
  };
  win.on('close', (event) => {
    saveState();
    if (!confirmQuit()) event.preventDefault();
  });
  win.on('closed', () => {
    if (window === win) window = undefined;
  });
  win.webContents.on('did-start-loading', () => {
    pageReady = false;
  });
  win.webContents.on('did-finish-load', () => {
    pageReady = true;
    if (pendingFiles.length) emit('openFiles', { paths: pendingFiles.splice(0) });
  });
  win.webContents.on('render-process-gone', (_event, details) => {
    log.error('The window’s page stopped:', details.reason);
  });
  return win;
}

async function startAutoUpdate(): Promise<string> {
  const { settings, problem } = parseSettings(readText(files.settings), files.settings);
  if (problem) log.warn(problem);
  const feed = updateFeed(settings, app.isPackaged);
  if (!feed) return settings.autoUpdate.enabled ? 'on, but no feed or not installed' : 'off';
  const updater = await import('electron-updater');
  const autoUpdater = (updater.default ?? updater).autoUpdater;
  autoUpdater.logger = log;
  autoUpdater.setFeedURL({ provider: 'generic', url: feed });
  autoUpdater.checkForUpdatesAndNotify().catch((error: unknown) => log.warn('Update check failed:', error));
  return `on (${new URL(feed).origin})`;
}

async function start(): Promise<void> {
  log.info(`Starting ${app.getName()} ${app.getVersion()}; data in ${dataDir}`);
  const vault = createKeyVault(files.keys, safeStorageEncryptor, { onWarning: (m) => log.warn(m) });
  const demoServers = createDemoServers(() => import('../../simulator/server.ts'));
  // Takes the data folder's lock: a CLI upload or browser mode on the same folder stops the start with
  // its message (the catch around start shows it and quits).
  const core = createCoreService({
    dataDir,
    mode: 'electron',
    version: app.getVersion(),
    secrets: vault,
    emit,
    startDemoServer: demoServers.start,
  });

  registerIpc(ipcMain, core.handlers, rendererUrl, (error) => log.error('Internal error:', error));
  registerSaveExport(ipcMain, {
    rendererUrl,
    exportsDir: files.exports,
    chooseTarget: async (defaultName) => {
      const options = { defaultPath: join(app.getPath('documents'), defaultName) };
      const picked = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      return picked.canceled ? undefined : picked.filePath;
    },
    copy: (from, to) => copyFile(from, to),
  });
  hardenSession(session.defaultSession, rendererUrl);

  const secure = await vault.secure();
  if (!secure) log.warn('No secure keychain here: API keys are kept for this session only.');
  const autoUpdate = await startAutoUpdate().catch((error: unknown) => {
    log.warn('Auto-update could not start:', error);
    return 'failed to start';
  });

  refreshMenu = () =>
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate(
          {
            openFiles: async () => {
              const options = {
                properties: ['openFile' as const, 'multiSelections' as const],
                filters: [{ name: 'Lead files', extensions: LEAD_EXTENSIONS }],
              };
              const picked = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
              if (!picked.canceled) openFiles(picked.filePaths);
            },
            openRecent: (path) => openFiles([path]),
            clearRecent: () => {
              app.clearRecentDocuments();
              recent = [];
              writeText(files.recent, serialiseRecent(recent));
              refreshMenu();
            },
            openLogs: async () => {
              const failure = await shell.openPath(logsFolder(dataDir));
              if (failure) log.warn(`Could not open the logs folder: ${failure}`);
            },
            copyDiagnostics: async () => {
              const [servers, jobs] = await Promise.all([core.handlers.listServers({}), core.handlers.listJobs({})]);
              clipboard.writeText(
                diagnosticsText({
                  appVersion: app.getVersion(),
                  versions: process.versions,
                  platform: process.platform,
                  arch: process.arch,
                  osRelease: release(),
                  dataDir,
                  keychain: { backend: keychainBackend(), secure },
                  autoUpdate,
                  servers,
                  jobs,
                }),
              );
              new Notification({ title: 'Diagnostics copied', body: 'Paste them into your message to support.' }).show();
            },
            about: () => app.showAboutPanel(),
          },
          { platform: process.platform, appName: app.getName(), recent, isPackaged: app.isPackaged },
        ),
      ),
    );
  app.setAboutPanelOptions({
    applicationName: 'Noojee Lead Uploader',
    applicationVersion: app.getVersion(),
    copyright: 'Copyright © Noojee',
  });
  refreshMenu();

  app.on('before-quit', (event) => {
    if (!confirmQuit()) event.preventDefault();
  });
  app.on('window-all-closed', () => app.quit());
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    // Let the core park a running job and close the store before the process ends; the quit is decided.
    event.preventDefault();
    quitConfirmed = true;
    const closing = Promise.allSettled([core.close(), demoServers.closeAll()]);
    void closing.then((results) => {
      for (const r of results) if (r.status === 'rejected') log.error('Shutdown step failed:', r.reason);
      closed = true;
      app.quit();
    });
  });

  window = createWindow();
  openFiles(filesFromArgv(process.argv, app.isPackaged).map((p) => resolve(p)));
  await window.loadURL(rendererUrl);

  const resumed = core.resumeInterrupted();
  if (resumed.length) log.info(`Continuing interrupted jobs: ${resumed.join(', ')}`);
}
