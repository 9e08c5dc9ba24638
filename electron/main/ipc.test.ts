import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { callNames } from '../../shared/contract.ts';
import { callChannel, SAVE_EXPORT_CHANNEL } from '../../shared/transport.ts';
import type { Handlers } from '../core/handlers/types.ts';
import { isInsideExports, safeFileName } from './export-save.ts';
import { FOREIGN_SENDER, handleSaveExport, registerIpc, registerSaveExport, senderAllowed } from './ipc.ts';

const APP = 'file:///opt/Noojee/resources/app.asar/out/renderer/index.html';
const fromApp = { senderFrame: { url: APP, parent: null } } as never;
const fromIframe = { senderFrame: { url: APP, parent: {} } } as never;
const fromElsewhere = { senderFrame: { url: 'https://evil.example/', parent: null } } as never;
const fromGoneFrame = { senderFrame: null } as never;

type Listener = (event: unknown, request: unknown) => unknown;
function fakeIpc() {
  const channels = new Map<string, Listener>();
  return { channels, ipc: { handle: (channel: string, listener: Listener) => void channels.set(channel, listener) } };
}

describe('IPC registration', () => {
  it('registers exactly one channel per contract call, api:<name>', () => {
    const { channels, ipc } = fakeIpc();
    registerIpc(ipc as never, {} as Handlers, APP, () => {});
    expect([...channels.keys()].sort()).toEqual(callNames.map(callChannel).sort());
  });

  it('checks the sender before anything else: a foreign or child frame never reaches the handler', async () => {
    const listJobs = vi.fn(async () => []);
    const { channels, ipc } = fakeIpc();
    registerIpc(ipc as never, { listJobs } as unknown as Handlers, APP, () => {});
    const call = channels.get('api:listJobs') as Listener;
    for (const event of [fromIframe, fromElsewhere, fromGoneFrame]) expect(await call(event, {})).toEqual(FOREIGN_SENDER);
    expect(listJobs).not.toHaveBeenCalled();
    expect(await call(fromApp, {})).toEqual({ ok: true, value: [] });
    expect(listJobs).toHaveBeenCalledTimes(1);
  });

  it('validates requests with the contract and returns failures as values', async () => {
    const getJob = vi.fn(async () => {
      throw new Error('disk on fire');
    });
    const internal = vi.fn();
    const { channels, ipc } = fakeIpc();
    registerIpc(ipc as never, { getJob } as unknown as Handlers, APP, internal);
    const call = channels.get('api:getJob') as Listener;
    expect(await call(fromApp, { jobId: 7 })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(getJob).not.toHaveBeenCalled();
    expect(await call(fromApp, { jobId: '7' })).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(internal).toHaveBeenCalledTimes(1);
  });

  it('trusts only the top frame of our page', () => {
    expect(senderAllowed(fromApp, APP)).toBe(true);
    expect(senderAllowed(fromIframe, APP)).toBe(false);
    expect(senderAllowed(fromElsewhere, APP)).toBe(false);
    expect(senderAllowed(fromGoneFrame, APP)).toBe(false);
  });
});

describe('saving an export (app:saveExport)', () => {
  const exportsDir = join('/data', 'exports');
  const deps = () => ({
    rendererUrl: APP,
    exportsDir,
    chooseTarget: vi.fn(async (name: string) => `/home/me/${name}`),
    copy: vi.fn(async () => {}),
  });

  it('copies an exported report to where the user chose', async () => {
    const d = deps();
    const { channels, ipc } = fakeIpc();
    registerSaveExport(ipc as never, d);
    const save = channels.get(SAVE_EXPORT_CHANNEL) as Listener;
    expect(await save(fromApp, { path: '/data/exports/job-7-rejected.csv', fileName: 'rejected.csv' })).toEqual({
      ok: true,
      value: { saved: true },
    });
    expect(d.copy).toHaveBeenCalledWith('/data/exports/job-7-rejected.csv', '/home/me/rejected.csv');
  });

  it('refuses other files, including ones reached through ..', async () => {
    const d = deps();
    for (const path of ['/data/keys.json', '/data/exports/../keys.json', '/data/exports', '/data/exports-evil/x.csv']) {
      expect(await handleSaveExport(fromApp, { path, fileName: 'x.csv' }, d)).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
    expect(d.chooseTarget).not.toHaveBeenCalled();
    expect(d.copy).not.toHaveBeenCalled();
  });

  it('refuses foreign senders and malformed requests, and reports a cancelled dialog and a failed copy', async () => {
    const d = deps();
    expect(await handleSaveExport(fromElsewhere, { path: '/data/exports/a.csv', fileName: 'a.csv' }, d)).toEqual(FOREIGN_SENDER);
    expect(await handleSaveExport(fromApp, { path: 3 }, d)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    d.chooseTarget.mockResolvedValueOnce(undefined as never);
    expect(await handleSaveExport(fromApp, { path: '/data/exports/a.csv', fileName: 'a.csv' }, d)).toEqual({
      ok: true,
      value: { saved: false },
    });
    d.copy.mockRejectedValueOnce(new Error('EACCES: permission denied'));
    expect(await handleSaveExport(fromApp, { path: '/data/exports/a.csv', fileName: 'a.csv' }, d)).toMatchObject({
      ok: false,
      error: { code: 'save-failed', message: expect.stringContaining('permission denied') },
    });
  });

  it('offers a plain file name in the dialog', () => {
    expect(safeFileName('../../etc/rejected.csv')).toBe('rejected.csv');
    expect(safeFileName('a:b?.csv')).toBe('a_b_.csv');
    expect(safeFileName('..')).toBe('export.csv');
    expect(isInsideExports('/data/exports/sub/a.csv', '/data/exports')).toBe(true);
  });
});
