import { expect, test } from '@playwright/test';
import { shot } from './ui-helpers.ts';
import { webAppForFile } from './web-app.ts';

const app = webAppForFile();

test('servers are saved with their key hidden, tested with a plain verdict, and the demo is one click', async ({ page }) => {
  const secret = 'sk-live-5f1e9a7c';
  await page.goto(app.openUrl);
  await expect(page.getByRole('button', { name: 'Next: load a file' })).toBeDisabled();

  // A server that is not listening: the verdict says so in plain words.
  await page.getByRole('button', { name: 'Add a server' }).click();
  await page.getByLabel('Name').fill('Head office');
  await page.getByLabel('Server address').fill('https://127.0.0.1:9');
  await page.getByLabel('API key').fill(secret);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('The server cannot be reached.')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText('API key kept for this session only')).toBeVisible();
  await expect(page.locator('body')).not.toContainText(secret);
  expect(
    await page.locator('input').evaluateAll((inputs, s) => inputs.some((i) => (i as HTMLInputElement).value === s), secret),
  ).toBe(false);

  // Editing keeps the stored key unless a new one is typed, and never shows it.
  await page.getByRole('button', { name: 'Edit' }).click();
  await expect(page.getByLabel(/API key/)).toHaveValue('');
  await expect(page.getByText('leave empty to keep the stored key')).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();

  // The demo server joins the list, is chosen and connects.
  await page.getByRole('button', { name: 'Try the demo server' }).click();
  await expect(page.getByText('Connected.')).toBeVisible();
  await expect(page.getByRole('radio')).toHaveCount(2);
  await expect(page.getByRole('radio', { name: /Demo server/ })).toBeChecked();
  await shot(page, 'connection');

  // The other server can still be chosen and tested on its own.
  await page.getByRole('radio', { name: /Head office/ }).check();
  await page.getByRole('button', { name: 'Test connection' }).first().click();
  await expect(page.getByText('The server cannot be reached.')).toBeVisible({ timeout: 15_000 });

  // The shortcuts popover lists the main actions.
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toContainText('Open a file');
  await expect(help).toContainText('Ctrl/⌘ + Enter');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  // Ctrl+Enter takes the primary action, once the chosen server is one that connects: on to Load.
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('heading', { name: 'Load a file' })).toHaveCount(0);
  await page.getByRole('radio', { name: /Demo server/ }).check();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('heading', { name: 'Load a file' })).toBeVisible();

  // Dark when the OS is dark.
  const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  const light = await background();
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(background).not.toBe(light);
  const [r, g, b] = (await background()).match(/\d+/g)?.map(Number) ?? [];
  expect(r + g + b).toBeLessThan(200);
  await shot(page, 'connection-dark');
});
