import { expect, test } from '@playwright/test';
import { connectDemo, leads, loadFile, recordDemoFields, shot, simState, writeCsv } from './ui-helpers.ts';
import { type RunningWebApp, startWebApp } from './web-app.ts';

let app: RunningWebApp;
test.beforeAll(async () => {
  app = await startWebApp();
});
test.afterAll(async () => {
  await app?.stop();
});

test('template, campaign and allocation cascade from the server, searchable with ids; settings sit under Advanced', async ({
  page,
}) => {
  await connectDemo(page, app);
  await loadFile(page, writeCsv(app, 'august.csv', leads(3)), 3);
  await recordDemoFields(page);
  await page.getByRole('button', { name: 'Apply mapping and check rows' }).click();

  const campaign = page.getByLabel('Campaign', { exact: true });
  const allocation = page.getByLabel('Allocation', { exact: true });
  // The template chosen while mapping carries over; the campaign lists that template's campaigns with ids.
  await expect(page.getByLabel('Template', { exact: true })).toHaveValue('41');
  await expect(campaign.locator('option')).toHaveText(['Jan16a (41)', 'Feb16b (42)']);
  await expect(allocation).toBeDisabled();

  // Searching narrows by name or id.
  await page.getByLabel('Search campaign').fill('42');
  await expect(campaign.locator('option')).toHaveText(['Feb16b (42)']);
  await page.getByLabel('Search campaign').fill('');
  await campaign.selectOption('42');
  await expect(allocation.locator('option')).toHaveText(['Feb16b-1 (40)']);
  // Changing the campaign drops the allocation chosen for the other one.
  await allocation.selectOption('40');
  await campaign.selectOption('41');
  await expect(allocation.locator('option')).toHaveText(['Jan16a-1 (38)', 'Jan16a-2 (39)']);
  await expect(page.getByRole('button', { name: 'Next: preview' })).toBeDisabled();
  await allocation.selectOption('39');

  await expect(page.getByText('Normally the server refuses a lead whose phone number is already in the campaign')).toBeVisible();
  await page.getByLabel('Allow duplicate phone numbers').check();
  await page.getByText('Advanced').click();
  await page.getByLabel('Leads per call').fill('2');
  await page.getByLabel('Most calls at once').fill('1');
  await expect(page.getByRole('combobox', { name: /^Method/ })).toHaveValue('insertLeads');
  await shot(page, 'target');

  await page.getByRole('button', { name: 'Next: preview' }).click();
  await expect(page.locator('.stat.ok')).toHaveText('3 will be sent');
  await page.getByRole('button', { name: 'Submit 3 leads' }).click();
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 20_000 });
  // Sent where chosen, in calls of at most two leads.
  const state = await simState(page, app);
  expect(state.campaigns['41'].leads.map((l) => l.__allocationId)).toEqual(['39', '39', '39']);
  expect(state.insertRequests).toBe(2);
  expect(state.peakConcurrentInserts).toBe(1);
});
