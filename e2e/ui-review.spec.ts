import { readFileSync } from 'node:fs';
import * as XLSX from '@e965/xlsx';
import { expect, type Page, test } from '@playwright/test';
import {
  chooseDemoTarget,
  connectDemo,
  expectConfirmation,
  leads,
  loadFile,
  recordDemoFields,
  shot,
  simState,
  submitAndConfirm,
  writeCsv,
} from './ui-helpers.ts';
import { webAppForFile } from './web-app.ts';

const app = webAppForFile();
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

async function send(page: Page, name: string, lines: string[], rows: number, ready: number) {
  await loadFile(page, writeCsv(app, name, lines), rows);
  await page.getByRole('button', { name: 'Next: target' }).click();
  await chooseDemoTarget(page);
  await submitAndConfirm(page, ready);
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 20_000 });
}

test('leads not accepted are grouped by reason, exported, copied, fixed and resubmitted alone', async ({ page }) => {
  await connectDemo(page, app);
  await loadFile(page, writeCsv(app, 'october.csv', leads(2)), 2);
  await recordDemoFields(page);
  await page.getByRole('button', { name: 'Next: target' }).click();
  await chooseDemoTarget(page);
  await page.getByRole('button', { name: 'Submit 2 leads' }).click();
  // The confirmation names the target; Enter sends.
  await expect(page.getByRole('dialog').getByRole('button', { name: /^Send \d+ leads?$/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 20_000 });

  // Second file: one number the campaign already has (the server refuses it), one new, one not a phone number.
  await send(page, 'november.csv', ['Name,Mobile', 'Again,0420000000', 'New,0420000005', 'Typo,12345'], 3, 2);
  await page.getByRole('button', { name: 'Review the results' }).click();
  await expect(page.getByText(/1 accepted · 2 not accepted \(1 stopped here, 1 refused by the server\)/)).toBeVisible();
  const reasons = page.getByRole('list', { name: 'Reasons' });
  await expect(reasons.getByRole('button')).toHaveCount(2);
  await expect(reasons.getByRole('button', { name: /Duplicate phone number .*server/ })).toBeVisible();
  await expect(reasons.locator('.bar')).toHaveCount(2);
  await shot(page, 'review');

  const grid = page.getByRole('grid', { name: 'Leads not accepted' });
  await expect(grid.getByRole('row')).toHaveCount(3);
  await reasons.getByRole('button', { name: /Duplicate phone number/ }).click();
  await expect(grid.getByRole('row')).toHaveCount(2);
  await expect(grid.getByRole('gridcell', { name: 'Again', exact: true })).toBeVisible();

  // Copy a row as it came from the file, with its reason.
  await page.getByRole('button', { name: 'Copy row 2' }).click();
  await expect(page.getByText('Row 2 copied.')).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toMatch(/^Row\tName\tMobile\tReason\n2\tAgain\t0420000000\tDuplicate phone number/);
  await reasons.getByRole('button', { name: /Duplicate phone number/ }).click();

  // Exports carry both leads not accepted, with their reasons.
  const csvDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export as CSV' }).click();
  const csv = readFileSync((await (await csvDownload).path()) as string, 'utf8');
  expect(csv).toContain('Again');
  expect(csv).toContain('Typo');
  expect(csv).toContain('Duplicate phone number');
  const xlsxDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export as Excel' }).click();
  const download = await xlsxDownload;
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const book = XLSX.read(readFileSync((await download.path()) as string));
  const sheetRows = XLSX.utils.sheet_to_json<Record<string, string>>(book.Sheets[book.SheetNames[0]]);
  expect(sheetRows).toHaveLength(2);

  // Fix the typo in place and resubmit: only that lead goes.
  await grid.getByRole('gridcell', { name: '12345', exact: true }).dblclick();
  await page.getByLabel('Row 4, Mobile').fill('0420 000 009');
  await page.getByLabel('Row 4, Mobile').press('Enter');
  await page.getByRole('button', { name: 'Resubmit fixed leads (1)' }).click();
  // Asked first, for that one lead: the server has the three of before until it is confirmed.
  const confirm = await expectConfirmation(page, 1);
  expect((await simState(page, app)).campaigns['41'].count).toBe(3);
  await confirm.click();
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 20_000 });
  const leadsStored = (await simState(page, app)).campaigns['41'].leads.map((l) => l.MobilePhone);
  expect(leadsStored.sort()).toEqual(['0420000000', '0420000001', '0420000005', '0420000009']);
});
