import { expect, test } from '@playwright/test';
import { expectNoPageOverflow, expectNothingClipped, expectPrimaryInView, expectWhollyShown, visibleGridRows } from './layout.ts';
import { chooseDemoTarget, connectDemo, loadFile, pick, recordDemoFields, shot, writeCsv } from './ui-helpers.ts';
import { webAppForFile } from './web-app.ts';

const app = webAppForFile();

/** Nine columns with long values: wider than a 1024 px window. */
function wideCsv(rows: number): string[] {
  const header = 'First Name,Last Name,Mobile,Home Phone,Email Address,Street Address,Suburb,Post Code,Notes From The Sales Team';
  return [
    header,
    ...Array.from(
      { length: rows },
      (_, i) =>
        `Alexandra${i},Montgomery-Smythe,04${String(30_000_000 + i)},03 9${String(1_000_000 + i)},alexandra.montgomery${i}@example.com.au,${100 + i} Long Winding Boulevard,North Melbourne,3051,Called twice and asked for a callback after lunch on a weekday`,
    ),
  ];
}

test.use({ viewport: { width: 1024, height: 700 } });

test('at 1024×700 the page never scrolls sideways, the primary action stays in sight, and the step list shows progress', async ({
  page,
}) => {
  await page.goto(app.openUrl);
  const steps = page.getByRole('navigation', { name: 'Steps' });
  const summary = page.getByTestId('job-summary');

  // Before anything: later steps are out of reach, and say why.
  const map = steps.getByRole('button', { name: /Map columns/ });
  await expect(map).toHaveAttribute('aria-disabled', 'true');
  await expect(map).toHaveAccessibleDescription('Load a file first (step 2).');
  await map.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Connection', level: 2 })).toBeVisible();
  await expect(summary).toContainText('Servernot chosen yet');

  await page.getByRole('button', { name: 'Try the demo server' }).click();
  await expect(page.getByText('Connected.')).toBeVisible();
  await expectPrimaryInView(page, 'Next: load a file');
  await expect(steps.getByRole('button', { name: 'Connection (done)' })).toBeVisible();
  await expect(summary).toContainText('Demo server');

  await page.getByRole('button', { name: 'Next: load a file' }).click();
  await page.locator('#file-input').setInputFiles(writeCsv(app, 'wide.csv', wideCsv(40)));
  await expect(page.getByRole('columnheader', { name: 'Notes From The Sales Team' })).toBeVisible();
  await expectNoPageOverflow(page);
  await expectPrimaryInView(page, 'Next: map columns');
  // The sample table scrolls inside its own box.
  const sample = page.locator('.table-scroll');
  expect(await sample.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  await shot(page, 'load-1024');

  // Mapping and target are chosen on the sample; the file is read once the target is confirmed.
  await expect(steps.getByRole('button', { name: 'Load file (done)' })).toBeVisible();
  await expect(map).not.toHaveAttribute('aria-disabled');
  await expect(steps.getByRole('button', { name: /Review/ })).toHaveAccessibleDescription(
    'Confirm the target first (step 4): the file is read then.',
  );
  await expect(summary).toContainText('wide.csv');

  // History is always open, and its table fits the window too.
  await steps.getByRole('button', { name: /History/ }).click();
  await expect(page.getByRole('heading', { name: 'History' })).toBeVisible();
  await expectNoPageOverflow(page);
});

test('at 1024×700 the step list and the whole job summary, down to the allocation, are in sight on Load, Map and Target', async ({
  page,
}) => {
  const steps = page.getByRole('navigation', { name: 'Steps' });
  const summary = page.getByTestId('job-summary');
  await connectDemo(page, app);
  await page.getByRole('button', { name: 'Next: load a file' }).click();
  await page.locator('#file-input').setInputFiles(writeCsv(app, 'spring-campaign-leads.csv', wideCsv(5)));
  await expect(page.getByRole('columnheader', { name: 'Notes From The Sales Team' })).toBeVisible();
  await expect(summary).toContainText('spring-campaign-leads.csv');
  await expectNothingClipped(steps);
  // Preview, Submit and Review wait for the same thing: it is said once, and each of them still gives it.
  for (const name of [/Preview/, /Submit/, /Review/])
    await expect(steps.getByRole('button', { name })).toHaveAccessibleDescription(
      'Confirm the target first (step 4): the file is read then.',
    );
  await expect(steps.getByText('Confirm the target first (step 4): the file is read then.')).toHaveCount(1);

  await page.getByRole('button', { name: 'Next: map columns' }).click();
  await recordDemoFields(page);
  await expect(summary).toContainText('TemplateSales');
  await expectNothingClipped(steps);
  await shot(page, 'steps-map-1024');

  await page.getByRole('button', { name: 'Next: target' }).click();
  await pick(page, 'Campaign', 'Jan16a (41)');
  await pick(page, 'Allocation', 'Jan16a-1 (38)');
  await expect(summary.getByText('Jan16a-1')).toBeVisible();
  await expectNothingClipped(steps);
  await shot(page, 'steps-target-1024');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectNothingClipped(steps);
  await shot(page, 'steps-target-1024-dark');
});

test('at 1024×700 Preview shows the rows first: the panel for many rows is folded away, and the header names the whole job', async ({
  page,
}) => {
  await connectDemo(page, app);
  // One row with numbers that are not numbers: the step then also offers its problems to choose from.
  const lines = wideCsv(40);
  lines[3] = lines[3].replace(/,04\d+,03 9\d+,/, ',12,34,');
  await loadFile(page, writeCsv(app, 'a-rather-long-file-name-for-the-spring-campaign-leads.csv', lines), 40);
  await recordDemoFields(page);
  await page.getByRole('button', { name: 'Next: target' }).click();
  await chooseDemoTarget(page);
  const grid = page.getByRole('grid', { name: 'Rows of the file' });
  await expect(grid.getByRole('gridcell', { name: '9', exact: true })).toBeVisible();
  await expect(page.getByLabel('Show rows with this problem')).toBeVisible();

  // Closed until asked for: at least 8 whole rows and the step's primary button in the window, unscrolled.
  const open = page.getByRole('button', { name: 'Fix many rows at once…' });
  await expect(open).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('region', { name: 'Change many rows' })).toHaveCount(0);
  expect(await page.locator('main').evaluate((el) => el.scrollTop)).toBe(0);
  expect(await visibleGridRows(grid)).toBeGreaterThanOrEqual(8);
  await expectPrimaryInView(page, 'Submit 39 leads');
  await expectNoPageOverflow(page);

  // The header's job summary, file to allocation, is wholly readable (wrapped, not cut short).
  const job = page.getByTestId('current-job');
  await expectWhollyShown(job);
  await expect(job).toHaveText(
    'a-rather-long-file-name-for-the-spring-campaign-leads.csv · 40 rows → Demo server (simulator) · template Sales · campaign Jan16a · allocation Jan16a-1',
  );
  await shot(page, 'preview-rows-first-1024');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, 'preview-rows-first-1024-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // Opened with a click, it says so, and folds away again.
  await open.click();
  await expect(open).toHaveAttribute('aria-expanded', 'true');
  const panel = page.getByRole('region', { name: 'Change many rows' });
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('Changes apply to all 40 rows');
  await expectPrimaryInView(page, 'Submit 39 leads');
  await open.click();
  await expect(open).toHaveAttribute('aria-expanded', 'false');
  await expect(panel).toHaveCount(0);
});

