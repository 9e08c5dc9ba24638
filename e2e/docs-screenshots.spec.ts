/**
 * The Map and Target steps as a campaign manager sees them, at 1280×800 and 1024×700, light and dark.
 * Written to e2e/artifacts/; with UPDATE_DOCS_SCREENSHOTS=1 to docs/screenshots/ (README and docs use them).
 */
import { expect, type Page, test } from '@playwright/test';
import { connectDemo, loadFile, pick, writeCsv } from './ui-helpers.ts';
import { type RunningWebApp, startWebApp } from './web-app.ts';

let app: RunningWebApp;
test.beforeAll(async () => {
  app = await startWebApp();
});
test.afterAll(async () => {
  await app?.stop();
});

const folder = process.env.UPDATE_DOCS_SCREENSHOTS === '1' ? 'docs/screenshots' : 'e2e/artifacts';
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
] as const;

async function capture(page: Page, name: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.screenshot({ path: `${folder}/${name}-${size.width}${scheme === 'dark' ? '-dark' : ''}.png` });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize(SIZES[0]);
}

test('the Map and Target steps, for the docs', async ({ page }) => {
  await connectDemo(page, app);
  const file = writeCsv(app, 'crm-export.csv', [
    'First Name,Surname,Mobile,HomePh,NJPRIORITY,nj_external_lead_id,Notes',
    'Ann,Lee,0412 000 001,03 8321 8101,5,CRM-1,call after 5',
    'Bob,Ng,,03 8321 8102,7,CRM-2,',
    'Cy,Park,0412 000 003,,3,CRM-3,VIP',
  ]);
  await loadFile(page, file, 3);
  await expect(page.getByText('Only one template: Sales (41), chosen for you.')).toBeVisible();
  await page.getByRole('button', { name: 'Start from this file’s columns' }).click();
  await page.getByLabel('Field 1 name').fill('Name');
  await page.getByRole('button', { name: 'Remove field Surname' }).click();
  await page.getByLabel('Field 2 name').fill('MobilePhone');
  await page.getByRole('button', { name: 'Remove field Notes' }).click();
  await page.getByRole('button', { name: 'Save the fields' }).click();
  const name = page.getByLabel('Source of Name', { exact: true });
  await name.focus();
  await page.keyboard.type('Several');
  await page.getByLabel('Column 1 of Name').focus();
  await page.keyboard.type('F');
  await page.getByLabel('Column 2 of Name').focus();
  await page.keyboard.type('Su');
  await expect(page.getByLabel('First values of Name')).toHaveText('Ann Lee · Bob Ng · Cy Park');
  await page.mouse.move(0, 0);
  await capture(page, 'map');

  await page.getByRole('button', { name: 'Next: target' }).click();
  await pick(page, 'Campaign', 'Feb16b (42)');
  await expect(page.getByText('Only one allocation: Feb16b-1 (40), chosen for you.')).toBeVisible();
  await capture(page, 'target');
  await pick(page, 'Campaign', 'Jan16a (41)');
  await capture(page, 'target-choose');
});
