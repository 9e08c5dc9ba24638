import { expect, type Page, test } from '@playwright/test';
import {
  chooseDemoTarget,
  chooseInPanel,
  connectDemo,
  expectConfirmation,
  loadFile,
  openBulkPanel,
  pick,
  recordDemoFields,
  setSimFaults,
  shot,
  simState,
  submitAndConfirm,
  takeHomePhoneForInvalidMobiles,
  writeCsv,
} from './ui-helpers.ts';
import { type RunningWebApp, startWebApp, webAppForFile } from './web-app.ts';

const app = webAppForFile();

const mobile = (i: number) => `04${String(30_000_000 + i).slice(-8)}`;
const home = (i: number) => `03${String(50_000_000 + i).slice(-8)}`;

/** `good` leads with a mobile number, then `broken` whose mobile is a stray "12" but whose home phone is fine. */
function file(good: number, broken: number, from = 0): string[] {
  const lines = ['Name,Mobile,HomePh'];
  for (let i = from; i < from + good; i++) lines.push(`Lead ${i},${mobile(i)},${home(i)}`);
  for (let i = from + good; i < from + good + broken; i++) lines.push(`Lead ${i},12,${home(i)}`);
  return lines;
}

/** A step of the step list, done or not. */
const step = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name: new RegExp(`^${name}`) });

test('one action fixes a 2,000-lead reason group, and only those leads are resubmitted', async ({ page }) => {
  test.setTimeout(180_000);
  await connectDemo(page, app);
  await loadFile(page, writeCsv(app, 'mapping-mistake.csv', file(100, 2000)), 2100, 30_000);
  await recordDemoFields(page);
  await page.getByRole('button', { name: 'Next: target' }).click();
  await chooseDemoTarget(page);
  await submitAndConfirm(page, 100);
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 30_000 });
  expect((await simState(page, app)).campaigns['41'].count).toBe(100);

  await page.getByRole('button', { name: 'Review the results' }).click();
  const reasons = page.getByRole('list', { name: 'Reasons' });
  await reasons.getByRole('button', { name: /2,000$/ }).click();
  const bar = await openBulkPanel(page);
  await expect(bar.locator('.bulk-scope')).toContainText('Changes apply to the 2,000 rows with the problem “');
  await bar.getByRole('button', { name: 'Use column' }).click();
  await chooseInPanel(page, 'Field', 'MobilePhone');
  await chooseInPanel(page, 'Take it from column', 'HomePh');
  await bar.getByRole('button', { name: 'Count changes' }).click();
  await expect(bar.getByText('Will change 2,000 rows: 2,000 become valid, 0 will be invalid.')).toBeVisible();
  await shot(page, 'fix-bulk');
  await bar.getByRole('button', { name: 'Apply to 2,000 rows' }).click();
  await expect(page.getByText('Changed 2,000 rows: 2,000 became valid, 0 are invalid.')).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByRole('button', { name: 'Undo: Use HomePh as MobilePhone' })).toBeEnabled();

  await expect(page.getByRole('button', { name: 'Resubmit fixed leads (2,000)' })).toBeVisible({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Resubmit fixed leads (2,000)' }).click();
  // The confirmation first: nothing more reaches the server until its button is pressed.
  const send = await expectConfirmation(page, 2000);
  expect((await simState(page, app)).campaigns['41'].count).toBe(100);
  await send.click();
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 60_000 });
  const stored = (await simState(page, app)).campaigns['41'].leads;
  expect(stored).toHaveLength(2100);
  const resent = stored.slice(100);
  expect(new Set(resent.map((l) => l.MobilePhone))).toEqual(new Set(Array.from({ length: 2000 }, (_, k) => home(100 + k))));
});

