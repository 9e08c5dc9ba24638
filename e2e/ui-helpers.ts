/** Steps the UI specs share: connect to the demo server, load a file, record the template's fields, pick the target. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import type { RunningWebApp } from './web-app.ts';

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `e2e/artifacts/ui-${name}.png`, fullPage: true });
}

export function writeCsv(app: RunningWebApp, name: string, lines: string[]): string {
  const path = join(app.dataDir, name);
  writeFileSync(path, `${lines.join('\r\n')}\r\n`);
  return path;
}

export async function connectDemo(page: Page, app: RunningWebApp) {
  await page.goto(app.openUrl);
  await page.getByRole('button', { name: 'Try the demo server' }).click();
  await expect(page.getByText('Connected.')).toBeVisible();
}

/**
 * What the read that follows the Target step should give: the file is read once, with the mapping and target
 * chosen on its sample, when the target is confirmed (`readOnTarget`).
 */
const expectedReads = new WeakMap<Page, { rows: number; timeout: number }>();

/**
 * Chooses a file and goes on to Map once its sample shows; its rows are read later, when the target is
 * confirmed (`rows` and `timeout`, for a large file on a busy machine, are checked then).
 */
export async function loadFile(page: Page, path: string, rows: number, timeout = 5_000) {
  await page.getByRole('button', { name: /Load file/ }).click();
  await page.locator('#file-input').setInputFiles(path);
  await expect(page.getByRole('columnheader').first()).toBeVisible();
  expectedReads.set(page, { rows, timeout });
  await page.getByRole('button', { name: 'Next: map columns' }).click();
}

/**
 * After "Next: preview" on the Target step: the file is read and checked (with progress), then Preview opens;
 * the header names the rows read.
 */
export async function readOnTarget(page: Page, rows?: number, timeout?: number) {
  const expected = expectedReads.get(page);
  const n = rows ?? expected?.rows;
  await expect(page.getByRole('heading', { name: 'Preview every row' })).toBeVisible({
    timeout: timeout ?? expected?.timeout ?? 5_000,
  });
  if (n !== undefined)
    await expect(page.getByTestId('current-file')).toContainText(`${n.toLocaleString('en-AU')} row${n === 1 ? '' : 's'}`);
  expectedReads.delete(page);
}

/** Clicks an item of a picker (components/Picker.tsx), the way a person does, and checks it is then chosen. */
export async function pick(page: Page, list: string, option: string) {
  const item = page.getByRole('listbox', { name: list, exact: true }).getByRole('option', { name: option, exact: true });
  await item.click();
  await expect(item).toHaveAttribute('aria-selected', 'true');
}

/**
 * Chooses an entry of a drop-down list (a native <select>) with the keyboard, the way a person does: focus the
 * list and type the start of the entry's text; then checks that entry is the one shown.
 */
export async function chooseByTyping(list: Locator, start: string) {
  await list.focus();
  await list.page().keyboard.type(start);
  await expect(list.locator('option:checked')).toContainText(start);
}

/** The demo server has one template: the Map step chooses it by itself and says so. */
export async function expectDemoTemplateChosen(page: Page) {
  await expect(page.getByText('Only one template: Sales (41), chosen for you.')).toBeVisible();
}

/** Records the demo template's fields (Name, MobilePhone) once, from the file's own columns. */
export async function recordDemoFields(page: Page) {
  await expectDemoTemplateChosen(page);
  await page.getByRole('button', { name: 'Start from this file’s columns' }).click();
  await page.getByLabel('Field 1 name').fill('Name');
  await page.getByLabel('Field 2 name').fill('MobilePhone');
  await page.getByRole('button', { name: 'Save the fields' }).click();
}

/**
 * Chooses the demo campaign and allocation and confirms: the file is read then, and Preview opens (`rows`
 * and `timeout` as for readOnTarget, when loadFile did not say).
 */
export async function chooseDemoTarget(page: Page, rows?: number, timeout?: number) {
  await pick(page, 'Campaign', 'Jan16a (41)');
  await pick(page, 'Allocation', 'Jan16a-1 (38)');
  await page.getByRole('button', { name: 'Next: preview' }).click();
  await readOnTarget(page, rows, timeout);
}

/** Submits from the Preview step and confirms with Enter once the confirmation shows the target. */
export async function submitAndConfirm(page: Page, leads: number) {
  await page.getByRole('button', { name: `Submit ${leadWords(leads)}` }).click();
  await expectConfirmation(page, leads);
  await page.keyboard.press('Enter');
}

