/**
 * The whole flow with the keyboard alone: Tab, Shift+Tab, Enter, Space, the arrow keys and typing, never the
 * mouse. Connect to the demo server, load a file, record the template's fields and map, choose the target, fix
 * a row in the preview, confirm the send, fix a row in Review and resubmit it after its confirmation; what
 * reached the simulator is checked at each send. Load only inspects the file (its first rows); the file is read
 * once, with the mapping, when the target is confirmed. The test waits on what a person sees (headings,
 * counts, buttons becoming enabled).
 */
import { expect, type FileChooser, type Locator, type Page, test } from '@playwright/test';
import { expectAccessible } from './a11y.ts';
import { expectNoPageOverflow, expectPrimaryInView } from './layout.ts';
import { simState, writeCsv } from './ui-helpers.ts';
import { webAppForFile } from './web-app.ts';

const app = webAppForFile();

const isFocused = async (target: Locator) =>
  (await target.count()) === 1 &&
  (await target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement)));

/** Presses Tab (or Shift+Tab) until `target` has the focus, as a person does; fails if it never gets it. */
async function tabTo(page: Page, target: Locator, key: 'Tab' | 'Shift+Tab' = 'Tab', most = 120) {
  for (let i = 0; i < most && !(await isFocused(target)); i++) await page.keyboard.press(key);
  await expect(target).toBeFocused();
}

/**
 * Tabs to the step's primary button once it can be used, and presses Enter. On the way, the layout check of
 * every step at 1024×700: the button is wholly in the window and on top, and the page does not scroll sideways.
 */
async function pressPrimary(page: Page, name: string | RegExp) {
  const button = page.locator('[data-primary="true"]').filter({ hasText: name });
  await expect(button).toBeEnabled({ timeout: 20_000 });
  await expectPrimaryInView(page, name);
  await expectNoPageOverflow(page);
  await tabTo(page, button);
  await page.keyboard.press('Enter');
}

/** Moves through a grid with the arrow keys until `cell` has the focus. */
async function arrowTo(page: Page, cell: Locator, key: 'ArrowDown' | 'ArrowRight', most = 20) {
  for (let i = 0; i < most && !(await isFocused(cell)); i++) await page.keyboard.press(key);
  await expect(cell).toBeFocused();
}

/**
 * Space on the focused "choose files" opens the file chooser. Headless Chromium now and then drops a first press
 * under load (the chooser never opens): a person would press again, and so does this, a few times at most.
 */
