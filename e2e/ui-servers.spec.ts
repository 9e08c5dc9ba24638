import { expect, test } from '@playwright/test';
import { shot } from './ui-helpers.ts';
import { webAppForFile } from './web-app.ts';

const app = webAppForFile();

test('a server that failed its test holds "Next" back with the reason; buttons name their server; removing asks first', async ({
  page,
}) => {
  await page.goto(app.openUrl);
  const next = page.getByRole('button', { name: 'Next: load a file' });
  await expect(next).toBeDisabled();
  await expect(next).toHaveAccessibleDescription('Choose a server first, or try the demo server.');

  // Browser mode keeps keys in memory only: the session-only box is not offered, and the form says why.
  await page.getByRole('button', { name: 'Add a server' }).click();
  await expect(page.getByLabel('Keep the key for this session only')).toHaveCount(0);
  await expect(page.getByText('In browser mode the key is kept only while the app runs')).toBeVisible();
  await page.getByLabel('Name').fill('Head office');
  await page.getByLabel('Server address').fill('https://127.0.0.1:9');
  await page.getByLabel('API key').fill('sk-test-1');
  await page.getByRole('button', { name: 'Save' }).click();

  // The test fails: the verdict is in words, the address under Details, and Next says why it is held back.
  const verdict = page.getByRole('status').filter({ hasText: 'The server cannot be reached.' });
  await expect(verdict).toBeVisible({ timeout: 15_000 });
  await expect(verdict).toContainText('Could not reach the server');
  await expect(verdict.getByText('https://127.0.0.1:9')).toBeHidden();
  await verdict.getByText('Details').click();
  await expect(verdict.locator('code')).toContainText('https://127.0.0.1:9');
  await expect(next).toBeDisabled();
  await expect(next).toHaveAccessibleDescription(/Head office did not pass its connection test/);
  await expect(page.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name: 'Connection (done)' })).toHaveCount(0);
  await shot(page, 'connection-failed');

  // Each server's buttons say which server they act on.
  await expect(page.getByRole('button', { name: 'Test connection to Head office', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Edit Head office', exact: true })).toBeVisible();

  // Removing asks; "Keep it" keeps it.
  await page.getByRole('button', { name: 'Remove Head office', exact: true }).click();
  await expect(page.getByText('Remove Head office and its stored key?')).toBeVisible();
  await page.getByRole('button', { name: 'Keep it' }).click();
  await expect(page.getByRole('radio', { name: /Head office/ })).toBeVisible();

  // The demo server connects: Next opens.
  await page.getByRole('button', { name: 'Try the demo server' }).click();
  await expect(page.getByText('Connected.')).toBeVisible();
  await expect(next).toBeEnabled();

  // Choosing the failed server again holds Next back again.
  await page.getByRole('radio', { name: /Head office/ }).check();
  await expect(next).toBeDisabled();

  // Removing it for real, by keyboard: it is gone, and with it the reason Next was held back.
  await page.getByRole('button', { name: 'Remove Head office', exact: true }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Yes, remove' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('radio')).toHaveCount(1);
  await expect(page.getByRole('radio', { name: /Demo server/ })).toBeChecked();
  await expect(next).toBeEnabled();
});
