import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../shared/contract.ts';
import { type Simulator, startSimulator } from '../../simulator/server.ts';
import { dispatch } from './dispatch.ts';
import { createMemorySecrets } from './secrets/memory-secrets.ts';
import { type CoreService, createCoreService } from './service.ts';

const dir = mkdtempSync(join(tmpdir(), 'core-'));
let sim: Simulator | undefined;
let core: CoreService | undefined;
afterEach(async () => {
  await core?.close();
  await sim?.close();
  core = undefined;
  sim = undefined;
});

function makeCore(dataDir: string) {
  const events: { event: EventName; payload: unknown }[] = [];
  core = createCoreService({
    dataDir,
    mode: 'browser',
    version: '0.0.0-test',
    secrets: createMemorySecrets(),
    emit: <K extends EventName>(event: K, payload: EventPayload<K>) => events.push({ event, payload }),
    startDemoServer: async () => {
      sim = await startSimulator({ port: 0, apiKey: 'demo-secret-key', minCallMs: 2, perLeadMs: 0 });
      return { url: sim.url, apiKey: 'demo-secret-key' };
    },
  });
  return { core, events };
}

async function call<T = unknown>(c: CoreService, name: string, request: unknown): Promise<T> {
  const result = await dispatch(c.handlers, name, request);
  if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

async function until(check: () => boolean, what: string) {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the core behind the contract', () => {
  it('runs the whole job: demo server, file, mapping, preview, fix, submit, review, resubmit, export', async () => {
    const dataDir = join(dir, 'flow');
    const { core: c, events } = makeCore(dataDir);
    const server = await call<{ id: string; isDemo: boolean; keyStorage: string }>(c, 'startDemoServer', {});
    expect(server).toMatchObject({ isDemo: true, keyStorage: 'session' });
    expect(await call(c, 'testConnection', { serverId: server.id })).toMatchObject({ verdict: 'ok' });
    expect(await call(c, 'listCampaigns', { serverId: server.id, templateId: 41 })).toEqual([
      { id: 41, name: 'Jan16a' },
      { id: 42, name: 'Feb16b' },
    ]);

    const file = join(dir, 'flow.csv');
    writeFileSync(
      file,
      'Full Name,Mobile No.,Post Code\nZoë,0412345678,3000\nBad,12,3001\nDup,0412 345 678,3002\nOk,0412345679,3003\n',
    );
    const info = await call<{ headers: string[]; previewRows: string[][] }>(c, 'inspectFile', { path: file });
    expect(info.headers).toEqual(['Full Name', 'Mobile No.', 'Post Code']);
    const { jobId } = await call<{ jobId: string }>(c, 'importFile', { path: file });
    await until(
      () => events.some((e) => e.event === 'readProgress' && (e.payload as { done: boolean }).done),
      'the read to finish',
    );

    const fields = [
      { name: 'Name', isPhone: false, required: true },
      { name: 'MobilePhone', isPhone: true, required: false },
      { name: 'PostCode', isPhone: false, required: false },
    ];
    await call(c, 'saveTemplateFields', { serverId: server.id, templateId: 41, fields, contactHoursNames: [] });
    expect(await call(c, 'getTemplateFields', { serverId: server.id, templateId: 41 })).toEqual({
      fields,
      contactHoursNames: [],
    });
    const suggestion = await call<{ mapping: { fields: Record<string, string> } }>(c, 'suggestMapping', { jobId, fields });
    expect(suggestion.mapping.fields).toEqual({ Name: 'Full Name', MobilePhone: 'Mobile No.', PostCode: 'Post Code' });

    const target = { serverId: server.id, templateId: 41, campaignId: 41, allocationId: 38 };
    const applied = await call<{ counts: { ready: number; invalid: number } }>(c, 'applyMapping', {
      jobId,
      mapping: suggestion.mapping,
      options: {},
      target,
    });
    expect(applied.counts).toMatchObject({ ready: 2, invalid: 2 });
    const invalid = await call<{ total: number; rows: { rowNumber: number; issues: { message: string }[] }[] }>(c, 'getRows', {
      jobId,
      offset: 0,
      limit: 50,
      filter: 'invalid',
    });
    expect(invalid.rows.map((r) => r.rowNumber)).toEqual([3, 4]);
    expect(invalid.rows[1].issues[0].message).toBe('phone 0412345678 already in row 2');

    const fixed = await call<{ status: string; payload: Record<string, string> }>(c, 'editRow', {
      jobId,
      rowNumber: 3,
      cells: { '1': '0412 000 111' },
    });
    expect(fixed).toMatchObject({ status: 'ready', payload: { Name: 'Bad', MobilePhone: '0412000111', PostCode: '3001' } });

    await call(c, 'submitJob', { jobId, target, settings: { batchSize: 2 } });
    await c.jobs.idle();
    const job = await call<{ state: string; counts: { imported: number; invalid: number } }>(c, 'getJob', { jobId });
    expect(job).toMatchObject({ state: 'done', counts: { imported: 3, invalid: 1 } });
    expect(events.some((e) => e.event === 'jobProgress' && (e.payload as { state: string }).state === 'done')).toBe(true);
    expect(sim?.state().campaigns['41'].count).toBe(3);

    const groups = await call<{ stage: string; reason: string; count: number }[]>(c, 'getReasonGroups', { jobId });
    expect(groups).toEqual([{ stage: 'local', reason: 'Phone repeated in an earlier row', count: 1 }]);

    await call(c, 'editRow', { jobId, rowNumber: 4, cells: { '1': '0412 000 222' } });
    await call(c, 'resubmitFixed', { jobId });
    await c.jobs.idle();
    expect(await call(c, 'getJob', { jobId })).toMatchObject({ state: 'done', counts: { imported: 4, invalid: 0 } });
    expect(sim?.state().campaigns['41'].leads.map((l) => l.MobilePhone)).toEqual([
      '0412345678',
      '0412000111',
      '0412345679',
      '0412000222',
    ]);

    const exported = await call<{ path: string; rows: number }>(c, 'exportRejected', { jobId, format: 'csv' });
    expect(exported.rows).toBe(0);
    expect(readFileSync(exported.path, 'utf8')).toContain('Row,Full Name,Mobile No.,Post Code,Stage,Error Reason');
    const jobs = await call<{ id: string }[]>(c, 'listJobs', {});
    expect(jobs.map((j) => j.id)).toEqual([jobId]);
    for (const e of events) expect(JSON.stringify(e.payload)).not.toContain('demo-secret-key');
  });

  it('reports a bad file as a read error event and leaves no job', async () => {
    const { core: c, events } = makeCore(join(dir, 'bad'));
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'Name,Phone\n');
    const { jobId } = await call<{ jobId: string }>(c, 'importFile', { path: file });
    await until(
      () => events.some((e) => e.event === 'readProgress' && (e.payload as { error?: string }).error),
      'the error event',
    );
    const error = events.find((e) => (e.payload as { error?: string }).error)?.payload as { error: string; jobId: string };
    expect(error).toMatchObject({ jobId, error: 'bad.csv: there are no data rows below the header (row 1)' });
    expect(await call(c, 'listJobs', {})).toEqual([]);
  });

  it('refuses invalid requests with a message, and unknown calls', async () => {
    const { core: c } = makeCore(join(dir, 'invalid'));
    expect(await dispatch(c.handlers, 'getRows', { jobId: '1', offset: -1, limit: 5 })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    expect(await dispatch(c.handlers, 'dropTables', {})).toMatchObject({ ok: false, error: { code: 'unknown-call' } });
    expect(await dispatch(c.handlers, 'getJob', { jobId: '999' })).toEqual({
      ok: false,
      error: { code: 'unknown-job', message: 'There is no job 999.' },
    });
  });
});

afterEach(() => undefined);
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
