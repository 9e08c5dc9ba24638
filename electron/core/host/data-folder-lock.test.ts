import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataFolderError, prepareDataFolder } from './data-folder.ts';
import { DataFolderBusyError, LOCK_PID_FILE, lockDataFolder, takeDataFolderLock } from './data-folder-lock.ts';

const dir = mkdtempSync(join(tmpdir(), 'data-folder-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A separate process that takes the lock, says so, and then waits to be killed. */
function holder(dataDir: string) {
  const code = `
    const { takeDataFolderLock } = await import(${JSON.stringify(join(import.meta.dirname, 'data-folder-lock.ts'))});
    takeDataFolderLock(${JSON.stringify(dataDir)});
    process.stdout.write('locked\\n');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const locked = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d) => String(d).includes('locked') && resolve());
    child.once('exit', (c) => reject(new Error(`holder exited ${c}`)));
  });
  return { child, locked };
}

describe('the data folder lock', () => {
  it('lets one holder in, names it to the next, and frees the folder on release', () => {
    const folder = join(dir, 'one');
    prepareDataFolder(folder);
    const first = takeDataFolderLock(folder);
    expect(readFileSync(join(folder, LOCK_PID_FILE), 'utf8').trim()).toBe(String(process.pid));
    expect(() => takeDataFolderLock(folder)).toThrow(`another upload is using this data folder (pid ${process.pid})`);
    first.release();
    takeDataFolderLock(folder).release();
  });

  it('is held against another process, and free again at once after that process is killed with kill -9', async () => {
    const folder = join(dir, 'killed');
    prepareDataFolder(folder);
    const { child, locked } = holder(folder);
    await locked;
    let busy: unknown;
    try {
      takeDataFolderLock(folder);
    } catch (error) {
      busy = error;
    }
    expect(busy).toBeInstanceOf(DataFolderBusyError);
    expect((busy as DataFolderBusyError).pid).toBe(child.pid);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    // The pid file still names the dead process: it is only for messages, the lock itself went with it.
    expect(readFileSync(join(folder, LOCK_PID_FILE), 'utf8').trim()).toBe(String(child.pid));
    const lock = takeDataFolderLock(folder);
    expect(readFileSync(join(folder, LOCK_PID_FILE), 'utf8').trim()).toBe(String(process.pid));
    lock.release();
  }, 30_000);

  it('waits for the holder when asked, telling once who it waits for', async () => {
    const folder = join(dir, 'wait');
    prepareDataFolder(folder);
    const first = takeDataFolderLock(folder);
    const told: (number | undefined)[] = [];
    const waiting = lockDataFolder(folder, { wait: true, pollMs: 20, onWaiting: (pid) => told.push(pid) });
    await new Promise((r) => setTimeout(r, 150));
    expect(told).toEqual([process.pid]);
    first.release();
    (await waiting).release();
    await expect(lockDataFolder(folder)).resolves.toBeDefined();
  });
});

describe('the data folder', () => {
  it('is made 0700, an existing open one is closed to others, and new files are 0600', () => {
    const made = join(dir, 'fresh', 'nested');
    prepareDataFolder(made);
    expect(statSync(made).mode & 0o777).toBe(0o700);
    const open = join(dir, 'open');
    mkdirSync(open, { mode: 0o755 });
    prepareDataFolder(open);
    expect(statSync(open).mode & 0o777).toBe(0o700);
    writeFileSync(join(open, 'leads.csv'), 'x');
    expect(statSync(join(open, 'leads.csv')).mode & 0o777).toBe(0o600);
  });

  it('refuses a path that is a file, a symlink loop or below a file, in plain words', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    expect(() => prepareDataFolder(file)).toThrow(
      new DataFolderError(`the data folder ${file} cannot be used: it is a file, not a folder`),
    );
    expect(() => prepareDataFolder(join(file, 'below'))).toThrow(/cannot be used: a part of its path is a file/);
    const loop = join(dir, 'loop');
    symlinkSync(join(dir, 'loop2'), loop);
    symlinkSync(loop, join(dir, 'loop2'));
    expect(() => prepareDataFolder(join(loop, 'data'))).toThrow(/cannot be used: its path is a loop of symbolic links/);
  });
});
