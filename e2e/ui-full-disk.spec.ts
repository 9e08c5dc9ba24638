/**
 * Browser mode on a data folder whose disk fills while it sends (a private 8 MB tmpfs in a mount
 * namespace; skipped where the system allows none): the Submit step says so in the same words as the CLI,
 * and after space is freed, Resume delivers every lead once.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  chooseDemoTarget,
  connectDemo,
  leads,
  loadFile,
  recordDemoFields,
  setSimFaults,
  simState,
  submitAndConfirm,
  writeCsv,
} from './ui-helpers.ts';
import type { RunningWebApp } from './web-app.ts';

const mount = mkdtempSync(join(tmpdir(), 'noojee-e2e-disk-'));
const files = mkdtempSync(join(tmpdir(), 'noojee-e2e-files-'));
const canMount =
  process.platform === 'linux' &&
  spawnSync('unshare', ['-rm', 'sh', '-c', `mount -t tmpfs -o size=1m tmpfs "${mount}"`]).status === 0;

let child: ChildProcess | undefined;
let app: RunningWebApp;

test.beforeAll(async () => {
  test.skip(!canMount, 'no private tmpfs here (needs unshare with user namespaces)');
  child = spawn(
    'unshare',
    [
      '-rm',
      'sh',
      '-c',
      `mount -t tmpfs -o size=8m tmpfs "${mount}" && exec "${process.execPath}" electron/web/main.ts --port 0 --data-dir "${mount}/data"`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const openUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser mode did not start:\n${output}`)), 20_000);
    child?.stdout?.on('data', () => {
      const match = output.match(/open (http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  app = {
    url: openUrl.replace(/\/#token=.*$/, ''),
    openUrl,
    token: openUrl.replace(/^.*#token=/, ''),
    // Lead files are written outside the small disk; the page copies them in.
    dataDir: files,
    output: () => output,
    stop: async () => {},
  };
});

test.afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((r) => child?.once('exit', r));
  }
  rmSync(files, { recursive: true, force: true });
  rmSync(mount, { recursive: true, force: true });
});

/** Fills the app's disk to the last byte, seen through the app's own view of the file system. */
function fillDisk(): string {
  const path = `/proc/${child?.pid}/root${mount}/filler.bin`;
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(64 * 1024, 1);
  try {
    for (let size = block.length; size >= 1; size = Math.floor(size / 2)) {
      try {
        while (true) writeSync(fd, block, 0, size);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    }
  } finally {
    closeSync(fd);
  }
  return path;
}

test('a disk that fills while sending is told on the Submit step; Resume after freeing space sends the rest once', async ({
  page,
}) => {
  await connectDemo(page, app);
  // The server answers "busy" to every call while the disk fills: each retry writes to the store.
  await setSimFaults(page, app, 'busy:1');
  await loadFile(page, writeCsv(app, 'october.csv', leads(300)), 300);
  await recordDemoFields(page);
  await page.getByRole('button', { name: 'Next: target' }).click();
  await chooseDemoTarget(page);
  await submitAndConfirm(page, 300);
  const status = page.locator('p.state');
  await expect.poll(async () => (await simState(page, app)).counters.busy ?? 0, { timeout: 15_000 }).toBeGreaterThan(0);
  const filler = fillDisk();
  const told =
    'Stopped: the disk that holds the data folder is full: free some space, then resume the job (nothing already stored is lost).';
  await expect(status).toContainText(told, { timeout: 30_000 });
  for (const [width, height] of [
    [1280, 800],
    [1024, 700],
  ]) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: `e2e/artifacts/ui-disk-full-${width}-${scheme}.png`, fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });

  rmSync(filler);
  await setSimFaults(page, app, '');
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(status).toHaveText('Finished', { timeout: 30_000 });
  const stored = (await simState(page, app)).campaigns['41'].leads.map((l) => l.MobilePhone);
  expect(stored).toHaveLength(300);
  expect(new Set(stored).size).toBe(300);
});
