/** The application menu as a plain template (tested in Node); main turns it into a Menu. */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openFiles(): void;
  openRecent(path: string): void;
  clearRecent(): void;
  openLogs(): void;
  copyDiagnostics(): void;
  about(): void;
}

export interface MenuContext {
  platform: NodeJS.Platform;
  appName: string;
  recent: readonly string[];
  /** Developer tools only in a development build. */
  isPackaged: boolean;
}

export function menuTemplate(actions: MenuActions, ctx: MenuContext): MenuItemConstructorOptions[] {
  const mac = ctx.platform === 'darwin';
  const recentItems: MenuItemConstructorOptions[] = ctx.recent.length
    ? ctx.recent.map((path) => ({ label: path, click: () => actions.openRecent(path) }))
    : [{ label: 'No recent files', enabled: false }];
  return [
    ...(mac ? [{ label: ctx.appName, role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => actions.openFiles() },
        {
          label: 'Open Recent',
          submenu: [
            ...recentItems,
            { type: 'separator' },
            { label: 'Clear Recent', enabled: ctx.recent.length > 0, click: () => actions.clearRecent() },
          ],
        },
        { type: 'separator' },
        mac ? { role: 'close' } : { label: 'Quit', role: 'quit', accelerator: 'Ctrl+Q' },
      ],
    },
    { label: 'Edit', role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(ctx.isPackaged ? [] : [{ type: 'separator' as const }, { role: 'toggleDevTools' as const }]),
      ],
    },
    {
      label: 'Help',
      submenu: [
        { label: 'Open logs folder', click: () => actions.openLogs() },
        { label: 'Copy diagnostics', click: () => actions.copyDiagnostics() },
        { type: 'separator' },
        { label: `About ${ctx.appName}`, click: () => actions.about() },
      ],
    },
  ];
}