test('undo and redo work across a restart of the app', async ({ page }) => {
  const own = await startWebApp();
  let restarted: RunningWebApp | undefined;
  try {
    await page.goto(own.openUrl);
    await page.getByRole('button', { name: 'Try the demo server' }).click();
    await expect(page.getByText('Connected.')).toBeVisible();
    await loadFile(page, writeCsv(own, 'restart.csv', file(3, 3, 5000)), 6, 30_000);
    await recordDemoFields(page);
    await page.getByRole('button', { name: 'Next: target' }).click();
    await chooseDemoTarget(page);
    await takeHomePhoneForInvalidMobiles(page, 3);
    const invalid = page.getByRole('status').getByText(/invalid \(not sent\)/);
    // Back to all rows: the changed cell says what the file had.
    await page.getByRole('button', { name: /^All \(/ }).click();
    const grid = page.getByRole('grid', { name: 'Rows of the file' });
    const changed = grid.locator('.grid-cell.changed');
    await expect(changed).toHaveCount(3);
    await expect(changed.first()).toContainText(home(5003));
    await changed.first().hover();
    await expect(page.getByRole('tooltip')).toHaveText('Was: "12"');
    await page.getByRole('button', { name: /^Changed rows/ }).click();
    await expect(grid.getByRole('row')).toHaveCount(4);

    await page.getByRole('heading', { name: 'Preview every row' }).click();
    await page.keyboard.press('Control+z');
    await expect(invalid).toHaveText('3 invalid (not sent)');
    await page.keyboard.press('Control+Shift+z');
    await expect(invalid).toHaveText('0 invalid (not sent)');
    await page.getByRole('button', { name: 'Undo: Use HomePh as MobilePhone' }).click();
    await expect(invalid).toHaveText('3 invalid (not sent)');

    await own.stop(true);
    restarted = await startWebApp([], {}, own.dataDir);
    await page.goto(restarted.openUrl);
    await page.getByRole('button', { name: /History/ }).click();
    await page
      .getByRole('row', { name: /restart\.csv/ })
      .getByRole('button', { name: 'Open' })
      .click();
    await page.keyboard.press('Alt+5');
    await expect(invalid).toHaveText('3 invalid (not sent)');
    await expect(page.getByRole('button', { name: 'Redo: Use HomePh as MobilePhone' })).toBeEnabled();
    await page.getByRole('heading', { name: 'Preview every row' }).click();
    await page.keyboard.press('Control+Shift+z');
    await expect(invalid).toHaveText('0 invalid (not sent)');
    await page.keyboard.press('Control+z');
    await expect(invalid).toHaveText('3 invalid (not sent)');
  } finally {
    await (restarted ?? own).stop();
  }
});

test('"Resubmit fixed leads" after a cancel sends the one fixed lead, and only "Send the rest" sends the others', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await connectDemo(page, app);
  await loadFile(page, writeCsv(app, 'cancelled.csv', file(300, 1, 10_000)), 301, 30_000);
  // The template and its fields, by clicks and keys (this demo server is a new one: nothing is recorded).
  await pick(page, 'Campaign template', 'Sales (41)');
  await page.getByRole('button', { name: 'Start from this file’s columns' }).click();
  await page.getByLabel('Field 2 name').click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('MobilePhone');
  await page.getByRole('button', { name: 'Save the fields' }).click();
  await expect(page.getByRole('button', { name: 'Next: target' })).toBeEnabled({ timeout: 10_000 });
  await page.getByRole('button', { name: 'Next: target' }).click();
  await chooseDemoTarget(page);
  // Small batches, so that a cancel finds most of the file unsent.
  await step(page, 'Target').click();
  await page.getByText('Advanced').click();
  await page.getByLabel('Leads per call').click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('10');
  await step(page, 'Preview').click();
  const before = (await simState(page, app)).campaigns['41']?.count ?? 0;
  await submitAndConfirm(page, 300);
  await expect
    .poll(async () => (await simState(page, app)).campaigns['41'].count - before, { timeout: 30_000 })
    .toBeGreaterThanOrEqual(30);
  // The server stops taking leads, so that the cancel leaves most of the file unsent.
  await setSimFaults(page, app, 'manual-import:0-600');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.locator('p.state')).toHaveText('Cancelled');
  await setSimFaults(page, app, '');
  const afterCancel = (await simState(page, app)).campaigns['41'].count;
  expect(afterCancel - before).toBeLessThan(300);

  await step(page, 'Review').click();
  const grid = page.getByRole('grid', { name: 'Leads not accepted' });
  await grid.getByRole('gridcell', { name: '12', exact: true }).dblclick();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('0499 111 222');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Resubmit fixed leads (1)' }).click();
  await expectConfirmation(page, 1);
  expect((await simState(page, app)).campaigns['41'].count).toBe(afterCancel);
  await page.keyboard.press('Enter');
  await expect(page.getByText(/The fixed leads were sent/)).toBeVisible({ timeout: 30_000 });
  const afterFix = await simState(page, app);
  expect(afterFix.campaigns['41'].count).toBe(afterCancel + 1);
  expect(afterFix.campaigns['41'].leads.at(-1)).toMatchObject({ Name: 'Lead 10300', MobilePhone: '0499111222' });

  await step(page, 'Review').click();
  const rest = page.getByRole('button', { name: /^Send the rest/ });
  const never = Number((await rest.textContent())?.match(/\(([\d,]+) never sent\)/)?.[1].replace(/,/g, ''));
  await rest.click();
  const sendRest = await expectConfirmation(page, never);
  expect((await simState(page, app)).campaigns['41'].count).toBe(afterCancel + 1);
  await sendRest.click();
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 60_000 });
  expect((await simState(page, app)).campaigns['41'].count).toBe(before + 301);
});
