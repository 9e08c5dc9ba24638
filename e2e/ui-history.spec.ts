import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { expectNoPageOverflow } from './layout.ts';
import {
  chooseDemoTarget,
  connectDemo,
  loadFile,
  recordDemoFields,
  shot,
  simState,
  submitAndConfirm,
  writeCsv,
} from './ui-helpers.ts';
import { webAppForFile } from './web-app.ts';

const app = webAppForFile();

async function download(page: Page, button: string): Promise<string> {
  const started = page.waitForEvent('download');
  await page.getByRole('button', { name: button, exact: true }).click();
  return readFileSync((await (await started).path()) as string, 'utf8');
}

test('History shows where each upload went, can be searched and filtered, and exports accepted and refused leads', async ({
  page,
}) => {
  await connectDemo(page, app);
  // A repeated phone: found before sending. Two good leads reach the server.
  await loadFile(
    page,
    writeCsv(app, 'october.csv', ['Name,Mobile', 'Ann,0412 000 101', 'Bob,0412 000 102', 'Again,0412000101']),
    3,
  );
  await recordDemoFields(page);
  await page.getByRole('button', { name: 'Next: target' }).click();
  await chooseDemoTarget(page);
  await submitAndConfirm(page, 2);
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 20_000 });
  expect((await simState(page, app)).campaigns['41'].count).toBe(2);

  await page
    .getByRole('navigation', { name: 'Steps' })
    .getByRole('button', { name: /History/ })
    .click();
  const row = page.getByRole('row', { name: /october\.csv/ });
  await expect(row).toContainText('Demo server');
  // The demo server's names for template 41, campaign 41 and allocation 38, not their ids.
  await expect(row).not.toContainText('template 41');
  await expect(row).toContainText(' · ');
  await expectNoPageOverflow(page);
  // Every action of the row is in sight, not scrolled away inside the table's box.
  for (const name of ['Open october.csv', 'Export accepted leads of october.csv', 'Export not accepted leads of october.csv']) {
    await expect(page.getByRole('button', { name, exact: true })).toBeInViewport({ ratio: 1 });
  }
  await shot(page, 'history');
  await page.setViewportSize({ width: 1024, height: 700 });
  await expectNoPageOverflow(page);
  for (const name of ['Open october.csv', 'Export not accepted leads of october.csv']) {
    await expect(page.getByRole('button', { name, exact: true })).toBeInViewport({ ratio: 1 });
  }
  const box = await page.locator('.history-scroll').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(box.scroll).toBeLessThanOrEqual(box.client);
  await shot(page, 'history-1024');
  await page.setViewportSize({ width: 1280, height: 800 });

  // Search narrows the list; the filters too.
  const search = page.getByRole('searchbox', { name: 'Search uploads' });
  await search.fill('november');
  await expect(page.getByText('0 of 1 upload')).toBeVisible();
  await expect(row).toHaveCount(0);
  await search.fill('october demo');
  await expect(row).toBeVisible();
  await page.getByRole('button', { name: 'Not finished' }).click();
  await expect(row).toHaveCount(0);
  await page.getByRole('button', { name: 'With leads not accepted' }).click();
  await expect(row).toBeVisible();

  // The accepted leads, and the one refused, each in their own export, in words.
  const accepted = await download(page, 'Export accepted leads of october.csv');
  expect(accepted).toContain('Row,Name,Mobile,Result');
  expect(accepted).toContain('Ann,0412 000 101,added');
  expect(accepted).toContain('Bob,0412 000 102,added');
  expect(accepted).not.toContain('Again');
  const refused = await download(page, 'Export not accepted leads of october.csv');
  expect(refused).toContain('Again,0412000101,found before sending,phone 0412000101 already in row 2');
  expect(refused).not.toMatch(/,local,/);
});
