import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { menuTemplate } from './menu.ts';

const actions = () => ({
  openFiles: vi.fn(),
  openRecent: vi.fn(),
  clearRecent: vi.fn(),
  openLogs: vi.fn(),
  copyDiagnostics: vi.fn(),
  about: vi.fn(),
});
const submenu = (item: MenuItemConstructorOptions | undefined) => (item?.submenu ?? []) as MenuItemConstructorOptions[];
const find = (items: MenuItemConstructorOptions[], label: string) => items.find((i) => i.label === label);
const click = (item: MenuItemConstructorOptions | undefined) => {
  if (!item?.click) throw new Error(`menu item ${item?.label} has no action`);
  (item.click as () => void)();
};

describe('the application menu', () => {
  it('has File, Edit, View and Help, with the app menu first on macOS', () => {
    const ctx = { platform: 'linux' as const, appName: 'Noojee Lead Uploader', recent: [], isPackaged: true };
    expect(menuTemplate(actions(), ctx).map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Help']);
    const mac = menuTemplate(actions(), { ...ctx, platform: 'darwin' });
    expect(mac.map((m) => m.label)).toEqual(['Noojee Lead Uploader', 'File', 'Edit', 'View', 'Help']);
    expect(mac[0].role).toBe('appMenu');
  });

  it('File: Open…, Open Recent with the remembered files, and Quit', () => {
    const a = actions();
    const ctx = { platform: 'win32' as const, appName: 'X', recent: ['C:\\leads\\a.csv', 'C:\\leads\\b.xlsx'], isPackaged: true };
    const file = submenu(find(menuTemplate(a, ctx), 'File'));
    expect(file.map((i) => i.label ?? i.type)).toEqual(['Open…', 'Open Recent', 'separator', 'Quit']);
    expect(find(file, 'Open…')?.accelerator).toBe('CmdOrCtrl+O');
    click(find(file, 'Open…'));
    expect(a.openFiles).toHaveBeenCalled();
    const recent = submenu(find(file, 'Open Recent'));
    expect(recent.map((i) => i.label ?? i.type)).toEqual(['C:\\leads\\a.csv', 'C:\\leads\\b.xlsx', 'separator', 'Clear Recent']);
    click(recent[1]);
    expect(a.openRecent).toHaveBeenCalledWith('C:\\leads\\b.xlsx');
    click(find(recent, 'Clear Recent'));
    expect(a.clearRecent).toHaveBeenCalled();
    expect(find(file, 'Quit')?.role).toBe('quit');
  });

  it('says when there are no recent files', () => {
    const file = submenu(
      find(menuTemplate(actions(), { platform: 'linux', appName: 'X', recent: [], isPackaged: true }), 'File'),
    );
    const recent = submenu(find(file, 'Open Recent'));
    expect(recent[0]).toMatchObject({ label: 'No recent files', enabled: false });
    expect(find(recent, 'Clear Recent')?.enabled).toBe(false);
  });

  it('Help: open logs, copy diagnostics, about; developer tools only in development', () => {
    const a = actions();
    const packaged = menuTemplate(a, { platform: 'linux', appName: 'Noojee Lead Uploader', recent: [], isPackaged: true });
    const help = submenu(find(packaged, 'Help'));
    expect(help.map((i) => i.label ?? i.type)).toEqual([
      'Open logs folder',
      'Copy diagnostics',
      'separator',
      'About Noojee Lead Uploader',
    ]);
    for (const item of help.filter((i) => i.click)) click(item);
    expect(a.openLogs).toHaveBeenCalled();
    expect(a.copyDiagnostics).toHaveBeenCalled();
    expect(a.about).toHaveBeenCalled();
    expect(submenu(find(packaged, 'View')).map((i) => i.role)).not.toContain('toggleDevTools');
    const dev = menuTemplate(a, { platform: 'linux', appName: 'X', recent: [], isPackaged: false });
    expect(submenu(find(dev, 'View')).map((i) => i.role)).toContain('toggleDevTools');
  });
});
