/**
 * What the Preview says of a row, in a manager's words: a foreign number is "not an Australian number" (the
 * country named), an extension is left out with a warning, a row of only spaces is skipped like an empty one,
 * the problems come before the file's columns, and an invalid row never reads as if it will be sent. Checked at
 * the simulator too: what went is what the grid said would go.
 */
import { expect, test } from '@playwright/test';
import { chooseDemoTarget, connectDemo, recordDemoFields, simState, submitAndConfirm, writeCsv } from './ui-helpers.ts';
import { webAppForFile } from './web-app.ts';

const app = webAppForFile();

test('a foreign number, an extension and a row of spaces, as the Preview words them and as they are sent', async ({ page }) => {
  await connectDemo(page, app);
  await page.getByRole('button', { name: /Load file/ }).click();
  await page
    .locator('#file-input')
    .setInputFiles(
      writeCsv(app, 'wording.csv', [
        'Name,Mobile',
        'Ann,0412 000 001',
        'Brit,+44 7700 900123',
        '   ,   ',
        'Cal,0412 345 014 ext 2',
      ]),
    );
  await expect(page.getByRole('columnheader', { name: 'Mobile' })).toBeVisible();
  await page.getByRole('button', { name: 'Next: map columns' }).click();
  await recordDemoFields(page);
  await page.getByRole('button', { name: 'Next: target' }).click();
  // Confirming the target reads the file with the mapping: the row of spaces is skipped there.
  await chooseDemoTarget(page);

  // The row of spaces is no lead: three rows, two to send.
  await expect(page.locator('.stat.ok')).toHaveText('2 will be sent');
  await expect(page.getByRole('status').getByText(/\d+ rows$/)).toHaveText('3 rows');
  // Said beside the count, so that the row does not seem lost.
  await expect(page.getByRole('status').getByText(/empty row/)).toHaveText('1 empty row in the file left out');
  const grid = page.getByRole('grid', { name: 'Rows of the file' });
  await expect(grid.getByRole('columnheader')).toHaveText([
    'Pick',
    'Row',
    'Status',
    'Problems',
    'Name',
    'Mobile',
    'Will be sent',
  ]);

  const brit = grid.getByRole('row').filter({ hasText: 'Brit' });
  await expect(brit.getByRole('gridcell').nth(3)).toContainText('not an Australian number');
  await expect(brit.getByRole('gridcell').last()).toHaveText('Not sent: fix the problems first');

  const cal = grid.getByRole('row').filter({ hasText: 'Cal' });
  await expect(cal.getByRole('gridcell').nth(3)).toContainText('extension "ext 2" left out');
  await expect(cal.getByRole('gridcell', { name: '0412 345 014 ext 2', exact: true })).toHaveClass(/warning/);
  await expect(cal.getByRole('gridcell').last()).toContainText('MobilePhone: 0412345014');

  await submitAndConfirm(page, 2);
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 20_000 });
  const sent = (await simState(page, app)).campaigns['41'].leads;
  expect(sent.map((l) => [l.Name, l.MobilePhone])).toEqual([
    ['Ann', '0412000001'],
    ['Cal', '0412345014'],
  ]);
});
