import { app, Menu, type MenuItemConstructorOptions } from 'electron';

export function buildMenu(actions: { openFiles(): void; openLogs(): void; copyDiagnostics(): void }): Menu {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: actions.openFiles },
        { label: 'Open Recent', role: 'recentDocuments', submenu: [{ label: 'Clear Recent', role: 'clearRecentDocuments' }] },
        { type: 'separator' },
        process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    {
      label: 'Help',
      submenu: [
        { label: 'Open logs folder', click: actions.openLogs },
        { label: 'Copy diagnostics', click: actions.copyDiagnostics },
        { type: 'separator' },
        { label: `About ${app.getName()}`, role: 'about' },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
