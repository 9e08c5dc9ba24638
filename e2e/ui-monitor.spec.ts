import { expect, test } from '@playwright/test';
import {
  chooseDemoTarget,
  connectDemo,
  leads,
  loadFile,
  recordDemoFields,
  setSimFaults,
  shot,
  simState,
  writeCsv,
} from './ui-helpers.ts';
import { webAppForFile } from './web-app.ts';

const app = webAppForFile();

test('a server in a manual import shows a plain wait with its retry time; pause, resume and cancel work', async ({ page }) => {
  await connectDemo(page, app);
  await setSimFaults(page, app, 'manual-import:0-600');
  await loadFile(page, writeCsv(app, 'september.csv', leads(40)), 40);
  await recordDemoFields(page);
  await page.getByRole('button', { name: 'Next: target' }).click();
  await chooseDemoTarget(page);
  await page.getByRole('button', { name: 'Submit 40 leads' }).click();
  // The confirmation names the target; Enter sends.
  await expect(page.getByRole('dialog').getByRole('button', { name: /^Send \d+ leads?$/ })).toBeFocused();
  await page.keyboard.press('Enter');

  const status = page.locator('p.state');
  await expect(status).toHaveText(
    /^Waiting: the server is busy \(manual import or maintenance\)\. Will retry at \d{1,2}:\d{2}( ?[ap]m)?\.$/i,
    { timeout: 15_000 },
  );
  await expect(page.getByText(/of 40 sent/)).toBeVisible();
  await expect(page.getByText(/\d+ pending/)).toBeVisible();
  // While waiting there is no speed or time left to tell, and nothing is going out in the background.
  await expect(page.getByTestId('send-rate')).toHaveText('Waiting: time left not known.');
  await expect(page.getByText(/calls? at once/)).toHaveCount(0);
  await expect(page.getByText(/Sending goes on in the background/)).toHaveCount(0);
  await shot(page, 'submit');

  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(status).toHaveText('Paused');
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(status).toHaveText(/^(Waiting|Sending|Queued)/);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(status).toHaveText('Cancelled');
  expect((await simState(page, app)).campaigns['41']?.count ?? 0).toBe(0);

  // The job is in the history, as it ended.
  await page.getByRole('button', { name: /History/ }).click();
  await expect(page.getByRole('row', { name: /september\.csv.*Cancelled/ })).toBeVisible();
});
