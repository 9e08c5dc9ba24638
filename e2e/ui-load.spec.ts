import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { expect, type Page, test } from '@playwright/test';
import { chooseDemoTarget, connectDemo, leads, loadFile, recordDemoFields, shot, writeCsv } from './ui-helpers.ts';
import { webAppForFile } from './web-app.ts';

const app = webAppForFile();

/** A workbook with a notes sheet first and the leads on the second sheet, below a title row. */
function workbook(): string {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['Read me'], ['Exported from the CRM']]), 'Notes');
  XLSX.utils.book_append_sheet(
    book,
    XLSX.utils.aoa_to_sheet([
      ['March leads', '', ''],
      ['Customer', 'Cell', 'Suburb'],
      ['Kim Ng', '0412 111 222', 'Carlton'],
      ['Lu Chen', '0412 333 444', 'Fitzroy'],
    ]),
    'Leads',
  );
  const path = join(app.dataDir, 'march.xlsx');
  writeFileSync(path, XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
  return path;
}

/** Drops files on the window the way a file manager does: a drop event carrying File objects. */
async function dropFiles(page: Page, files: { path: string; name: string; type: string }[]) {
  const payload = files.map((f) => ({ name: f.name, type: f.type, base64: readFileSync(f.path).toString('base64') }));
  const transfer = await page.evaluateHandle((items) => {
    const dt = new DataTransfer();
    for (const item of items) {
      const bytes = Uint8Array.from(atob(item.base64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], item.name, { type: item.type }));
    }
    return dt;
  }, payload);
  await page.dispatchEvent('main', 'dragenter', { dataTransfer: transfer });
  await expect(page.getByText('Drop files to load them')).toBeVisible();
  await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
}

test('dropped files queue up, unsupported ones are named, and sheet and header row are chosen with a live preview', async ({
  page,
}) => {
  const csv = writeCsv(app, 'april.csv', leads(3));
  const xlsx = workbook();
  await page.goto(app.openUrl);

  await dropFiles(page, [
    { path: xlsx, name: 'march.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    { path: csv, name: 'april.csv', type: 'text/csv' },
    { path: csv, name: 'notes.pdf', type: 'application/pdf' },
  ]);
  await expect(page.getByRole('alert')).toContainText('notes.pdf: not a supported file');
  await expect(page.getByRole('heading', { name: 'Files to load' })).toBeVisible();
  await expect(page.locator('.file-queue li')).toHaveCount(2);

  // The workbook opens first, on its leads: the second sheet (past the notes), under a title row.
  await expect(page.getByText('march.xlsx', { exact: true }).first()).toBeVisible();
  await expect(page.getByLabel('Sheet')).toHaveValue('Leads');
  await expect(page.getByRole('columnheader', { name: 'Cell' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Kim Ng' })).toBeVisible();
  // The notes sheet is one choice away (by the arrow keys, as for the header row below: two entries typed
  // within a second are read by a list as one word).
  const sheet = page.getByLabel('Sheet');
  await sheet.press('ArrowUp');
  await expect(sheet).toHaveValue('Notes');
  await expect(page.getByRole('columnheader', { name: 'Read me' })).toBeVisible();
  await sheet.press('ArrowDown');
  await expect(sheet).toHaveValue('Leads');
  await expect(page.getByRole('columnheader', { name: 'Customer' })).toBeVisible();
  // Choosing the title row as the header shows at once what that would mean.
  const header = page.getByLabel('Header row');
  await expect(header).toHaveValue('2');
  await header.press('ArrowUp');
  await expect(header).toHaveValue('1');
  await expect(page.getByRole('columnheader', { name: 'March leads' })).toBeVisible();
  await header.press('ArrowDown');
  await expect(header).toHaveValue('2');
  await expect(page.getByRole('columnheader', { name: 'Customer' })).toBeVisible();
  await shot(page, 'load');
  // The file is read once the mapping and target are chosen on this sample.
  await expect(page.getByRole('button', { name: 'Next: map columns' })).toBeVisible();

  // Next file in the queue.
  await page.getByRole('button', { name: 'april.csv' }).click();
  await expect(page.getByRole('cell', { name: 'Lead 1', exact: true })).toBeVisible();
  await expect(page.getByText('This file was uploaded before')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Next: map columns' })).toBeVisible();
});

/** Reads the file into a job the way a person does: fields, mapping, target, then the one read. */
async function readIntoJob(page: Page, csv: string, rows: number, timeout?: number) {
  await connectDemo(page, app);
  await loadFile(page, csv, rows, timeout);
  await recordDemoFields(page);
  await page.getByRole('button', { name: 'Next: target' }).click();
  await chooseDemoTarget(page);
  await page.getByRole('button', { name: /Load file/ }).click();
}

// Browser mode copies each chosen file into a new upload folder; the server gives the copy the original's
// modification time (part of the file's fingerprint) from the `lastModified` the client sends.
test('the same file chosen again is flagged as uploaded before (browser mode)', async ({ page }) => {
  const csv = writeCsv(app, 'may.csv', leads(2, 50));
  await readIntoJob(page, csv, 2);
  await page.locator('#file-input').setInputFiles(csv);
  await expect(page.getByText(/This file was uploaded before \(1 time/)).toBeVisible();
});

// A file of 8 MB or more goes to the server in four parts sent at once (renderer/src/api/browser-client.ts);
// the copy must come out whole, with the original's modification time.
test('a large file sent in parts arrives whole and is recognised when chosen again (browser mode)', async ({ page }) => {
  const csv = writeCsv(app, 'big-may.csv', leads(400_000, 1_000));
  expect(statSync(csv).size).toBeGreaterThan(8 << 20);
  await readIntoJob(page, csv, 400_000, 60_000);
  await page.locator('#file-input').setInputFiles(csv);
  await expect(page.getByText(/This file was uploaded before \(1 time/)).toBeVisible();
});
