/**
 * Review and Submit after a send, as a first-time user meets them at 1024×700: the fixed lead leaves the
 * "Not accepted" list as it leaves its count, the resubmit's confirmation says what happens to duplicates in
 * the first send's words, the Submit step reads "Sent" once it is finished, and an edit whose lead was sent
 * is not offered for undoing (the bar says why, and its messages go at the next action).
 */
import { expect, type Locator, type Page, test } from '@playwright/test';
import {
  chooseDemoTarget,
  connectDemo,
  expectConfirmation,
  loadFile,
  recordDemoFields,
  shot,
  simState,
  writeCsv,
} from './ui-helpers.ts';
import { webAppForFile } from './web-app.ts';

const app = webAppForFile();
test.use({ viewport: { width: 1024, height: 700 } });

const FILE = 'after-send.csv';
const duplicatesLine = (dialog: Locator) => dialog.locator('dt', { hasText: 'Duplicate phone numbers' }).locator('+ dd');

/** Double-clicks a cell of the grid, replaces its text by typing, and presses Enter. */
async function retype(page: Page, grid: Locator, cell: string, text: string) {
  await grid.getByRole('gridcell', { name: cell, exact: true }).dblclick();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

test('fix, resubmit and come back: list and count agree, the dialog and headings say what happens, sent edits are not offered for undo', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await connectDemo(page, app);
  await loadFile(
    page,
    writeCsv(app, FILE, [
      'Name,Mobile',
      'Ann Good,0450000001',
      'Typo One,12345',
      'Typo Two,999',
      'Bea Good,0450000002',
      'Typo Three,77',
      'Typo Four,66',
    ]),
    6,
  );
  await recordDemoFields(page);
  await page.getByRole('button', { name: 'Next: target' }).click();
  await chooseDemoTarget(page);
  await page.getByRole('button', { name: 'Submit 2 leads' }).click();
  const first = page.getByRole('dialog', { name: 'Send 2 leads?' });
  await expectConfirmation(page, 2);
  const firstWords = await duplicatesLine(first).textContent();
  expect(firstWords).toBe('refused by the server');
  await page.keyboard.press('Enter');

  // Finished: the title says it was sent, not that it is being sent.
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('heading', { name: `Sent ${FILE}` })).toBeVisible();
  await expect(page.getByRole('heading', { name: `Sending ${FILE}` })).toHaveCount(0);
  await shot(page, 'after-send-finished-1024');

  const steps = page.getByRole('navigation', { name: 'Steps' });
  await expect(steps.getByRole('button', { name: 'Submit (done)', exact: true })).toBeVisible();
  await expect(steps.getByRole('button', { name: 'Review', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Review the results' }).click();
  // The results were reviewed: ticked, and still ticked while the fixed lead is resubmitted and after.
  await expect(steps.getByRole('button', { name: 'Review (done)', exact: true })).toBeVisible();
  const grid = page.getByRole('grid', { name: 'Leads not accepted' });
  const notAccepted = page.getByRole('button', { name: /^Not accepted/ });
  const fixedChip = page.getByRole('button', { name: /^Fixed, not resubmitted/ });
  await expect(notAccepted).toHaveText('Not accepted (4)');
  await expect(grid.getByRole('row')).toHaveCount(5);

  // A fixed lead leaves the list as it leaves the count, and the person is told where it went.
  await retype(page, grid, '12345', '0450 000 003');
  await expect(page.getByText('Row 3 is fixed: it waits under “Fixed, not resubmitted” until you resubmit.')).toBeVisible();
  await expect(notAccepted).toHaveText('Not accepted (3)');
  await expect(fixedChip).toHaveText('Fixed, not resubmitted (1)');
  await expect(page.getByText(/2 accepted · 3 not accepted/)).toBeVisible();
  await expect(grid.getByRole('row')).toHaveCount(4);
  await expect(grid.getByRole('gridcell', { name: '999', exact: true })).toBeVisible();
  await expect(grid.getByRole('gridcell', { name: '0450 000 003', exact: true })).toHaveCount(0);
  await expect(page.getByText('3 rows · double-click')).toBeVisible();
  // The keyboard stays in the list, on the same cell of the next lead to fix.
  await expect(grid.getByRole('gridcell', { name: '999', exact: true })).toBeFocused();
  await fixedChip.click();
  await expect(grid.getByRole('gridcell', { name: '0450 000 003', exact: true })).toBeVisible();

  // The resubmit's confirmation says what happens to duplicates in the first send's words.
  await page.getByRole('button', { name: 'Resubmit fixed leads (1)' }).click();
  const again = page.getByRole('dialog', { name: 'Send 1 lead?' });
  await expectConfirmation(page, 1);
  await expect(duplicatesLine(again)).toHaveText(firstWords ?? '');
  await expect(again.getByText(/as when this upload was first sent/)).toHaveCount(0);
  await shot(page, 'after-send-resubmit-confirm-1024');
  await page.keyboard.press('Enter');

  await expect(steps.getByRole('button', { name: 'Review (done)', exact: true })).toBeVisible();
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('heading', { name: `Sent ${FILE}` })).toBeVisible();
  await expect(steps.getByRole('button', { name: 'Review (done)', exact: true })).toBeVisible();
  await expect(steps.getByRole('button', { name: 'Submit (done)', exact: true })).toBeVisible();
  const sent = (await simState(page, app)).campaigns['41'].leads.map((l) => l.MobilePhone);
  expect(sent.filter((m) => m.startsWith('045')).sort()).toEqual(['0450000001', '0450000002', '0450000003']);
  await shot(page, 'after-send-resubmitted-1024');

  // The edit's lead is on the server now: undo is not offered for it, and the bar says why.
  await page.getByRole('button', { name: 'Review the results' }).click();
  const bar = page.getByRole('toolbar', { name: 'Undo and redo' });
  const undo = bar.getByRole('button', { name: 'Undo', exact: true });
  const why = 'Sent leads cannot be undone: “Edit Mobile” changed a lead that was sent to the server since.';
  await expect(undo).toBeDisabled();
  await expect(undo).toHaveAccessibleDescription(why);
  await expect(bar.getByText(why)).toBeVisible();
  await expect(page.getByRole('button', { name: /^Undo: / })).toHaveCount(0);
  await shot(page, 'after-send-undo-refused-1024');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, 'after-send-undo-refused-dark-1024');
  await page.emulateMedia({ colorScheme: 'light' });

  // Ctrl+Z says the same, plainly (not as an error), and the message goes at the next action: an edit of another lead.
  await page.getByRole('heading', { name: 'Leads not accepted' }).click();
  await page.keyboard.press('Control+z');
  await expect(bar.getByRole('status')).toHaveText(why);
  await expect(bar.getByRole('alert')).toHaveCount(0);
  await retype(page, grid, '999', '0450 000 004');
  await expect(bar.getByRole('status')).toHaveCount(0);
  await expect(notAccepted).toHaveText('Not accepted (2)');
  // That edit's lead was not sent: its undo is offered, and works.
  await bar.getByRole('button', { name: 'Undo: Edit Mobile' }).click();
  await expect(bar.getByRole('status')).toHaveText('Undone: Edit Mobile (1 row).');
  await expect(notAccepted).toHaveText('Not accepted (3)');
  await expect(undo).toBeDisabled();
  expect((await simState(page, app)).campaigns['41'].leads.filter((l) => l.MobilePhone.startsWith('045'))).toHaveLength(3);

  // Redone, then resubmitted from a second window: this one still offers the undo, and the core refuses it.
  await bar.getByRole('button', { name: 'Redo: Edit Mobile' }).click();
  await expect(notAccepted).toHaveText('Not accepted (2)');
  const other = await page.context().newPage();
  await other.goto(app.openUrl);
  await other
    .getByRole('navigation', { name: 'Steps' })
    .getByRole('button', { name: /History/ })
    .click();
  await other.getByRole('button', { name: `Open ${FILE}` }).click();
  await other.getByRole('button', { name: 'Resubmit fixed leads (1)' }).click();
  await expectConfirmation(other, 1);
  await other.keyboard.press('Enter');
  await expect(other.getByRole('heading', { name: `Sent ${FILE}` })).toBeVisible({ timeout: 20_000 });
  await other.close();
  expect((await simState(page, app)).campaigns['41'].leads.map((l) => l.MobilePhone)).toContain('0450000004');
  await bar.getByRole('button', { name: 'Undo: Edit Mobile' }).click();
  await expect(bar.getByRole('alert')).toHaveText(
    'Cannot undo "Edit Mobile": its lead was sent to the server since, and a lead cannot be unsent. Nothing was changed.',
  );
  // The next correction, of another lead, takes the red message away; the bar then offers that correction's undo.
  // That lead was the last of the list: fixed, it leaves, and the keyboard is on the row above.
  await retype(page, grid, '66', '0450 000 006');
  await expect(bar.getByRole('alert')).toHaveCount(0);
  await expect(notAccepted).toHaveText('Not accepted (1)');
  await expect(grid.getByRole('gridcell', { name: '77', exact: true })).toBeFocused();
  await expect(bar.getByRole('button', { name: 'Undo: Edit Mobile' })).toBeEnabled();
});
