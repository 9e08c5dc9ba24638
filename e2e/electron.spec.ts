import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { _electron as electron, expect, test } from '@playwright/test';

/** The real desktop app, when this machine has an Electron binary; otherwise skipped with the reason. */
function electronBinary(): { path?: string; reason?: string } {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown as string;
    if (typeof path === 'string' && existsSync(path)) return { path };
    return { reason: 'the electron package has no binary on this machine (it could not be downloaded)' };
  } catch (error) {
    return { reason: `the electron package cannot be loaded: ${(error as Error).message.split('\n')[0]}` };
  }
}

const binary = electronBinary();

test('the desktop app starts and shows its window', async () => {
  if (!binary.path) {
    console.log(`Skipping the Electron e2e: ${binary.reason}.`);
    test.skip(true, binary.reason);
    return;
  }
  if (!existsSync('out/main/index.js')) test.skip(true, 'out/main is not built: run "npm run build" first');
  const app = await electron.launch({ executablePath: binary.path, args: ['.'] });
  const window = await app.firstWindow();
  await expect(window.getByRole('heading', { name: 'Noojee Lead Uploader' })).toBeVisible();
  await window.screenshot({ path: 'e2e/artifacts/electron-shell.png' });
  await app.close();
});