const leadWords = (leads: number) => `${leads.toLocaleString('en-AU')} lead${leads === 1 ? '' : 's'}`;

/**
 * The confirmation before a send (ConfirmSend) is open for this many leads, with the focus on its send button
 * (Enter sends). It returns that button.
 */
export async function expectConfirmation(page: Page, leads: number): Promise<Locator> {
  const n = leadWords(leads);
  const send = page.getByRole('dialog', { name: `Send ${n}?` }).getByRole('button', { name: `Send ${n}` });
  await expect(send).toBeFocused();
  return send;
}

export async function demoServerUrl(page: Page, app: RunningWebApp): Promise<string> {
  const servers = await page.evaluate(async (token) => {
    const r = await fetch('/api/call/listServers', {
      method: 'POST',
      headers: { 'X-Noojee-Token': token, 'Content-Type': 'application/json' },
      body: '{}',
    });
    return ((await r.json()) as { value: { url: string; isDemo: boolean }[] }).value;
  }, app.token);
  const demo = servers.find((s) => s.isDemo);
  if (!demo) throw new Error('no demo server is saved');
  return demo.url;
}

export interface SimState {
  campaigns: Record<string, { count: number; leads: Record<string, string>[] }>;
  counters: Record<string, number>;
  insertRequests: number;
  peakConcurrentInserts: number;
}

export async function simState(page: Page, app: RunningWebApp): Promise<SimState> {
  const response = await fetch(`${await demoServerUrl(page, app)}/__sim/state`);
  return (await response.json()) as SimState;
}

export async function setSimFaults(page: Page, app: RunningWebApp, spec: string) {
  const response = await fetch(`${await demoServerUrl(page, app)}/__sim/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ spec }),
  });
  if (!response.ok) throw new Error(`faults ${spec}: ${await response.text()}`);
}

/** n simple valid leads with distinct mobile numbers. */
export function leads(n: number, from = 0): string[] {
  return [
    'Name,Mobile',
    ...Array.from({ length: n }, (_, i) => `Lead ${from + i + 1},04${String(20_000_000 + from + i).slice(-8)}`),
  ];
}

/** Picks an option of a list in the panel for many rows as a person does with the keyboard: click it, type its first letters, Enter. */
export async function chooseInPanel(page: Page, label: string, text: string) {
  await page.getByRole('region', { name: 'Change many rows' }).getByLabel(label).click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/**
 * In Preview, with `rows` leads invalid for a stray mobile number: the Invalid view, the panel opened by
 * keyboard, and MobilePhone taken from the HomePh column for all of them, until none is invalid.
 */
export async function takeHomePhoneForInvalidMobiles(page: Page, rows: number) {
  const invalid = page.getByRole('status').getByText(/invalid \(not sent\)/);
  await expect(invalid).toHaveText(`${rows} invalid (not sent)`);
  await page.getByRole('button', { name: /^Invalid/ }).click();
  const bar = await openBulkPanel(page, 'keyboard');
  await bar.getByRole('button', { name: 'Use column' }).click();
  await chooseInPanel(page, 'Field', 'MobilePhone');
  await chooseInPanel(page, 'Take it from column', 'HomePh');
  await bar.getByRole('button', { name: `Apply to ${rows} rows` }).click();
  await expect(invalid).toHaveText('0 invalid (not sent)');
  return bar;
}

/**
 * Opens the panel that changes many rows (folded away under the grid's search), as a person does: a click on
 * "Fix many rows at once…", or with the keyboard, Tab to it and Enter. Returns the panel.
 */
export async function openBulkPanel(page: Page, how: 'click' | 'keyboard' = 'click'): Promise<Locator> {
  const toggle = page.getByRole('button', { name: 'Fix many rows at once…' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  if (how === 'click') await toggle.click();
  else {
    // From the search box just before it in the tab order.
    await page.getByRole('searchbox', { name: 'Search rows' }).click();
    for (let i = 0; i < 5 && !(await toggle.evaluate((el) => el === document.activeElement)); i++)
      await page.keyboard.press('Tab');
    await expect(toggle).toBeFocused();
    await page.keyboard.press('Enter');
  }
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const panel = page.getByRole('region', { name: 'Change many rows' });
  await expect(panel).toBeVisible();
  return panel;
}
