import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { expect, test } from '@playwright/test';
import { chooseDemoTarget, connectDemo, pick, shot, simState, submitAndConfirm } from './ui-helpers.ts';
import { webAppForFile } from './web-app.ts';

const app = webAppForFile();

/**
 * An Excel workbook as managers get them: a notes sheet first, the leads on the second sheet under a
 * title row, one phone typed as text and one stored as a number (Excel dropped its leading zero).
 */
function workbook(): string {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['Read me first'], ['Exported from the CRM on Monday']]), 'Notes');
  XLSX.utils.book_append_sheet(
    book,
    XLSX.utils.aoa_to_sheet([
      ['June leads export'],
      ['Name', 'Mobile', 'Suburb'],
      ['Kim Ng', '0412 111 222', 'Carlton'],
      ['Lu Chen', 412333444, 'Fitzroy'],
    ]),
    'Leads',
  );
  const path = join(app.dataDir, 'june leads.xlsx');
  writeFileSync(path, XLSX.write(book, { type: 'buffer', bookType: 'xlsx', bookSST: true }) as Buffer);
  return path;
}

test('a workbook of two sheets with a title row: the leads sheet opened, the title skipped, every lead sent', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await connectDemo(page, app);
  await page.getByRole('button', { name: 'Next: load a file' }).click();

  // Load: the sheet that holds a table opens, past the notes; the notes stay one choice away, and the
  // leads are chosen back with the keyboard.
  await page.locator('#file-input').setInputFiles(workbook());
  await expect(page.getByTestId('current-file')).toContainText('june leads.xlsx');
  const sheet = page.getByLabel('Sheet');
  // The workbook's first sample waits for its reader to start, which on a busy machine takes more than 5 s.
  await expect(sheet).toHaveValue('Leads', { timeout: 30_000 });
  await expect(page.getByRole('cell', { name: 'Kim Ng' })).toBeVisible();
  await sheet.press('ArrowUp');
  await expect(sheet).toHaveValue('Notes');
  await expect(page.getByRole('columnheader', { name: 'Read me first' })).toBeVisible();
  await sheet.press('ArrowDown');
  await expect(sheet).toHaveValue('Leads');
  // The title row above the header is skipped without being asked.
  await expect(page.getByLabel('Header row')).toHaveValue('2');
  await expect(page.getByRole('columnheader', { name: 'Mobile' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Kim Ng' })).toBeVisible();
  await expect(page.getByRole('cell', { name: '412333444' })).toBeVisible();
  await shot(page, 'load-xlsx');
  await page.getByRole('button', { name: 'Next: map columns' }).click();

  // Map: the template's fields from the file's columns.
  await pick(page, 'Campaign template', 'Sales (41)');
  await page.getByRole('button', { name: 'Start from this file’s columns' }).click();
  await page.getByLabel('Field 1 name').click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('Name');
  await page.getByLabel('Field 2 name').click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('MobilePhone');
  await page.getByRole('button', { name: 'Remove field Suburb' }).click();
  await page.getByRole('button', { name: 'Save the fields' }).click();
  await expect(page.getByLabel('Source of MobilePhone')).toHaveValue('Mobile');
  await page.getByRole('button', { name: 'Next: target' }).click();

  // Target: the campaign and allocation; the workbook is read then, once.
  await chooseDemoTarget(page, 2, 30_000);

  // Preview: both leads go; the phone that lost its leading zero is flagged, not refused.
  await expect(page.locator('.stat.ok')).toHaveText('2 will be sent');
  await submitAndConfirm(page, 2);
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 30_000 });
  await shot(page, 'submit-xlsx');

  const state = await simState(page, app);
  const sent = state.campaigns['41'].leads.map((l) => [l.Name, l.MobilePhone]).sort();
  expect(sent).toEqual([
    ['Kim Ng', '0412111222'],
    ['Lu Chen', '0412333444'],
  ]);
  expect(state.insertRequests).toBeGreaterThan(0);
});
