import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { callChannel, eventChannel, SAVE_EXPORT_CHANNEL } from '../../shared/transport.ts';
import { buildApi, type IpcHandler } from './surface.ts';

const bridge = () => ({
  invoke: vi.fn(async (_channel: string, _payload: unknown) => ({ ok: true, value: 42 }) as unknown),
  on: vi.fn((_channel: string, _handler: IpcHandler) => {}),
  removeListener: vi.fn((_channel: string, _handler: IpcHandler) => {}),
  pathForFile: vi.fn((_file: File) => '/tmp/leads.csv'),
});

describe('the preload surface', () => {
  it('is exactly the contract plus on, fileToPath and saveExport (adding a channel must change this list)', () => {
    expect(Object.keys(buildApi(bridge())).sort()).toMatchInlineSnapshot(`
      [
        "applyMapping",
        "cancelJob",
        "cancelRead",
        "cancelRemap",
        "deleteProfile",
        "editRow",
        "editRows",
        "exportRejected",
        "fileToPath",
        "getAppInfo",
        "getEditState",
        "getJob",
        "getJobMapping",
        "getReasonGroups",
        "getRows",
        "getTemplateFields",
        "importFile",
        "inspectFile",
        "listAllocations",
        "listCampaigns",
        "listJobs",
        "listProfiles",
        "listServers",
        "listTemplates",
        "on",
        "pauseJob",
        "redoEdit",
        "removeServer",
        "resubmitFixed",
        "resumeJob",
        "saveExport",
        "saveProfile",
        "saveServer",
        "saveTemplateFields",
        "sendRest",
        "startDemoServer",
        "submitJob",
        "suggestMapping",
        "testConnection",
        "undoEdit",
      ]
    `);
  });

  it('never exposes ipcRenderer or a generic invoke/send: only functions, on window.api only', () => {
    const api = buildApi(bridge()) as unknown as Record<string, unknown>;
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    const preload = readFileSync(join(import.meta.dirname, 'index.ts'), 'utf8');
    expect([...preload.matchAll(/contextBridge\.(\w+)\(\s*'(\w+)'/g)].map((m) => `${m[1]} ${m[2]}`)).toEqual([
      'exposeInMainWorld api',
    ]);
    expect(preload).toMatch(/exposeInMainWorld\(\s*'api',\s*buildApi\(/);
    for (const name of ['ipcRenderer', 'invoke', 'send', 'sendSync', 'require', 'process']) expect(api[name]).toBeUndefined();
  });

  it('routes a call to its own channel and unwraps errors into exceptions', async () => {
    const b = bridge();
    const api = buildApi(b);
    expect(await api.listJobs({})).toBe(42);
    expect(b.invoke).toHaveBeenCalledWith(callChannel('listJobs'), {});
    b.invoke.mockResolvedValueOnce({ ok: false, error: { code: 'unknown-job', message: 'There is no job 9.' } });
    await expect(api.getJob({ jobId: '9' })).rejects.toThrow('There is no job 9.');
  });

  it('passes event payloads only, never the IpcRendererEvent, and unsubscribes the same handler', () => {
    const b = bridge();
    const api = buildApi(b);
    const listener = vi.fn();
    const off = api.on('jobProgress', listener);
    expect(b.on).toHaveBeenCalledWith(eventChannel('jobProgress'), expect.any(Function));
    const handler = b.on.mock.calls.find(([channel]) => channel === eventChannel('jobProgress'))?.[1] as IpcHandler;
    handler({ sender: 'ipcRenderer itself' }, { jobId: '1' }, 'extra');
    expect(listener).toHaveBeenCalledWith({ jobId: '1' });
    expect(listener.mock.calls[0]).toHaveLength(1);
    off();
    expect(b.removeListener).toHaveBeenCalledWith(eventChannel('jobProgress'), handler);
    expect(() => api.on('secretChannel' as never, () => {})).toThrow(/Unknown event/);
  });

  it('keeps files opened before the page listens and hands them to the first listener, once', async () => {
    const b = bridge();
    const api = buildApi(b);
    const early = b.on.mock.calls.find(([channel]) => channel === eventChannel('openFiles'))?.[1] as IpcHandler;
    early({}, { paths: ['/home/me/a.csv'] });
    const first = vi.fn();
    const off = api.on('openFiles', first);
    await Promise.resolve();
    expect(first).toHaveBeenCalledWith({ paths: ['/home/me/a.csv'] });
    const second = vi.fn();
    api.on('openFiles', second);
    await Promise.resolve();
    expect(second).not.toHaveBeenCalled();
    early({}, { paths: ['/home/me/b.csv'] });
    off();
    off();
    const third = vi.fn();
    api.on('openFiles', third);
    await Promise.resolve();
    expect(third).not.toHaveBeenCalled();
  });

  it('gives a dropped file’s path, and says so when a file has none', async () => {
    const b = bridge();
    const api = buildApi(b);
    expect(await api.fileToPath({ name: 'leads.csv' } as File)).toBe('/tmp/leads.csv');
    b.pathForFile.mockReturnValueOnce('');
    await expect(api.fileToPath({ name: 'pasted.csv' } as File)).rejects.toThrow(/pasted\.csv is not a file on this computer/);
  });

  it('asks main to save an export on its own channel and reports a refusal', async () => {
    const b = bridge();
    const api = buildApi(b);
    b.invoke.mockResolvedValueOnce({ ok: true, value: { saved: true } });
    await api.saveExport('/data/exports/r.csv', 'r.csv');
    expect(b.invoke).toHaveBeenCalledWith(SAVE_EXPORT_CHANNEL, { path: '/data/exports/r.csv', fileName: 'r.csv' });
    b.invoke.mockResolvedValueOnce({
      ok: false,
      error: { code: 'forbidden', message: 'Only reports the app exported can be saved from here.' },
    });
    await expect(api.saveExport('/etc/passwd', 'p')).rejects.toThrow('Only reports the app exported');
  });
});
