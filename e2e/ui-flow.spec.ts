import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { expectConfirmation, expectDemoTemplateChosen, pick, readOnTarget, shot, simState } from './ui-helpers.ts';
import { webAppForFile } from './web-app.ts';

const app = webAppForFile();

/** A messy export: a title row, a Windows-1252 name, a lost leading zero, a damaged phone, a duplicate, a bad priority. */
function messyCsv(): string {
  const latin1 = (s: string) => Buffer.from(s, 'latin1');
  const path = join(app.dataDir, 'messy leads.csv');
  const text = [
    'Leads export December',
    'Full Name;Mobile No.;Post Code;Account #;Priority',
    'Zoë Müller;0412 345 678;3000;A1;5',
    'Bob Smith;383218199;3001;A2;10',
    'Ann Lee;3.83218E+08;3002;A3;5',
    'Dup Lead;+61 412 345 678;3003;A4;5',
    'Pri Ority;0298765432;3004;A5;200',
  ].join('\r\n');
  writeFileSync(path, latin1(text));
  return path;
}

test('from a messy file to a fixed lead arriving at the server', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto(app.openUrl);

  // Connection: the one-click demo server, tested.
  await expect(page.getByRole('heading', { name: 'Connection' })).toBeVisible();
  await page.getByRole('button', { name: 'Try the demo server' }).click();
  await expect(page.getByText('Connected.')).toBeVisible();
  await expect(page.getByText('API key kept for this session only')).toBeVisible();
  await shot(page, 'connection');
  await page.getByRole('button', { name: 'Next: load a file' }).click();

  // Load: the file chooser, detection, the header row under the title row; the file is read later, once.
  await page.locator('#file-input').setInputFiles(messyCsv());
  await expect(page.getByRole('columnheader', { name: 'Mobile No.' })).toBeVisible();
  await expect(page.getByText('windows-1252')).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Zoë Müller' })).toBeVisible();
  await shot(page, 'load');
  await page.getByRole('button', { name: 'Next: map columns' }).click();

  // Map: record the template's fields once, take the suggestions.
  await expectDemoTemplateChosen(page);
  await page.getByRole('button', { name: 'Start from this file’s columns' }).click();
  await page.getByLabel('Field 1 name').fill('Name');
  await page.getByLabel('Field 2 name').fill('MobilePhone');
  await page.getByLabel('Field 3 name').fill('PostCode');
  await page.getByRole('button', { name: 'Remove field Account' }).click();
  // "Priority" is plainly njPriority: no template field is proposed for it.
  await expect(page.getByRole('button', { name: 'Remove field Priority' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Save the fields' }).click();
  await expect(page.getByLabel('Source of MobilePhone')).toHaveValue('Mobile No.');
  await expect(page.getByLabel('Source of njExternalLeadId')).toHaveValue('Account #');
  await expect(page.getByLabel('Source of njPriority')).toHaveValue('Priority');
  await shot(page, 'map');
  await page.getByRole('button', { name: 'Next: target' }).click();

  // Target: cascading pickers; confirming reads the file once, with the mapping and target, then Preview.
  await pick(page, 'Campaign', 'Jan16a (41)');
  await pick(page, 'Allocation', 'Jan16a-1 (38)');
  await shot(page, 'target');
  await page.getByRole('button', { name: 'Next: preview' }).click();
  await readOnTarget(page, 5);

  // Preview: counts, highlighted cells, a fix in place.
  await expect(page.locator('.stat.ok')).toHaveText('2 will be sent');
  const grid = page.getByRole('grid', { name: 'Rows of the file' });
  await expect(grid.getByRole('gridcell', { name: '3.83218E+08', exact: true })).toHaveAttribute('aria-invalid', 'true');
  // Hovering the red cell shows the app's own tooltip with the reason.
  await grid.getByRole('gridcell', { name: '3.83218E+08', exact: true }).hover();
  await expect(page.getByRole('tooltip')).toContainText('damaged by a spreadsheet program');
  await shot(page, 'preview');
  await grid.getByRole('gridcell', { name: '3.83218E+08', exact: true }).dblclick();
  await page.getByLabel('Row 5, Mobile No.').fill('0412 999 888');
  await page.getByLabel('Row 5, Mobile No.').press('Enter');
  await expect(grid.getByRole('gridcell', { name: '0412 999 888', exact: true })).toBeVisible();
  await expect(page.locator('.stat.ok')).toHaveText('3 will be sent');
  await page.getByRole('button', { name: /Submit 3 leads/ }).click();
  // The confirmation names the target; Enter sends.
  await expect(page.getByRole('dialog').getByRole('button', { name: /^Send \d+ leads?$/ })).toBeFocused();
  await page.keyboard.press('Enter');

  // Submit and monitor.
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 20_000 });
  await shot(page, 'submit');
  let state = await simState(page, app);
  expect(state.campaigns['41'].leads.map((l) => l.MobilePhone).sort()).toEqual(['0383218199', '0412345678', '0412999888']);

  // Review: grouped reasons, a fix, resubmit only that lead.
  await page.getByRole('button', { name: 'Review the results' }).click();
  await expect(page.getByRole('button', { name: /Phone repeated in an earlier row/ })).toBeVisible();
  await shot(page, 'review');
  const review = page.getByRole('grid', { name: 'Leads not accepted' });
  await review.getByRole('gridcell', { name: '+61 412 345 678', exact: true }).dblclick();
  await page.getByLabel('Row 6, Mobile No.').fill('0412 777 666');
  await page.getByLabel('Row 6, Mobile No.').press('Enter');
  await page.getByRole('button', { name: /Resubmit fixed leads \(1\)/ }).click();
  await (await expectConfirmation(page, 1)).click();
  await expect
    .poll(async () => (await simState(page, app)).campaigns['41'].leads.map((l) => l.MobilePhone), { timeout: 20_000 })
    .toContain('0412777666');
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 20_000 });
  state = await simState(page, app);
  expect(state.campaigns['41'].leads).toHaveLength(4);

  // History survives: the job is listed.
  await page.getByRole('button', { name: /History/ }).click();
  await expect(page.getByRole('cell', { name: 'messy leads.csv', exact: true })).toBeVisible();
  await shot(page, 'history');
});
