/**
 * Review after a send the server took whole: nothing is listed as not accepted, and the resubmit button says
 * there is nothing to resubmit, rather than asking the person to fix a lead that is not there.
 */
import { expect, test } from '@playwright/test';
import { chooseDemoTarget, connectDemo, loadFile, recordDemoFields, simState, submitAndConfirm, writeCsv } from './ui-helpers.ts';
import { webAppForFile } from './web-app.ts';

const app = webAppForFile();
test.use({ viewport: { width: 1024, height: 700 } });

test('every lead accepted: Review says there is nothing to resubmit', async ({ page }) => {
  await connectDemo(page, app);
  await loadFile(page, writeCsv(app, 'all-good.csv', ['Name,Mobile', 'Ann Good,0450000101', 'Bea Good,0450000102']), 2);
  await recordDemoFields(page);
  await page.getByRole('button', { name: 'Next: target' }).click();
  await chooseDemoTarget(page);
  await submitAndConfirm(page, 2);
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 20_000 });
  expect((await simState(page, app)).campaigns['41'].count).toBe(2);
  await page.getByRole('button', { name: 'Review the results' }).click();
  await expect(page.getByText(/2 accepted · 0 not accepted/)).toBeVisible();
  const resubmit = page.getByRole('button', { name: 'Resubmit fixed leads' });
  await expect(resubmit).toBeDisabled();
  await expect(resubmit).toHaveAccessibleDescription('Every lead was accepted: there is nothing to resubmit.');
});
