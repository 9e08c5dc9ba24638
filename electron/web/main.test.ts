import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../shared/contract.ts';
import { startSimulator } from '../../simulator/server.ts';
import { dispatch } from '../core/dispatch.ts';
import { DataFolderBusyError } from '../core/host/data-folder-lock.ts';
import { createMemorySecrets } from '../core/secrets/memory-secrets.ts';
import { createCoreService } from '../core/service.ts';

const dir = mkdtempSync(join(tmpdir(), 'web-main-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const KEY = 'browser-mode-resume-key-51c';
const LEADS = 60;

const core = (dataDir: string) =>
  createCoreService({
    dataDir,
    mode: 'browser',
    version: 't',
    secrets: createMemorySecrets(KEY),
    emit: <K extends EventName>(_event: K, _payload: EventPayload<K>) => {},
  });

async function call<T>(c: ReturnType<typeof core>, name: string, request: unknown): Promise<T> {
  const result = await dispatch(c.handlers, name, request);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value as T;
}

async function until(check: () => boolean, what: string, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('browser mode (npm run web)', () => {
  it('continues an upload interrupted in an earlier run, as the desktop app does, and holds the data folder', async () => {
    const sim = await startSimulator({ port: 0, apiKey: KEY, minCallMs: 150, perLeadMs: 0 });
    const dataDir = join(dir, 'data');
    const staticDir = join(dir, 'static');
    mkdirSync(staticDir, { recursive: true });
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
    const file = join(dir, 'leads.csv');
    const rows = Array.from({ length: LEADS }, (_, i) => `Lead ${i},04${String(10_000_000 + i)}`);
    writeFileSync(file, `Name,MobilePhone\n${rows.join('\n')}\n`);

    // A first run: the job is submitted and the process stops after a few batches.
    const first = core(dataDir);
    const server = await call<{ id: string }>(first, 'saveServer', { name: 'Sim', url: sim.url });
    const { jobId } = await call<{ jobId: string }>(first, 'importFile', { path: file });
    await until(() => first.jobs.requireJob(jobId).state === 'draft', 'the read');
    const target = { serverId: server.id, templateId: 41, campaignId: 41, allocationId: 38 };
    const fields = [
      { name: 'Name', isPhone: false, required: true },
      { name: 'MobilePhone', isPhone: true, required: false },
    ];
    const mapping = { fields: { Name: 'Name', MobilePhone: 'MobilePhone' }, constants: {}, phoneFields: [] };
    await call(first, 'saveTemplateFields', { serverId: server.id, templateId: 41, fields, contactHoursNames: [] });
    await call(first, 'applyMapping', { jobId, mapping, options: {}, target });
    await call(first, 'submitJob', { jobId, target, settings: { batchSize: 5, concurrency: 1 } });
    const stored = () => sim.state().campaigns['41']?.leads.length ?? 0;
    await until(() => stored() >= 5, 'the first batch');
    await first.close();
    expect(stored()).toBeLessThan(LEADS);
    // A copy of a file chosen in a browser and then abandoned: no job refers to it.
    mkdirSync(join(dataDir, 'uploads', 'abandoned'), { recursive: true });
    writeFileSync(join(dataDir, 'uploads', 'abandoned', 'leads.csv'), 'Name\n');

    const child = spawn(
      process.execPath,
      [join(import.meta.dirname, 'main.ts'), '--data-dir', dataDir, '--static-dir', staticDir, '--port', '0'],
      { env: { ...process.env, NOOJEE_API_KEY: KEY }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    try {
      await until(() => stored() >= LEADS, `browser mode to send the rest (output: ${output})`);
      // Every lead once: the interrupted batch was retried as uncertain, not stored twice.
      const phones = sim.state().campaigns['41'].leads.map((l) => l.MobilePhone);
      expect(new Set(phones).size).toBe(LEADS);
      expect(phones).toHaveLength(LEADS);
      expect(output).toContain(`Continuing interrupted jobs: ${jobId}`);
      // While browser mode runs, no other process may write its data folder.
      let refused: unknown;
      try {
        core(dataDir);
      } catch (error) {
        refused = error;
      }
      expect(refused).toBeInstanceOf(DataFolderBusyError);
      expect((refused as Error).message).toBe(`another upload is using this data folder (pid ${child.pid})`);
      // A second browser mode on the same folder says so and exits 2, leaving the first one running.
      const second = spawnSync(
        process.execPath,
        [join(import.meta.dirname, 'main.ts'), '--data-dir', dataDir, '--static-dir', staticDir, '--port', '0'],
        { encoding: 'utf8', env: { ...process.env, NOOJEE_API_KEY: KEY } },
      );
      expect(second.status).toBe(2);
      expect(second.stderr.trim()).toBe(
        `Browser mode cannot start: another upload is using this data folder (pid ${child.pid}).`,
      );
      expect(child.exitCode).toBeNull();
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(existsSync(join(dataDir, 'uploads', 'abandoned'))).toBe(false);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await sim.close();
    }
  }, 120_000);
});
