import { expect, test } from '@playwright/test';
import { expectNoPageOverflow, expectPrimaryInView } from './layout.ts';
import { shot, writeCsv } from './ui-helpers.ts';
import { type RunningWebApp, startWebApp } from './web-app.ts';

let app: RunningWebApp;
test.beforeAll(async () => {
  app = await startWebApp();
});
test.afterAll(async () => {
  await app?.stop();
});

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
  await expect(map).toHaveAccessibleDescription('Read a file first (step 2).');
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
  await expectPrimaryInView(page, 'Read the whole file');
  // The sample table scrolls inside its own box.
  const sample = page.locator('.table-scroll');
  expect(await sample.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  await shot(page, 'load-1024');

  await page.getByRole('button', { name: 'Read the whole file' }).click();
  await expect(page.getByText('Read 40 rows.')).toBeVisible();
  await expectPrimaryInView(page, 'Next: map columns');
  await expect(steps.getByRole('button', { name: 'Load file (done)' })).toBeVisible();
  await expect(map).not.toHaveAttribute('aria-disabled');
  await expect(steps.getByRole('button', { name: /Review/ })).toHaveAccessibleDescription('Submit the leads first (step 5).');
  await expect(summary).toContainText('wide.csv');

  // History is always open, and its table fits the window too.
  await steps.getByRole('button', { name: /History/ }).click();
  await expect(page.getByRole('heading', { name: 'History' })).toBeVisible();
  await expectNoPageOverflow(page);
});
