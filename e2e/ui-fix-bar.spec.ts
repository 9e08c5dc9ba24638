/**
 * The bar that changes many rows, as a first-time user meets it: after undo or redo it holds no action
 * armed for rows that just changed back, and where no row is left to fix it says so instead of offering
 * to apply an action to 0 rows. And two refusals of the bad input, by clicks and keys: a value a
 * spreadsheet would run as a formula, and an undo of an edit whose lead the server has accepted (not offered).
 */
import { expect, type Page, test } from '@playwright/test';
import {
  chooseDemoTarget,
  chooseInPanel,
  connectDemo,
  loadFile,
  openBulkPanel,
  recordDemoFields,
  shot,
  simState,
  submitAndConfirm,
  takeHomePhoneForInvalidMobiles,
  writeCsv,
} from './ui-helpers.ts';
import { webAppForFile } from './web-app.ts';

const app = webAppForFile();

const mobile = (i: number) => `04${String(40_000_000 + i).slice(-8)}`;
const home = (i: number) => `03${String(55_000_000 + i).slice(-8)}`;

function file(good: number, broken: number, from: number): string[] {
  const lines = ['Name,Mobile,HomePh'];
  for (let i = from; i < from + good; i++) lines.push(`Lead ${i},${mobile(i)},${home(i)}`);
  for (let i = from + good; i < from + good + broken; i++) lines.push(`Lead ${i},12,${home(i)}`);
  return lines;
}

/** The action chip that is armed (pressed) in the bar. */
const armed = (page: Page) => page.getByRole('region', { name: 'Change many rows' }).locator('button[aria-pressed="true"]');

test('undo and redo leave the bar with nothing armed, by keys and by buttons', async ({ page }) => {
  await connectDemo(page, app);
  await loadFile(page, writeCsv(app, 'bar-neutral.csv', file(3, 3, 100)), 6, 30_000);
  await recordDemoFields(page);
  await page.getByRole('button', { name: 'Next: target' }).click();
  await chooseDemoTarget(page);
  const bar = await takeHomePhoneForInvalidMobiles(page, 3);
  const invalid = page.getByRole('status').getByText(/invalid \(not sent\)/);
  // Nothing is left in this view: the grid says so, with the way back, and the bar offers nothing to apply.
  await expect(page.getByRole('status').filter({ hasText: 'No rows are shown as “invalid” now.' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'All 6 rows' })).toBeVisible();
  await expect(bar.getByText('Nothing to change here: no rows are in view.')).toBeVisible();
  await expect(bar.getByRole('button', { name: /^Apply to/ })).toHaveCount(0);

  await page.getByRole('button', { name: /^All \(/ }).click();
  // A value a spreadsheet would run as a formula is refused with the reason, and nothing changes.
  await bar.getByRole('button', { name: 'Set' }).click();
  await chooseInPanel(page, 'Field or column', 'Name');
  await bar.getByLabel('Value').click();
  await page.keyboard.type('=HYPERLINK("x")');
  await bar.getByRole('button', { name: 'Apply to 6 rows' }).click();
  await expect(bar.getByRole('alert')).toContainText('which a spreadsheet would run as a formula');
  await expect(page.getByRole('grid', { name: 'Rows of the file' }).getByText('=HYPERLINK("x")')).toHaveCount(0);
  await bar.getByRole('button', { name: 'Skip' }).click();
  await expect(armed(page)).toHaveText('Skip');
  await page.getByRole('heading', { name: 'Preview every row' }).click();
  await page.keyboard.press('Control+z');
  await expect(invalid).toHaveText('3 invalid (not sent)');
  await expect(armed(page)).toHaveText('Set');

  await bar.getByRole('button', { name: 'Skip' }).click();
  await expect(bar.getByRole('button', { name: 'Apply to 6 rows' })).toBeEnabled();
  await page.getByRole('heading', { name: 'Preview every row' }).click();
  await page.keyboard.press('Control+Shift+z');
  await expect(invalid).toHaveText('0 invalid (not sent)');
  // After redo as after undo: the first action, no field value, no result of an earlier change.
  await expect(armed(page)).toHaveText('Set');
  await expect(bar.getByText(/^Changed /)).toHaveCount(0);
  await expect(bar.getByLabel('Value')).toHaveValue('');

  await bar.getByRole('button', { name: 'Find & replace' }).click();
  await page.getByRole('button', { name: 'Undo: Use HomePh as MobilePhone' }).click();
  await expect(invalid).toHaveText('3 invalid (not sent)');
  await expect(armed(page)).toHaveText('Set');
  await page.getByRole('button', { name: 'Redo: Use HomePh as MobilePhone' }).click();
  await expect(invalid).toHaveText('0 invalid (not sent)');
  await expect(armed(page)).toHaveText('Set');
  await shot(page, 'fix-bar-after-redo');
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByRole('button', { name: /^Invalid/ }).click();
  await expect(bar.getByText('Nothing to change here: no rows are in view.')).toBeVisible();
  await shot(page, 'fix-bar-nothing-dark-1024');
  // Nothing of this was sent.
  expect((await simState(page, app)).campaigns['41']?.leads.some((l) => l.Name === 'Lead 100') ?? false).toBe(false);
});

test('Review after every lead was accepted says there is nothing to fix', async ({ page }) => {
  test.setTimeout(120_000);
  await connectDemo(page, app);
  const before = (await simState(page, app)).campaigns['41']?.count ?? 0;
  await loadFile(page, writeCsv(app, 'bar-all-accepted.csv', file(4, 0, 300)), 4, 30_000);
  await recordDemoFields(page);
  await page.getByRole('button', { name: 'Next: target' }).click();
  await chooseDemoTarget(page);
  // One name corrected before sending: an edit that, once its lead is accepted, cannot be undone.
  await page.getByRole('grid', { name: 'Rows of the file' }).getByRole('gridcell', { name: 'Lead 300', exact: true }).dblclick();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('Lead Three Hundred');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Undo: Edit Name' })).toBeEnabled();
  await submitAndConfirm(page, 4);
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 30_000 });
  expect((await simState(page, app)).campaigns['41'].count).toBe(before + 4);

  await page.getByRole('button', { name: 'Review the results' }).click();
  const bar = await openBulkPanel(page);
  await expect(page.getByRole('status').filter({ hasText: 'No rows are shown as “not accepted” now.' })).toBeVisible();
  await expect(bar.getByText('Nothing to change here: no rows are in view.')).toBeVisible();
  await expect(bar.getByRole('button', { name: /^Apply to/ })).toHaveCount(0);
  await expect(bar.getByRole('button', { name: 'Count changes' })).toHaveCount(0);
  // The corrected lead is on the server: its edit is not offered for undoing, and the bar says why.
  const undo = page.getByRole('toolbar', { name: 'Undo and redo' }).getByRole('button', { name: 'Undo', exact: true });
  await expect(undo).toBeDisabled();
  await expect(undo).toHaveAccessibleDescription(
    'Sent leads cannot be undone: “Edit Name” changed a lead that was sent to the server since.',
  );
  await expect(page.getByRole('button', { name: 'Undo: Edit Name' })).toHaveCount(0);
  const server = (await simState(page, app)).campaigns['41'];
  expect(server.count).toBe(before + 4);
  expect(server.leads.filter((l) => l.Name === 'Lead Three Hundred')).toHaveLength(1);
  await shot(page, 'fix-bar-all-accepted');
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, 'fix-bar-all-accepted-dark-1024');
});
