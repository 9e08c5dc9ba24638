/** The CLI and its data folder: one writer at a time, plain refusals of unusable folders, private files. */
import { mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../simulator/server.ts';
import { prepareDataFolder } from '../core/host/data-folder.ts';
import { takeDataFolderLock } from '../core/host/data-folder-lock.ts';
import { cliHarness } from './testing/cli-harness.ts';

const { root, simulator, cli } = cliHarness({ prefix: 'cli-folder', key: 'cli-folder-key-0e4d' });
/** One simulator per test, started by its first upload. */
let sim: Simulator | undefined;
afterEach(() => {
  sim = undefined;
});

const file = join(root, 'leads.csv');
writeFileSync(
  file,
  `Name,FirstPhone\n${Array.from({ length: 20 }, (_, i) => `Lead ${i},04${String(i).padStart(8, '0')}`).join('\n')}\n`,
);

async function upload(dataDir: string, extra: string[] = []) {
  sim ??= await simulator({ minCallMs: 2, perLeadMs: 0 });
  const target = ['--server', sim.url, '--template', '41', '--campaign', '41', '--allocation', '38'];
  return cli(['upload', file, ...target, '--data-dir', dataDir, ...extra]);
}

describe('the CLI and its data folder', () => {
  it('refuses to start while another process holds the folder, naming it, and sends nothing', async () => {
    const dataDir = join(root, 'held');
    prepareDataFolder(dataDir);
    const lock = takeDataFolderLock(dataDir);
    try {
      const run = await upload(dataDir);
      expect(run.code).toBe(2);
      expect(run.err).toEqual([
        `noojee-upload: another upload is using this data folder (pid ${process.pid}): wait for it to finish, or add --wait-for-lock`,
      ]);
      expect(sim?.state().campaigns['41']?.leads.length ?? 0).toBe(0);
    } finally {
      lock.release();
    }
  });

  it('waits for the folder with --wait-for-lock, then uploads', async () => {
    const dataDir = join(root, 'wait');
    prepareDataFolder(dataDir);
    const lock = takeDataFolderLock(dataDir);
    setTimeout(() => lock.release(), 400);
    const run = await upload(dataDir, ['--wait-for-lock']);
    expect(run.err[0]).toBe(`waiting: another upload is using this data folder (pid ${process.pid})`);
    expect(run.code).toBe(0);
    expect(sim?.state().campaigns['41'].leads).toHaveLength(20);
  });

  it('exits 2 with a plain message for a data folder that is a file, below a file, or a symlink loop', async () => {
    const aFile = join(root, 'a-file');
    writeFileSync(aFile, 'x');
    const loop = join(root, 'loop');
    symlinkSync(join(root, 'loop-b'), loop);
    symlinkSync(loop, join(root, 'loop-b'));
    for (const [dataDir, why] of [
      [aFile, 'it is a file, not a folder'],
      [join(aFile, 'data'), 'a part of its path is a file, not a folder'],
      [join(loop, 'data'), 'its path is a loop of symbolic links'],
    ]) {
      for (const run of [
        await upload(dataDir),
        await cli(['resume', '--data-dir', dataDir]),
        await cli(['jobs', '--data-dir', dataDir]),
      ]) {
        expect(run.code).toBe(2);
        expect(run.err).toEqual([`noojee-upload: the data folder ${dataDir} cannot be used: ${why}`]);
      }
    }
  });

  it('exits 2 with one line for a damaged job store, touching nothing', async () => {
    const dataDir = join(root, 'damaged');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'jobs.sqlite'), Buffer.alloc(16_384, 0x5a));
    for (const run of [await upload(dataDir), await cli(['resume', '--data-dir', dataDir])]) {
      expect(run.code).toBe(2);
      expect(run.err).toEqual([
        'noojee-upload: the job store in the data folder is damaged: move jobs.sqlite aside (keep it for support) and start again; nothing was sent twice',
      ]);
    }
  });

  it('keeps the folder 0700 and every file in it 0600', async () => {
    const dataDir = join(root, 'private');
    mkdirSync(dataDir, { mode: 0o755 });
    const run = await upload(dataDir);
    expect(run.code).toBe(0);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    const entries = readdirSync(dataDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) expect([e.name, statSync(join(e.parentPath, e.name)).mode & 0o777]).toEqual([e.name, 0o600]);
  });
});