test('in a wide grid the Row column stays put when the rows scroll sideways', async ({ page }) => {
  await connectDemo(page, app);
  await loadFile(page, writeCsv(app, 'wide-grid.csv', wideCsv(30)), 30);
  await recordDemoFields(page);
  await page.getByRole('button', { name: 'Next: target' }).click();
  await chooseDemoTarget(page);
  const grid = page.getByRole('grid', { name: 'Rows of the file' });
  const rowHeader = grid.getByRole('columnheader', { name: 'Row', exact: true });
  const rowTwo = grid.getByRole('gridcell', { name: '2', exact: true });
  await expect(rowTwo).toBeVisible();
  // The bar for changing many rows sits above the grid: bring the grid's first rows into the window.
  await rowTwo.scrollIntoViewIfNeeded();
  const before = { header: await rowHeader.boundingBox(), cell: await rowTwo.boundingBox() };

  // Scroll sideways the way a trackpad does, over the grid's first rows (its middle can be under the action bar).
  const box = await grid.boundingBox();
  if (!box || !before.cell) throw new Error('no grid box');
  await page.mouse.move(box.x + box.width / 2, before.cell.y + before.cell.height / 2);
  await page.mouse.wheel(600, 0);
  await expect.poll(() => grid.evaluate((el) => el.scrollLeft)).toBeGreaterThan(100);
  expect((await rowHeader.boundingBox())?.x).toBe(before.header?.x);
  expect((await rowTwo.boundingBox())?.x).toBe(before.cell?.x);
  // What is drawn where the row number sits is the row number, not a cell scrolled beneath it.
  const onTop = await rowTwo.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return hit === el || el.contains(hit);
  });
  expect(onTop).toBe(true);
  await shot(page, 'preview-sticky-row-1024');
});
