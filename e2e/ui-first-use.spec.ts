/**
 * What a first-time user met on the way through, by clicks and keys, checked at the simulator: a field set
 * to "— not sent —" says so, a refused phone number says why in a manager's words, the "Was: …" tooltip of a
 * changed cell leaves the next row's cell clickable, and in Review the row number and its Copy button read
 * apart ("5 Copy", "Copy row 5").
 */
import { expect, test } from '@playwright/test';
import { chooseDemoTarget, connectDemo, loadFile, shot, simState, submitAndConfirm, writeCsv } from './ui-helpers.ts';
import { webAppForFile } from './web-app.ts';

const app = webAppForFile();

test('not sent says not sent, a refused number says why, the tooltip lets the next row be clicked, Review reads "Copy row 5"', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await connectDemo(page, app);
  const before = (await simState(page, app)).campaigns['41']?.count ?? 0;
  await loadFile(
    page,
    writeCsv(app, 'first-use.csv', [
      'Name,MobilePhone,Notes',
      'Ann Lee,0412 000 101,call after 5',
      'Bob Ng,0445 678 901,prefers email',
      'Cy Park,0412 000 103,VIP',
      'Di Roe,12,',
      'Ed Fox,0412 000 105,',
      'Fay Wu,0412 000 106,',
    ]),
    6,
  );

  // Map: three fields recorded from the file's columns, each matched exactly; then Notes is left out.
  await page.getByRole('button', { name: 'Start from this file’s columns' }).click();
  await expect(page.getByLabel('Field 3 name')).toHaveValue('Notes');
  await page.getByRole('button', { name: 'Save the fields' }).click();
  const notes = page.getByLabel('Source of Notes', { exact: true });
  const badge = page.getByRole('row', { name: /^Notes/ }).locator('.badge');
  await expect(notes).toHaveValue('Notes');
  await expect(badge).toHaveText('same name');
  // "— not sent —" is the list's first entry: Home reaches it.
  await notes.focus();
  await page.keyboard.press('Home');
  await expect(notes).toHaveValue('');
  await expect(badge).toHaveText('not sent');
  await expect(page.getByText('Not sent: Notes.')).toBeVisible();
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, 'first-use-map-not-sent-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByRole('button', { name: 'Next: target' }).click();
  await chooseDemoTarget(page);
  await expect(page.locator('.stat.ok')).toHaveText('4 will be sent');

  // The number no Australian range starts with is refused, and the tooltip says why.
  const grid = page.getByRole('grid', { name: 'Rows of the file' });
  const bob = grid.getByRole('gridcell', { name: '0445 678 901', exact: true });
  await bob.hover();
  await expect(page.getByRole('tooltip')).toHaveText(
    'MobilePhone: "0445 678 901" is not a number in use in Australia (right length, but no Australian number starts 0445)',
  );
  await expect(page.getByLabel('Show rows with this problem').locator('option')).toContainText([
    'MobilePhone: not a number in use in Australia',
  ]);

  // Corrected in place: the changed cell's tooltip says what the file had, and leaves the row below free.
  await bob.dblclick();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('0412 000 102');
  await page.keyboard.press('Enter');
  const fixed = grid.getByRole('gridcell', { name: '0412 000 102', exact: true });
  await fixed.hover();
  const tip = page.getByRole('tooltip');
  await expect(tip).toHaveText('Was: "0445 678 901"');
  const below = grid.getByRole('gridcell', { name: '0412 000 103', exact: true });
  const [tipBox, belowBox, fixedBox] = [await tip.boundingBox(), await below.boundingBox(), await fixed.boundingBox()];
  if (!tipBox || !belowBox || !fixedBox) throw new Error('no boxes');
  const overlaps = (a: typeof tipBox, b: typeof tipBox) =>
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  expect(overlaps(tipBox, belowBox)).toBe(false);
  expect(overlaps(tipBox, fixedBox)).toBe(false);
  await shot(page, 'first-use-was-tooltip');
  // A click on the next row's cell while the tooltip shows reaches that cell (a double click opens its editor).
  await expect(tip).toBeVisible();
  await below.dblclick();
  await expect(page.getByRole('textbox', { name: 'Row 4, MobilePhone' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.locator('.stat.ok')).toHaveText('5 will be sent');

  await submitAndConfirm(page, 5);
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 20_000 });
  const sent = (await simState(page, app)).campaigns['41'];
  expect(sent.count).toBe(before + 5);
  const ours = sent.leads.slice(before);
  expect(ours.find((l) => l.Name === 'Bob Ng')?.MobilePhone).toBe('0412000102');
  // Notes was set to "not sent": no lead carries it.
  expect(ours.some((l) => 'Notes' in l)).toBe(false);

  // Review: the row number and its Copy button read apart, and the button names its row.
  await page.getByRole('button', { name: 'Review the results' }).click();
  const review = page.getByRole('grid', { name: 'Leads not accepted' });
  const copy = review.getByRole('button', { name: 'Copy row 5', exact: true });
  await expect(copy).toBeVisible();
  const cell = copy.locator('xpath=..');
  await expect(cell).toHaveAttribute('role', 'gridcell');
  await expect(cell).toHaveText('5 Copy');
  expect(await cell.evaluate((el) => el.textContent)).toBe('5 Copy');
  // The button is wholly drawn beside the number, not cut off by the column.
  expect(await cell.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await page.setViewportSize({ width: 1024, height: 700 });
  await shot(page, 'first-use-review-1024');
  await copy.click();
  await expect(page.getByText('Row 5 copied.')).toBeVisible();
});
