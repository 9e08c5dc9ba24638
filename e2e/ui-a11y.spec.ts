import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { expectAccessible } from './a11y.ts';
import { expectPrimaryInView } from './layout.ts';
import { leads, openBulkPanel, pick, readOnTarget, recordDemoFields, shot, simState, writeCsv } from './ui-helpers.ts';
import { webAppForFile } from './web-app.ts';

const app = webAppForFile();

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
];
const SCHEMES = ['light', 'dark'] as const;

/** Runs axe on what is on screen in every colour scheme and size, with a screenshot of each. */
async function checkEverywhere(page: Page, where: string) {
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme });
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await expectAccessible(page, `${where}, ${colorScheme}, ${size.width}x${size.height}`);
      await shot(page, `a11y-${where}-${colorScheme}-${size.width}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize(SIZES[0]);
}

test.describe('axe: no serious or critical violation, light and dark, 1280x800 and 1024x700', () => {
  // Each check is four axe runs (two sizes, two schemes), over 30 s apiece on a busy machine; Preview has two.
  test.describe.configure({ mode: 'serial', timeout: 240_000 });
  let context: BrowserContext;
  let page: Page;
  test.beforeAll(async ({ browser }) => {
    // One page through the screens, in its own context (axe's runner needs one made by newContext).
    context = await browser.newContext({ viewport: SIZES[0] });
    page = await context.newPage();
  });
  test.afterAll(async () => {
    await context?.close();
  });

  test('the page for an address without its token', async () => {
    await page.goto(app.url);
    await expect(page.getByRole('heading', { name: 'Open Noojee Lead Uploader with its full address' })).toBeVisible();
    await checkEverywhere(page, 'no-token');
  });

  test('Connection, with a server that failed its test, one that passed and a removal to confirm', async () => {
    await page.goto(app.openUrl);
    await page.getByRole('button', { name: 'Add a server' }).click();
    await page.getByLabel('Name').fill('Branch office');
    await page.getByLabel('Server address').fill('https://127.0.0.1:9');
    await page.getByLabel('API key').fill('sk-test-2');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('The server cannot be reached.')).toBeVisible({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Try the demo server' }).click();
    await expect(page.getByText('Connected.')).toBeVisible();
    await page.getByRole('button', { name: 'Remove Branch office', exact: true }).click();
    await checkEverywhere(page, 'connection');
    await page.getByRole('button', { name: 'Keep it' }).click();
  });

  test('Load, with a file inspected', async () => {
    await page.getByRole('button', { name: 'Next: load a file' }).click();
    await page.locator('#file-input').setInputFiles(writeCsv(app, 'november.csv', leads(12)));
    await expect(page.getByRole('columnheader', { name: 'Mobile' })).toBeVisible();
    await checkEverywhere(page, 'load');
  });

  test('Map, with the template’s fields recorded', async () => {
    await page.getByRole('button', { name: 'Next: map columns' }).click();
    await recordDemoFields(page);
    await expect(page.getByLabel('Source of MobilePhone')).toBeVisible();
    await checkEverywhere(page, 'map');
  });

  test('Target, with a campaign and an allocation picked', async () => {
    await page.getByRole('button', { name: 'Next: target' }).click();
    await pick(page, 'Campaign', 'Jan16a (41)');
    await pick(page, 'Allocation', 'Jan16a-1 (38)');
    await checkEverywhere(page, 'target');
  });

  test('Preview, then the confirmation before sending', async () => {
    await page.getByRole('button', { name: 'Next: preview' }).click();
    await readOnTarget(page, 12);
    await expect(page.locator('.stat.ok')).toHaveText('12 will be sent');
    await checkEverywhere(page, 'preview');
    // The panel for many rows, folded away until asked for: opened, at the smaller size in both schemes.
    await openBulkPanel(page);
    await page.setViewportSize(SIZES[1]);
    for (const colorScheme of SCHEMES) {
      await page.emulateMedia({ colorScheme });
      await expectAccessible(page, `preview with the panel for many rows open, ${colorScheme}, 1024x700`);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize(SIZES[0]);
    await page.getByRole('button', { name: 'Fix many rows at once…' }).click();
    await page.getByRole('button', { name: 'Submit 12 leads' }).click();
    const send = page.getByRole('dialog', { name: 'Send 12 leads?' }).getByRole('button', { name: 'Send 12 leads' });
    await expect(send).toBeFocused();
    await checkEverywhere(page, 'confirm-send');
    await page.keyboard.press('Enter');
    await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 20_000 });
    expect((await simState(page, app)).campaigns['41'].count).toBe(12);
  });

  test('Review, after the send', async () => {
    await page.getByRole('button', { name: 'Review the results' }).click();
    await expect(page.getByRole('heading', { name: 'Leads not accepted' })).toBeVisible();
    await checkEverywhere(page, 'review');
  });

  test('History', async () => {
    await page
      .getByRole('navigation', { name: 'Steps' })
      .getByRole('button', { name: /History/ })
      .click();
    await expect(page.getByRole('row', { name: /november\.csv/ })).toBeVisible();
    await checkEverywhere(page, 'history');
  });
});

test('by keyboard alone: skip link, a visible focus ring, the demo server, a file, the step list and History', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(app.openUrl);
  await expect(page.getByRole('button', { name: 'Try the demo server' })).toBeVisible();

  // The first Tab reaches the skip link, shown when focused; Enter moves focus to the step.
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to the step' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();

  // Tab on to "Try the demo server": its focus ring is solid, 3 px wide.
  const demo = page.getByRole('button', { name: 'Try the demo server' });
  for (let i = 0; i < 10 && !(await demo.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(demo).toBeFocused();
  const ring = await demo.evaluate((el) => {
    const style = getComputedStyle(el);
    return { style: style.outlineStyle, width: style.outlineWidth };
  });
  expect(ring).toEqual({ style: 'solid', width: '3px' });
  await shot(page, 'focus-ring');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Connected.')).toBeVisible();

  // Ctrl+Enter takes the primary action; Ctrl+O opens the file chooser.
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('heading', { name: 'Load a file' })).toBeVisible();
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Control+o');
  await (await chooser).setFiles(writeCsv(app, 'december.csv', leads(5)));
  await expect(page.getByRole('columnheader', { name: 'Mobile' })).toBeVisible();
  await expectPrimaryInView(page, 'Next: map columns');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('heading', { name: 'Map columns to lead fields' })).toBeVisible();

  // A step out of reach says why instead of opening; History opens with Alt+8.
  await page.keyboard.press('Alt+7');
  await expect(page.getByText('Review: Confirm the target first (step 4): the file is read then.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Map columns to lead fields' })).toBeVisible();
  await page.keyboard.press('Alt+8');
  await expect(page.getByRole('heading', { name: 'History' })).toBeVisible();
  // Nothing is stored until the target is confirmed: the file is not a job yet.
  await expect(page.getByRole('row', { name: /december\.csv/ })).toHaveCount(0);
});
