import { existsSync } from 'node:fs';
import { _electron as electron, expect, test } from '@playwright/test';
import { findElectronRuntime } from '../scripts/electron-runtime.ts';

/** The real desktop app, when this machine has an Electron binary; otherwise skipped with the reason. */
const runtime = findElectronRuntime();

test('the desktop app starts and shows its window', async () => {
  if (!runtime.ok) {
    console.log(`Skipping the Electron e2e: ${runtime.reason}.`);
    test.skip(true, runtime.reason);
    return;
  }
  if (!existsSync('out/main/index.js')) test.skip(true, 'out/main is not built: run "npm run build" first');
  const app = await electron.launch({ executablePath: runtime.path, args: ['.'] });
  const window = await app.firstWindow();
  await expect(window.getByRole('heading', { name: 'Noojee Lead Uploader' })).toBeVisible();
  await window.screenshot({ path: 'e2e/artifacts/electron-shell.png' });
  await app.close();
});
