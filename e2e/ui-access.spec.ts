import { expect, test } from '@playwright/test';
import { shot } from './ui-helpers.ts';
import { webAppForFile } from './web-app.ts';

const app = webAppForFile();

test('the address without its token explains how to get in, instead of showing an app that cannot work', async ({ page }) => {
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: 'Open Noojee Lead Uploader with its full address' })).toBeVisible();
  await expect(page.getByText('#token=', { exact: false }).first()).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Steps' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Try the demo server' })).toHaveCount(0);
  await shot(page, 'no-token');

  // A token from an earlier start: the server refuses it, and the page says so.
  await page.goto(`${app.url}/#token=from-an-earlier-start`);
  await expect(page.getByRole('heading', { name: 'This address is from an earlier start' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Steps' })).toHaveCount(0);
  await expect(page).not.toHaveURL(/token=/);

  // The address printed at launch opens the app in the same tab.
  await page.goto(app.openUrl);
  await expect(page.getByRole('navigation', { name: 'Steps' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Try the demo server' })).toBeVisible();
});
