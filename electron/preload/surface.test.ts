import { describe, expect, it, vi } from 'vitest';
import { buildApi, callChannel, eventChannel } from './surface.ts';

const bridge = () => ({
  invoke: vi.fn(async (_channel: string, _payload: unknown) => ({ ok: true, value: 42 }) as unknown),
  subscribe: vi.fn(() => () => {}),
  pathForFile: vi.fn(() => '/tmp/leads.csv'),
});

describe('the preload surface', () => {
  it('is exactly the contract plus on, fileToPath and saveExport (adding a channel must change this list)', () => {
    expect(Object.keys(buildApi(bridge())).sort()).toMatchInlineSnapshot(`
      [
        "applyMapping",
        "cancelJob",
        "cancelRead",
        "deleteProfile",
        "editRow",
        "exportRejected",
        "fileToPath",
        "getAppInfo",
        "getJob",
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
        "removeServer",
        "resubmitFixed",
        "resumeJob",
        "saveExport",
        "saveProfile",
        "saveServer",
        "saveTemplateFields",
        "startDemoServer",
        "submitJob",
        "suggestMapping",
        "testConnection",
      ]
    `);
  });

  it('never exposes ipcRenderer or a generic invoke/send', () => {
    const api = buildApi(bridge()) as unknown as Record<string, unknown>;
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

  it('subscribes only to the contract’s events', () => {
    const b = bridge();
    const api = buildApi(b);
    api.on('jobProgress', () => {});
    expect(b.subscribe).toHaveBeenCalledWith(eventChannel('jobProgress'), expect.any(Function));
    expect(() => api.on('secretChannel' as never, () => {})).toThrow(/Unknown event/);
  });
});
