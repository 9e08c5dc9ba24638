import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ElectronApplication, _electron as electron, expect, type Page, test } from '@playwright/test';
import { findElectronRuntime } from '../scripts/electron-runtime.ts';
import { probeElectron } from '../scripts/start.ts';
import type { Api } from '../shared/contract.ts';

/**
 * The real desktop app: security of the running window, then a file dropped on it, mapped, submitted to
 * the built-in demo server (the simulator) and checked there. Where this machine has no Electron binary
 * that runs, every test is skipped with the reason printed: never failed, never pretended.
 */
const runtime = findElectronRuntime();
const probe = runtime.ok ? probeElectron(runtime.path) : undefined;
const skipReason = !runtime.ok ? runtime.reason : probe && !probe.ok ? probe.reason : undefined;
/** Runs in the page: the demo server's URL, through the app's own window.api. */
async function windowApiDemoUrl(): Promise<string | undefined> {
  const api = (window as unknown as { api?: Api }).api;
  return (await api?.listServers({}))?.find((s) => s.isDemo)?.url;
}

let app: ElectronApplication;
let page: Page;
let dataDir: string;

test.beforeAll(async () => {
  if (!runtime.ok || skipReason) return;
  execFileSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build', '--logLevel', 'warn'], {
    stdio: 'inherit',
  });
  dataDir = mkdtempSync(join(tmpdir(), 'noojee-electron-e2e-'));
  const { ELECTRON_RUN_AS_NODE: _, ...env } = process.env;
  app = await electron.launch({
    executablePath: runtime.path,
    args: ['.'],
    env: { ...env, NOOJEE_UPLOAD_DATA_DIR: dataDir } as Record<string, string>,
  });
  page = await app.firstWindow();
});

test.afterAll(async () => {
  await app?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test.beforeEach(() => {
  if (skipReason) console.log(`Skipping the Electron e2e: ${skipReason}.`);
  test.skip(skipReason !== undefined, skipReason);
});

test('the window is isolated: no Node, only window.api, strict CSP, no navigation away', async () => {
  await expect(page.getByRole('heading', { name: 'Connection' })).toBeVisible();
  const seen = await page.evaluate(() => ({
    require: typeof (globalThis as { require?: unknown }).require,
    process: typeof (globalThis as { process?: unknown }).process,
    api: Object.keys((window as unknown as { api?: object }).api ?? {}).length,
    csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
  }));
  expect(seen).toMatchObject({ require: 'undefined', process: 'undefined' });
  expect(seen.api).toBeGreaterThan(30);
  expect(seen.csp).toContain("script-src 'self'");
  // eval is refused by the CSP.
  expect(
    await page.evaluate(() => {
      try {
        // biome-ignore lint/security/noGlobalEval: proving the CSP refuses it
        return eval('1 + 1');
      } catch {
        return 'refused';
      }
    }),
  ).toBe('refused');
  // Navigation away is refused by main: the page stays ours.
  const before = page.url();
  await page.evaluate(() => {
    window.location.href = 'https://example.com/';
  });
  await page.waitForTimeout(500);
  expect(page.url()).toBe(before);
  await page.screenshot({ path: 'e2e/artifacts/electron-shell.png' });
});

test('a dropped file goes to the demo server', async () => {
  test.setTimeout(90_000);
  const csv = join(dataDir, 'dropped leads.csv');
  writeFileSync(csv, ['Name,Mobile,Post Code', 'Ann Lee,0412 345 678,3000', 'Bob Smith,0298765432,2000'].join('\r\n'));

  await page.getByRole('button', { name: 'Try the demo server' }).click();
  await expect(page.getByText('Connected.')).toBeVisible();
  await page.getByRole('button', { name: 'Next: load a file' }).click();

  // A real drop: a File backed by the path on disk (as the OS gives it), delivered as a drop event.
  const input = await page.evaluateHandle(() => {
    const el = document.createElement('input');
    el.type = 'file';
    el.style.display = 'none';
    document.body.append(el);
    return el;
  });
  await input.setInputFiles(csv);
  await input.evaluate((el) => {
    const transfer = new DataTransfer();
    for (const file of el.files ?? []) transfer.items.add(file);
    for (const type of ['dragenter', 'dragover', 'drop'])
      window.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    el.remove();
  });
  await expect(page.getByRole('cell', { name: 'Ann Lee' })).toBeVisible();
  await page.getByRole('button', { name: 'Next: map columns' }).click();

  await expect(page.getByText('Only one template: Sales (41), chosen for you.')).toBeVisible();
  await page.getByRole('button', { name: 'Start from this file’s columns' }).click();
  await page.getByLabel('Field 2 name').fill('MobilePhone');
  await page.getByLabel('Field 3 name').fill('PostCode');
  await page.getByRole('button', { name: 'Save the fields' }).click();
  await expect(page.getByLabel('Source of MobilePhone')).toHaveValue('Mobile');
  await page.getByRole('button', { name: 'Next: target' }).click();

  await page.getByRole('listbox', { name: 'Campaign', exact: true }).getByRole('option', { name: 'Jan16a (41)' }).click();
  await page.getByRole('listbox', { name: 'Allocation', exact: true }).getByRole('option', { name: 'Jan16a-1 (38)' }).click();
  await page.getByRole('button', { name: 'Next: preview' }).click();
  // The file is read now, once, with the mapping and target.
  await expect(page.locator('.stat.ok')).toHaveText('2 will be sent', { timeout: 15_000 });
  await page.getByRole('button', { name: /Submit 2 leads/ }).click();
  // The confirmation names the target; Enter sends.
  await expect(page.getByRole('dialog').getByRole('button', { name: /^Send \d+ leads?$/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 30_000 });

  const demo = await page.evaluate(windowApiDemoUrl);
  const state = (await (await fetch(`${demo}/__sim/state`)).json()) as {
    campaigns: Record<string, { leads: Record<string, string>[] }>;
  };
  expect(state.campaigns['41'].leads.map((l) => l.MobilePhone).sort()).toEqual(['0298765432', '0412345678']);
  await page.screenshot({ path: 'e2e/artifacts/electron-submitted.png' });
});
