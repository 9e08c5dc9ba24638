/**
 * One pass: the file is inspected, the mapping and target are chosen on its sample, and it is read once when
 * the target is confirmed; coming back to Map shows the mapping already chosen, and a new mapping is checked
 * again in the core's worker before the leads go.
 */
import { expect, type Page, test } from '@playwright/test';
import {
  chooseByTyping,
  connectDemo,
  loadFile,
  pick,
  readOnTarget,
  recordDemoFields,
  shot,
  simState,
  submitAndConfirm,
  writeCsv,
} from './ui-helpers.ts';
import { webAppForFile } from './web-app.ts';

const app = webAppForFile();

/** How many times the page called each of the core's calls. */
function countCalls(page: Page): Map<string, number> {
  const calls = new Map<string, number>();
  page.on('request', (request) => {
    const name = /\/api\/call\/(\w+)$/.exec(request.url())?.[1];
    if (name) calls.set(name, (calls.get(name) ?? 0) + 1);
  });
  return calls;
}

test('the file is read once, when the target is confirmed; Map keeps the choices made, and a new mapping is checked before sending', async ({
  page,
}) => {
  const calls = countCalls(page);
  await connectDemo(page, app);
  await loadFile(
    page,
    writeCsv(app, 'one-pass.csv', [
      'Name,Mobile,Work',
      'Ann,0412 000 101,0412 000 201',
      'Bo,,0412 000 202',
      'Cy,0412 000 103,12',
    ]),
    3,
  );
  await recordDemoFields(page);
  // A choice by hand: the work numbers go to MobilePhone.
  await chooseByTyping(page.getByLabel('Source of MobilePhone'), 'Work');
  await expect(page.getByRole('row', { name: /^MobilePhone/ }).locator('.badge')).toHaveText('chosen by you');
  // The sample values come from the inspection: nothing is read from the file for them.
  await expect(page.getByLabel('First values of MobilePhone')).toHaveText('0412 000 201 · 0412 000 202 · 12');
  expect(calls.get('getRows') ?? 0).toBe(0);
  expect(calls.get('importFile') ?? 0).toBe(0);

  // To Target and back: the Map step shows the choice made, not new suggestions.
  await page.getByRole('button', { name: 'Next: target' }).click();
  await expect(page.getByRole('heading', { name: 'Where the leads go' })).toBeVisible();
  await page.keyboard.press('Alt+3');
  await expect(page.getByLabel('Source of MobilePhone')).toHaveValue('Work');
  await page.getByRole('button', { name: 'Next: target' }).click();

  // Confirming the target reads the file, once, checking each row as it comes in.
  await pick(page, 'Campaign', 'Jan16a (41)');
  await pick(page, 'Allocation', 'Jan16a-1 (38)');
  await page.keyboard.press('ControlOrMeta+Enter');
  await readOnTarget(page, 3);
  await expect(page.locator('.stat.ok')).toHaveText('2 will be sent');
  expect(calls.get('inspectFile')).toBe(1);
  expect(calls.get('importFile')).toBe(1);
  expect(calls.get('applyMapping') ?? 0).toBe(0);
  await shot(page, 'one-pass-preview');

  // Back to Map from Preview: the mapping the rows were checked by; a new one is checked again in the core.
  await page.keyboard.press('Alt+3');
  await expect(page.getByLabel('Source of MobilePhone')).toHaveValue('Work');
  await chooseByTyping(page.getByLabel('Source of MobilePhone'), 'Mobile');
  // The target is chosen already: the rows are checked again and Preview shows them, not the Target step.
  await page.getByRole('button', { name: 'Apply mapping and check rows' }).click();
  await expect(page.getByRole('heading', { name: 'Preview every row' })).toBeVisible();
  await expect(page.locator('.stat.ok')).toHaveText('2 will be sent');
  await expect(page.locator('.stat.bad')).toHaveText('1 invalid (not sent)');
  expect(calls.get('importFile')).toBe(1);
  expect(calls.get('applyMapping')).toBe(1);
  // The Target step is still one click away in the step list, with the choice kept.
  await page.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name: 'Target (done)' }).click();
  await expect(page.getByRole('listbox', { name: 'Allocation' }).getByRole('option', { selected: true })).toHaveText(/Jan16a-1/);
  await page.getByRole('button', { name: 'Next: preview' }).click();
  await expect(page.locator('.stat.ok')).toHaveText('2 will be sent');

  await submitAndConfirm(page, 2);
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 20_000 });
  const sent = (await simState(page, app)).campaigns['41'].leads.filter((l) => ['Ann', 'Cy'].includes(l.Name));
  expect(sent.map((l) => [l.Name, l.MobilePhone])).toEqual([
    ['Ann', '0412000101'],
    ['Cy', '0412000103'],
  ]);
});
