/**
 * Preview at 1024×700 as a first-time user fixes rows: the first edit does not move the grid (the undo/redo
 * line is there from the start), the open "Fix many rows at once…" panel leaves rows of the grid in sight and
 * says plainly which rows it will change and what it did, and once the rows of the chosen problem are fixed the
 * problem stays chosen, the grid says its view is empty, and "All 14 rows" brings every row back. What reaches
 * the simulator afterwards carries the fix.
 */
import { expect, type Page, test } from '@playwright/test';
import { visibleGridRows } from './layout.ts';
import {
  chooseByTyping,
  chooseDemoTarget,
  chooseInPanel,
  connectDemo,
  loadFile,
  openBulkPanel,
  recordDemoFields,
  shot,
  simState,
  submitAndConfirm,
  writeCsv,
} from './ui-helpers.ts';
import { webAppForFile } from './web-app.ts';

const app = webAppForFile();

test.use({ viewport: { width: 1024, height: 700 } });

const mobile = (i: number) => `04${String(60_000_000 + i).slice(-8)}`;
const home = (i: number) => `03${String(66_000_000 + i).slice(-8)}`;

/** Scrolls the step back to its top with the wheel, as a person does. */
async function wheelToTop(page: Page) {
  const main = page.locator('main');
  const box = await main.boundingBox();
  if (!box) throw new Error('no box for the step');
  await page.mouse.move(box.x + box.width - 8, box.y + 40);
  await page.mouse.wheel(0, -5_000);
  await expect.poll(() => main.evaluate((el) => el.scrollTop)).toBe(0);
}

test('the first edit leaves the grid in place; the panel leaves rows in sight, says which rows and what it did, and an emptied view says so and leads back', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await connectDemo(page, app);
  const before = (await simState(page, app)).campaigns['41']?.count ?? 0;
  const lines = ['Name,Mobile,HomePh'];
  for (let i = 500; i < 512; i++) lines.push(`Lead ${i},${mobile(i)},${home(i)}`);
  for (let i = 512; i < 514; i++) lines.push(`Lead ${i},12,${home(i)}`);
  await loadFile(page, writeCsv(app, 'fix-panel.csv', lines), 14);
  await recordDemoFields(page);
  await page.getByRole('button', { name: 'Next: target' }).click();
  await chooseDemoTarget(page);
  const grid = page.getByRole('grid', { name: 'Rows of the file' });
  const invalid = page.locator('.summary').getByText(/invalid \(not sent\)/);
  await expect(invalid).toHaveText('2 invalid (not sent)');

  // The first edit: "Undo: Edit Name" fills in where "Undo" was, and the grid stays where it is.
  const name = grid.getByRole('gridcell', { name: 'Lead 501', exact: true });
  const gridTop = (await grid.boundingBox())?.y;
  await name.dblclick();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('Lead Five Hundred One');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Undo: Edit Name' })).toBeEnabled();
  await expect(grid.getByRole('gridcell', { name: 'Lead Five Hundred One', exact: true })).toBeVisible();
  await shot(page, 'fix-panel-after-first-edit-1024');
  expect((await grid.boundingBox())?.y).toBe(gridTop);

  // Open, before any view is chosen: it says it acts on every row, and rows of the grid stay in sight.
  const panel = await openBulkPanel(page);
  await expect(panel.locator('.bulk-scope')).toContainText('Changes apply to all 14 rows');
  await expect(panel).not.toContainText('selected');
  await wheelToTop(page);
  await shot(page, 'fix-panel-open-1024');
  expect(await visibleGridRows(grid)).toBeGreaterThanOrEqual(4);

  // One problem chosen with the keyboard: the panel names it.
  const problems = page.getByLabel('Show rows with this problem');
  await chooseByTyping(problems, 'MobilePhone');
  const reason = await problems.inputValue();
  await expect(panel.locator('.bulk-scope')).toHaveText(`Changes apply to the 2 rows with the problem “${reason}”`);
  await panel.getByRole('button', { name: 'Use column' }).click();
  await chooseInPanel(page, 'Field', 'MobilePhone');
  await chooseInPanel(page, 'Take it from column', 'HomePh');
  await panel.getByRole('button', { name: 'Count changes' }).click();
  await expect(panel.getByRole('status')).toHaveText('Will change 2 rows: 2 become valid, 0 will be invalid.');
  await panel.getByRole('button', { name: 'Apply to 2 rows' }).click();
  await expect(invalid).toHaveText('0 invalid (not sent)');
  await expect(panel.getByText('Changed 2 rows: 2 became valid, 0 are invalid.')).toBeVisible();

  // The view is empty now: the problem is still the one chosen, and highlighted; the grid says what happened
  // and offers every row back.
  await expect(problems).toHaveValue(reason);
  await expect(problems).toHaveClass(/active/);
  await expect(problems.locator('option:checked')).toHaveText(`${reason} (0)`);
  const note = page.getByRole('status').filter({ hasText: `No row has the problem “${reason}” now.` });
  await expect(note).toBeVisible();
  await shot(page, 'fix-panel-emptied-1024');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, 'fix-panel-emptied-1024-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await note.getByRole('button', { name: 'All 14 rows' }).click();
  await expect(page.getByRole('button', { name: 'All (14)' })).toHaveAttribute('aria-pressed', 'true');
  // The action just applied to 2 rows is not armed for all 14: it must be chosen again.
  const applyAll = panel.getByRole('button', { name: 'Apply to 14 rows' });
  await expect(applyAll).toBeDisabled();
  await expect(applyAll).toHaveAccessibleDescription('Applied. Change the action or its value to apply another.');
  await panel.getByRole('button', { name: 'Set', exact: true }).click();
  await expect(applyAll).toBeEnabled();
  // No problem is left to choose from.
  await expect(problems).toHaveCount(0);
  await expect(grid.getByRole('gridcell', { name: 'Lead 513', exact: true })).toBeVisible();
  await expect(note).toHaveCount(0);

  // What reaches the server carries the edit and the fix.
  await submitAndConfirm(page, 14);
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 30_000 });
  const server = (await simState(page, app)).campaigns['41'];
  expect(server.count).toBe(before + 14);
  const sent = (n: string) => server.leads.find((l) => l.Name === n);
  expect(sent('Lead Five Hundred One')).toBeDefined();
  expect(sent('Lead 513')?.MobilePhone?.replace(/\D/g, '')).toBe(home(513).replace(/\D/g, ''));
});
