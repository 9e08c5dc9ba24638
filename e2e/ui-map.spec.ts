import { expect, test } from '@playwright/test';
import { chooseByTyping, connectDemo, expectDemoTemplateChosen, loadFile, shot, writeCsv } from './ui-helpers.ts';
import { webAppForFile } from './web-app.ts';

const app = webAppForFile();

const HEADER = 'Name,Mobile,Notes';

test('fields are recorded once, suggestions pre-fill, constants apply, and a saved mapping comes back for the same columns', async ({
  page,
}) => {
  await connectDemo(page, app);
  await loadFile(page, writeCsv(app, 'june.csv', [HEADER, 'Ann,0412 000 001,call after 5', 'Bob,0412 000 002,']), 2);

  await expectDemoTemplateChosen(page);
  await page.getByRole('button', { name: 'Start from this file’s columns' }).click();
  await page.getByLabel('Field 2 name').fill('MobilePhone');
  await page.getByRole('button', { name: 'Remove field Notes' }).click();
  await page.getByRole('button', { name: 'Save the fields' }).click();
  await expect(page.getByText('Template fields: Name, MobilePhone (phone).')).toBeVisible();

  // Suggestions, with how sure they are; the column left over is named.
  await expect(page.getByLabel('Source of Name')).toHaveValue('Name');
  await expect(page.getByLabel('Source of MobilePhone')).toHaveValue('Mobile');
  await expect(page.getByRole('row', { name: /^Name/ }).locator('.badge')).toHaveText('same name');
  await expect(page.getByText('Not sent: Notes.')).toBeVisible();

  // A column of words sent as njPriority is named before the rows are read, and the warning goes with it.
  const priorityWarning = page.getByRole('alert').filter({ hasText: 'njPriority takes a whole number from 0 to 100' });
  await chooseByTyping(page.getByLabel('Source of njPriority'), 'Notes');
  await expect(priorityWarning).toContainText('“call after 5”: rows like these will be invalid');
  // A list joins keys typed within a second into one search: let that second pass before typing anew.
  await page.waitForTimeout(1_100);

  // The same priority for every lead.
  await chooseByTyping(page.getByLabel('Source of njPriority'), 'The same value');
  await page.getByLabel('Value of njPriority for every lead').fill('3');
  await expect(priorityWarning).toHaveCount(0);
  await page.getByLabel('Name for this mapping').fill('CRM export');
  await page.getByRole('button', { name: 'Save mapping' }).click();
  await expect(page.getByText('Using your saved mapping “CRM export”')).toBeVisible();
  await shot(page, 'map');
  await page.getByRole('button', { name: 'Next: target' }).click();
  await expect(page.getByRole('heading', { name: 'Where the leads go' })).toBeVisible();

  // A second file with the same columns: the saved mapping is chosen by itself, constant included.
  await loadFile(page, writeCsv(app, 'july.csv', [HEADER, 'Cy,0412 000 003,']), 1);
  await expect(page.getByText('Using your saved mapping “CRM export”')).toBeVisible();
  await expect(page.getByLabel('Value of njPriority for every lead')).toHaveValue('3');
  await page.getByRole('button', { name: 'Forget “CRM export”' }).click();
  await expect(page.getByText('Using your saved mapping')).toHaveCount(0);
  await expect(page.getByRole('combobox', { name: 'Saved mappings' }).locator('option')).toHaveCount(1);
});

// The template's recorded fields come from the server: a draft must not be started before they are known,
// or their arrival would replace it.
test('the field editor waits for the template’s recorded fields, so a draft is not lost when they arrive', async ({ page }) => {
  await page.route('**/api/call/getTemplateFields', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 800));
    await route.continue();
  });
  await connectDemo(page, app);
  await loadFile(page, writeCsv(app, 'august.csv', [HEADER, 'Di,0412 000 004,']), 1);
  await expectDemoTemplateChosen(page);
  await expect(page.getByText('Loading the template’s fields…')).toBeVisible();
  await page.getByRole('button', { name: 'Start from this file’s columns' }).click();
  await page.getByLabel('Field 2 name').fill('MobilePhone');
  // Well after the fields arrived, the draft is still the one being edited.
  await page.waitForTimeout(1_000);
  await expect(page.getByLabel('Field 2 name')).toHaveValue('MobilePhone');
  await expect(page.getByLabel('Field 3 name')).toHaveValue('Notes');
});
