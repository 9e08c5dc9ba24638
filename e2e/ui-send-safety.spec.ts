import { expect, type Page, test } from '@playwright/test';
import { pick, readOnTarget, shot, simState, submitAndConfirm, writeCsv } from './ui-helpers.ts';
import { webAppForFile } from './web-app.ts';

const app = webAppForFile();

/**
 * 60 leads whose first 10 name Contact Hours the demo server does not know: nothing here checks the
 * names (none were listed), so they look fine until the server refuses them, as a wrong column would.
 */
const file = () =>
  writeCsv(app, 'october.csv', [
    'Name,Mobile,Contact Hours',
    ...Array.from(
      { length: 60 },
      (_, i) => `Lead ${i + 1},04${String(50_000_000 + i).slice(-8)},${i < 10 ? 'Lunchtime' : 'Business Hours'}`,
    ),
  ]);

/** Replaces a text field's content the way a person does: click, select all, type. */
async function retype(page: Page, label: string, text: string) {
  await page.getByLabel(label).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
}

test('the canary pauses a job the server refuses: the banner gives the reasons and the three ways on', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto(app.openUrl);
  await page.getByRole('button', { name: 'Try the demo server' }).click();
  await expect(page.getByText('Connected.')).toBeVisible();

  await page.getByRole('button', { name: /Load file/ }).click();
  await page.locator('#file-input').setInputFiles(file());
  await page.getByRole('button', { name: 'Next: map columns' }).click();

  // The template (the demo server's only one, chosen already), then its fields recorded from the file's columns
  // (Contact Hours is a system field).
  await pick(page, 'Campaign template', 'Sales (41)');
  await page.getByRole('button', { name: 'Start from this file’s columns' }).click();
  await retype(page, 'Field 1 name', 'Name');
  await retype(page, 'Field 2 name', 'MobilePhone');
  // "Contact Hours" is plainly njContactHours: no template field is proposed for it.
  await expect(page.getByRole('button', { name: 'Remove field ContactHours' })).toHaveCount(0);
  await expect(page.getByLabel('Field 2 name')).toHaveValue('MobilePhone');
  await page.getByRole('button', { name: 'Save the fields' }).click();
  await expect(page.getByLabel('Source of MobilePhone')).toHaveValue('Mobile');
  await expect(page.getByLabel('Source of njContactHours')).toHaveValue('Contact Hours');
  await page.getByRole('button', { name: 'Next: target' }).click();

  // Target: the campaign and allocation by clicks; the canary and the guard under Advanced, at their defaults.
  await pick(page, 'Campaign', 'Jan16a (41)');
  await pick(page, 'Allocation', 'Jan16a-1 (38)');
  await page.getByText('Advanced').click();
  await expect(page.getByLabel('Send first, then check (leads)')).toHaveValue('10');
  await expect(page.getByLabel('Pause when refused above (%)')).toHaveValue('20');
  await expect(page.getByLabel('Of the last answered (leads)')).toHaveValue('500');
  await expect(page.getByText('The first 10 leads go alone')).toBeVisible();
  await page.getByText('Advanced').scrollIntoViewIfNeeded();
  await shot(page, 'send-safety-settings');
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, 'send-safety-settings-1024-dark');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByRole('button', { name: 'Next: preview' }).click();
  // A busy machine can take a while to read even a small file.
  await readOnTarget(page, 60, 20_000);
  await expect(page.locator('.stat.ok')).toHaveText('60 will be sent');
  await submitAndConfirm(page, 60);

  // The canary: ten leads went out, all refused; the rest waits.
  const banner = page.getByRole('alert').filter({ hasText: 'Paused after the first leads' });
  await expect(banner).toBeVisible({ timeout: 20_000 });
  await expect(banner).toContainText('The server refused 10 of the first 10 leads (100 %)');
  const reasons = banner.getByRole('list', { name: "The server's reasons" });
  await expect(reasons.getByRole('listitem')).toHaveText(['Unknown Contact Hours Lunchtime 10']);
  for (const action of ['Fix the refused leads', 'Change the mapping', 'Continue anyway'])
    await expect(banner.getByRole('button', { name: action })).toBeVisible();
  // Told in the page too, and no speed, time left or "in the background" while paused.
  await expect(page.getByText(/^Job \d+ paused after the first 10 leads: the server refused 10 of 10\./)).toBeVisible();
  await expect(page.getByTestId('send-rate')).toHaveText('Paused: nothing is being sent.');
  await expect(page.getByRole('list', { name: 'Refusals by reason' })).toHaveCount(0);
  await expect(page.getByText(/Sending goes on in the background/)).toHaveCount(0);
  let sim = await simState(page, app);
  expect(sim.insertRequests).toBe(1);
  expect(sim.counters['leads.rejected']).toBe(10);
  expect(sim.campaigns['41']?.count ?? 0).toBe(0);
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await shot(page, 'paused');
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, 'paused-1024-dark');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });

  // Fix: Review opens on the refused leads.
  await banner.getByRole('button', { name: 'Fix the refused leads' }).click();
  await expect(page.getByText('Showing the leads refused by the server: Unknown Contact Hours Lunchtime.')).toBeVisible();
  const grid = page.getByRole('grid', { name: 'Leads not accepted' });
  await expect(grid.getByRole('gridcell', { name: 'Lunchtime', exact: true })).toHaveCount(10);

  // Change the mapping: the Map step.
  await page
    .getByRole('button', { name: /Submit/ })
    .first()
    .click();
  await banner.getByRole('button', { name: 'Change the mapping' }).click();
  // The mapping the paused job was sent with, not new suggestions.
  await expect(page.getByLabel('Source of njContactHours')).toHaveValue('Contact Hours');
  await expect(page.getByLabel('Source of MobilePhone')).toHaveValue('Mobile');

  // Continue anyway: the other 50 go, each once; the finished screen counts every lead, with links.
  await page
    .getByRole('button', { name: /Submit/ })
    .first()
    .click();
  await banner.getByRole('button', { name: 'Continue anyway' }).click();
  // It asks first, for the 50 held back: nothing more goes until the send is confirmed.
  const held = page.getByRole('dialog', { name: 'Send 50 leads?' });
  await expect(held).toContainText('The leads held back by the pause.');
  await expect(held.getByRole('button', { name: 'Send 50 leads' })).toBeFocused();
  sim = await simState(page, app);
  expect(sim.insertRequests).toBe(1);
  expect(sim.campaigns['41']?.count ?? 0).toBe(0);
  await page.keyboard.press('Enter');
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 20_000 });
  const counts = page.getByRole('list', { name: 'Leads by outcome' });
  await expect(counts.getByRole('button', { name: '50 accepted' })).toBeVisible();
  await expect(counts.getByRole('button', { name: '10 refused by the server' })).toBeVisible();
  await expect(counts).toContainText('0 invalid (never sent)');
  await expect(counts).toContainText('0 skipped (not sent)');
  sim = await simState(page, app);
  const phones = sim.campaigns['41'].leads.map((l) => l.MobilePhone);
  expect(phones).toHaveLength(50);
  expect(new Set(phones).size).toBe(50);
  expect(sim.counters['leads.rejected']).toBe(10);
  await shot(page, 'finished-counts');

  await counts.getByRole('button', { name: '50 accepted' }).click();
  await expect(page.getByText('Showing the leads accepted.')).toBeVisible();
  await expect(page.getByRole('grid').getByRole('gridcell', { name: 'Business Hours', exact: true }).first()).toBeVisible();
});
