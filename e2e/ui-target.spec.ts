import { expect, type Page, test } from '@playwright/test';
import { connectDemo, leads, loadFile, pick, readOnTarget, recordDemoFields, shot, simState, writeCsv } from './ui-helpers.ts';
import { webAppForFile } from './web-app.ts';

const app = webAppForFile();

const list = (page: Page, name: string) => page.getByRole('listbox', { name, exact: true });
const chosenIn = (page: Page, name: string) => list(page, name).getByRole('option', { selected: true });

async function toTarget(page: Page, file: string, rows = 3) {
  await connectDemo(page, app);
  await loadFile(page, writeCsv(app, file, leads(rows)), rows);
  await recordDemoFields(page);
  await page.getByRole('button', { name: 'Next: target' }).click();
  await expect(page.getByRole('heading', { name: 'Where the leads go' })).toBeVisible();
}

test('a campaign with one allocation: the allocation is chosen by itself, and the leads go there', async ({ page }) => {
  await toTarget(page, 'one-allocation.csv');
  const next = page.getByRole('button', { name: 'Next: preview' });
  // Nothing looks chosen that is not: no campaign is chosen yet, and the button says what is missing.
  await expect(chosenIn(page, 'Campaign')).toHaveCount(0);
  await expect(next).toBeDisabled();
  await expect(page.getByText('Choose a campaign and an allocation first.')).toBeVisible();
  await expect(page.getByText('Choose a campaign first.')).toBeVisible();

  await pick(page, 'Campaign', 'Feb16b (42)');
  await expect(chosenIn(page, 'Allocation')).toHaveText(/Feb16b-1 \(40\)/);
  await expect(page.getByText('Only one allocation: Feb16b-1 (40), chosen for you.')).toBeVisible();
  // Clicking the chosen allocation keeps it chosen.
  await list(page, 'Allocation').getByRole('option', { name: 'Feb16b-1 (40)' }).click();
  await expect(chosenIn(page, 'Allocation')).toHaveCount(1);
  await expect(next).toBeEnabled();
  await shot(page, 'target-one-allocation');

  await next.click();
  await page.getByRole('button', { name: 'Submit 3 leads' }).click();
  // The confirmation names what goes where; Enter sends.
  const confirm = page.getByRole('dialog', { name: 'Send 3 leads?' });
  await expect(confirm).toContainText('Template');
  await expect(confirm.getByRole('definition')).toHaveText([
    /Demo server/,
    'Sales (41)',
    'Feb16b (42)',
    'Feb16b-1 (40)',
    'refused by the server',
    'no invalid rows',
  ]);
  await shot(page, 'confirm-send');
  await expect(confirm.getByRole('button', { name: 'Send 3 leads' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 20_000 });
  const state = await simState(page, app);
  expect(state.campaigns['42'].leads.map((l) => l.__allocationId)).toEqual(['40', '40', '40']);
});

test('the first item of each list, chosen by keyboard alone; search narrows by name or id', async ({ page }) => {
  await toTarget(page, 'keyboard.csv', 2);
  const search = page.getByRole('combobox', { name: 'Search campaign' });
  await expect(list(page, 'Campaign').getByRole('option')).toHaveCount(2);
  await search.focus();
  // The first item is where the arrow keys start, not a choice: Enter chooses it.
  await page.keyboard.press('ArrowDown');
  await expect(chosenIn(page, 'Campaign')).toHaveCount(0);
  await page.keyboard.press('Enter');
  await expect(chosenIn(page, 'Campaign')).toHaveText(/Jan16a \(41\)/);

  const allocations = page.getByRole('combobox', { name: 'Search allocation' });
  await expect(list(page, 'Allocation').getByRole('option')).toHaveCount(2);
  await allocations.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(chosenIn(page, 'Allocation')).toHaveText(/Jan16a-1 \(38\)/);

  // Typing narrows by id; Enter with one match chooses it; changing the campaign drops the allocation.
  await search.focus();
  await page.keyboard.type('42');
  await expect(list(page, 'Campaign').getByRole('option')).toHaveText([/Feb16b \(42\)/]);
  await page.keyboard.press('Enter');
  await expect(chosenIn(page, 'Allocation')).toHaveText(/Feb16b-1 \(40\)/);
  await page.keyboard.press('Escape');
  await expect(list(page, 'Campaign').getByRole('option')).toHaveCount(2);
  await page.keyboard.press('Home');
  await page.keyboard.press('Enter');
  await expect(chosenIn(page, 'Campaign')).toHaveText(/Jan16a \(41\)/);
  await expect(chosenIn(page, 'Allocation')).toHaveCount(0);
  await expect(page.getByText('Choose an allocation first.')).toBeVisible();
  await allocations.focus();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await expect(chosenIn(page, 'Allocation')).toHaveText(/Jan16a-2 \(39\)/);

  // Settings still sit under Advanced.
  await page.getByText('Allow duplicate phone numbers').click();
  await page.getByText('Advanced').click();
  await page.getByLabel('Leads per call').fill('1');
  await page.getByLabel('Most calls at once').fill('1');
  await expect(page.getByRole('combobox', { name: /^Method/ })).toHaveValue('insertLeads');

  await page.keyboard.press('Control+Enter');
  await expect(page.locator('.stat.ok')).toHaveText('2 will be sent');
  await page.getByRole('button', { name: 'Submit 2 leads' }).focus();
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('dialog', { name: 'Send 2 leads?' });
  await expect(confirm.getByRole('definition').nth(4)).toHaveText(/^allowed/);
  await expect(confirm.getByRole('button', { name: 'Send 2 leads' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 20_000 });
  const state = await simState(page, app);
  expect(state.campaigns['41'].leads.slice(-2).map((l) => l.__allocationId)).toEqual(['39', '39']);
  expect(state.insertRequests).toBeGreaterThanOrEqual(2);
  expect(state.peakConcurrentInserts).toBe(1);
});

test('a chosen allocation that is gone when the lists load again is cleared, and the page says so', async ({ page }) => {
  await toTarget(page, 'vanishing.csv', 1);
  await pick(page, 'Campaign', 'Jan16a (41)');
  await pick(page, 'Allocation', 'Jan16a-2 (39)');
  // Someone removes allocation 39 on the server.
  await page.route('**/api/call/listAllocations', async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { value: { id: number; name: string }[] };
    await route.fulfill({ response, json: { ...body, value: body.value.filter((a) => a.id !== 39) } });
  });
  await page.getByRole('button', { name: 'Load the lists again' }).click();
  await expect(page.getByText('The allocation you chose (39) is no longer offered by the server')).toBeVisible();
  await expect(chosenIn(page, 'Allocation')).toHaveText(/Jan16a-1 \(38\)/);
  await expect(page.getByText('Only one allocation: Jan16a-1 (38), chosen for you.')).toHaveCount(0);
});

test('the header, the steps and the pickers follow the job in hand: a new file, then an older job opened from History', async ({
  page,
}) => {
  await toTarget(page, 'first.csv', 2);
  await pick(page, 'Campaign', 'Feb16b (42)');
  // Before the file is read, the header names it without a count; the read gives the count.
  await expect(page.getByTestId('current-file')).toHaveText('first.csv');
  await page.getByRole('button', { name: 'Next: preview' }).click();
  await readOnTarget(page, 2);
  await expect(page.getByTestId('current-file')).toHaveText('first.csv · 2 rows');
  await expect(page.getByTestId('current-server')).toHaveText(/^Demo server/);
  await expect(page.getByTestId('current-target')).toHaveText(/^template Sales · campaign Feb16b · allocation /);

  // A second file: the Map step shows its columns, not the first file's; the header names it.
  await loadFile(page, writeCsv(app, 'second.csv', ['Customer,Mobile,Suburb', 'Di,0412 000 099,Carlton']), 1);
  await expect(page.getByTestId('current-file')).toHaveText('second.csv');
  await expect(page.getByLabel('Source of Name')).toContainText('Customer');
  await expect(page.getByText('Not sent: Suburb.')).toBeVisible();

  // The first job, opened from History, brings back its own file, and nothing of the second.
  await page.getByRole('button', { name: /History/ }).click();
  await page
    .getByRole('row', { name: /first\.csv/ })
    .getByRole('button', { name: 'Open' })
    .click();
  await expect(page.getByTestId('current-file')).toHaveText('first.csv · 2 rows');
  await page.getByRole('button', { name: /Load file/ }).click();
  await expect(page.getByTestId('opened-job')).toHaveText('Opened from History: first.csv, 2 rows. Its rows are already read.');
  await expect(page.getByRole('columnheader', { name: 'Suburb' })).toHaveCount(0);
  await page.getByRole('button', { name: /Map columns/ }).click();
  await expect(page.getByLabel('First values of Name')).toHaveText('Lead 1 · Lead 2');
  await expect(page.getByText('Not sent: Suburb.')).toHaveCount(0);
});