async function openChooser(page: Page): Promise<FileChooser> {
  for (let attempt = 1; ; attempt++) {
    const chooser = page.waitForEvent('filechooser', { timeout: 10_000 });
    await page.keyboard.press('Space');
    try {
      return await chooser;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/** Replaces the text of the focused cell's edit box (opened with Enter) by typing, and saves it with Enter. */
async function retype(page: Page, box: Locator, value: string) {
  await expect(box).toBeFocused();
  const old = await box.inputValue();
  await page.keyboard.press('End');
  for (let i = 0; i < old.length; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type(value);
  await page.keyboard.press('Enter');
}

test('the whole flow by keyboard alone, checked at the simulator', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1024, height: 700 });
  const file = writeCsv(app, 'keyboard.csv', [
    'Name,MobilePhone,nj call back date',
    'Ann Lee,0412 000 001,2026/12/01',
    'Bob Ng,0412 000 002,2026/12/02 10:30',
    'Cy Park,12345,',
    'Di Roe,999,',
    'Ed Fox,0412 000 005,2026/12/03',
  ]);
  await page.goto(app.openUrl);
  await expect(page.getByRole('heading', { name: 'Connection' })).toBeVisible();

  // Connection: the skip link, then the demo server.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to the step' })).toBeFocused();
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('button', { name: 'Try the demo server' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText('Connected.')).toBeVisible();
  await pressPrimary(page, 'Next: load a file');

  // Load: Space on "choose files" opens the system's file chooser.
  await expect(page.getByRole('heading', { name: 'Load a file' })).toBeVisible();
  await tabTo(page, page.locator('#file-input'));
  await (await openChooser(page)).setFiles(file);
  // The file is only inspected here: its first rows show, and the step goes on to Map.
  await expect(page.getByRole('columnheader', { name: 'MobilePhone' })).toBeVisible();
  await pressPrimary(page, 'Next: map columns');

  // Map: the only template is chosen; the fields are recorded from the file's columns, then mapped by name.
  await expect(page.getByRole('heading', { name: 'Map columns to lead fields' })).toBeVisible();
  await expect(page.getByText('Only one template: Sales (41), chosen for you.')).toBeVisible();
  await tabTo(page, page.getByRole('button', { name: 'Start from this file’s columns' }));
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Field 1 name')).toHaveValue('Name');
  await expect(page.getByLabel('Field 2 name')).toHaveValue('MobilePhone');
  await tabTo(page, page.getByRole('button', { name: 'Save the fields' }));
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('First values of MobilePhone')).toHaveText('0412 000 001 · 0412 000 002 · 12345');
  // No rows are read yet: Map goes on to the target, where confirming reads the file once with this mapping.
  await pressPrimary(page, 'Next: target');

  // Target: each list is searched with the arrow keys and chosen with Enter.
  await expect(page.getByRole('heading', { name: 'Where the leads go' })).toBeVisible();
  for (const [list, item] of [
    ['Campaign', 'Jan16a (41)'],
    ['Allocation', 'Jan16a-1 (38)'],
  ] as const) {
    const search = page.getByRole('combobox', { name: `Search ${list.toLowerCase()}` });
    await expect(search).toBeEnabled();
    await tabTo(page, search);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(
      page.getByRole('listbox', { name: list, exact: true }).getByRole('option', { name: item, exact: true }),
    ).toHaveAttribute('aria-selected', 'true');
  }
  await pressPrimary(page, 'Next: preview');

  // Preview, once the file is read with the mapping: two rows with a number that is not one. Back from the
  // step's button (Shift+Tab) into the grid, whose arrow keys reach Cy's number: its problem shows in the
  // grid's tooltip; Enter edits, Enter saves.
  await expect(page.getByRole('heading', { name: 'Preview every row' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('current-file')).toContainText('5 rows');
  await expect(page.locator('.stat.ok')).toHaveText('3 will be sent');
  await expect(page.locator('.stat.bad')).toHaveText('2 invalid (not sent)');
  const grid = page.getByRole('grid', { name: 'Rows of the file' });
  const submit = page.getByRole('button', { name: 'Submit 3 leads' });
  await tabTo(page, submit);
  await tabTo(page, grid.locator('[tabindex="0"]'), 'Shift+Tab');
  const cy = grid.getByRole('row').filter({ hasText: 'Cy Park' });
  await arrowTo(page, cy.getByRole('checkbox', { name: 'Select row 4' }), 'ArrowDown');
  const wrong = cy.getByRole('gridcell', { name: '12345', exact: true });
  await arrowTo(page, wrong, 'ArrowRight');
  await expect(page.getByRole('tooltip')).toContainText(
    'MobilePhone: "12345" is not a number in use in Australia (no Australian number starts 12)',
  );
  await expectAccessible(page, 'Preview with a cell’s tooltip');
  await page.keyboard.press('Enter');
  await retype(page, page.getByRole('textbox', { name: 'Row 4, MobilePhone' }), '0412 000 003');
  const fixed = cy.getByRole('gridcell', { name: '0412 000 003', exact: true });
  await expect(fixed).toBeFocused();
  await expect(page.getByRole('tooltip')).toHaveText('Was: "12345"');
  // Escape hides the tooltip; the focus stays on the cell.
  await page.keyboard.press('Escape');
  await expect(page.getByRole('tooltip')).toHaveCount(0);
  await expect(fixed).toBeFocused();
  await expect(page.locator('.stat.ok')).toHaveText('4 will be sent');

  // The date without a time is told once for the column, not as a warning on each row.
  await expect(page.locator('.stat.warn')).toHaveText('0 with warnings');
  await expect(page.getByText('Call-back dates without a time are set for 09:00.')).toHaveCount(1);

  // Submit: the confirmation has the focus on its send button; Enter sends.
  await pressPrimary(page, 'Submit 4 leads');
  const dialog = page.getByRole('dialog', { name: 'Send 4 leads?' });
  await expect(dialog.getByRole('button', { name: 'Send 4 leads' })).toBeFocused();
  await expect(dialog).toContainText('Jan16a (41)');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 20_000 });
  let sent = (await simState(page, app)).campaigns['41'];
  expect(sent.count).toBe(4);
  expect(sent.leads.map((l) => l.MobilePhone).sort()).toEqual(['0412000001', '0412000002', '0412000003', '0412000005']);
  expect(sent.leads.find((l) => l.Name === 'Ann Lee')?.njCallBackDate).toBe('2026/12/01 09:00');
  expect(sent.leads.find((l) => l.Name === 'Bob Ng')?.njCallBackDate).toBe('2026/12/02 10:30');

  // Review: Di's number is fixed in the grid, then resubmitted after the same confirmation.
  await pressPrimary(page, 'Review the results');
  await expect(page.getByRole('heading', { name: 'Leads not accepted' })).toBeVisible();
  const review = page.getByRole('grid', { name: 'Leads not accepted' });
  await tabTo(page, review.locator('[tabindex="0"]'));
  const di = review.getByRole('row').filter({ hasText: 'Di Roe' });
  await arrowTo(page, di.getByRole('gridcell', { name: '999', exact: true }), 'ArrowRight');
  await page.keyboard.press('Enter');
  await retype(page, page.getByRole('textbox', { name: 'Row 5, MobilePhone' }), '0412 000 004');
  await pressPrimary(page, 'Resubmit fixed leads (1)');
  const again = page.getByRole('dialog', { name: 'Send 1 lead?' });
  await expect(again.getByRole('button', { name: 'Send 1 lead' })).toBeFocused();
  expect((await simState(page, app)).campaigns['41'].count).toBe(4);
  await page.keyboard.press('Enter');
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 20_000 });
  sent = (await simState(page, app)).campaigns['41'];
  expect(sent.count).toBe(5);
  expect(sent.leads.find((l) => l.Name === 'Di Roe')?.MobilePhone).toBe('0412000004');

  // History, from the step list: its table fits the window, the upload's actions included.
  await tabTo(page, page.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name: /History/ }), 'Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('row', { name: /keyboard\.csv/ })).toBeVisible();
  await expectNoPageOverflow(page);
  const table = page.getByRole('table');
  const box = await table.evaluate((el) => {
    const scroller = el.parentElement as HTMLElement;
    return { table: el.getBoundingClientRect().width, room: scroller.clientWidth };
  });
  expect(box.table).toBeLessThanOrEqual(box.room);
  await expect(page.getByRole('button', { name: 'Export not accepted leads of keyboard.csv' })).toBeInViewport({ ratio: 1 });
});
