import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { chooseDemoTarget, connectDemo, loadFile, recordDemoFields } from './ui-helpers.ts';
import { webAppForFile } from './web-app.ts';

const ROWS = 1_000_000;

/** One million leads, written once per machine to a temp folder (the test reuses it when it is already there). */
async function millionRowCsv(): Promise<string> {
  const dir = join(tmpdir(), 'noojee-ui-e2e');
  const path = join(dir, `leads-${ROWS}.csv`);
  if (existsSync(path) && statSync(path).size > ROWS * 20) return path;
  mkdirSync(dir, { recursive: true });
  const out = createWriteStream(`${path}.part`);
  const write = (text: string) => new Promise<void>((resolve) => (out.write(text) ? resolve() : out.once('drain', resolve)));
  await write('Name,Phone,Post Code\n');
  const chunk = 10_000;
  for (let start = 0; start < ROWS; start += chunk) {
    const lines: string[] = [];
    for (let i = start; i < start + chunk; i++)
      lines.push(`Lead ${i + 1},04${String(10_000_000 + i).slice(-8)},${3000 + (i % 900)}`);
    await write(`${lines.join('\n')}\n`);
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  const { renameSync } = await import('node:fs');
  renameSync(`${path}.part`, path);
  return path;
}

const app = webAppForFile();

test('a million-row file scrolls to its last row in the preview, fetching only the pages in view', async ({ page }) => {
  test.setTimeout(150_000);
  const file = await millionRowCsv();
  // Count the row pages the grid asks for: scrolling a million rows must not fetch them all.
  const pagesAsked: number[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/api/call/getRows')) pagesAsked.push(JSON.parse(request.postData() ?? '{}').limit);
  });
  // The file is read once, with the mapping and target chosen on its sample; Preview opens when it is read.
  await connectDemo(page, app);
  await loadFile(page, file, ROWS, 90_000);
  await recordDemoFields(page);
  await page.getByRole('button', { name: 'Next: target' }).click();
  await chooseDemoTarget(page);
  const grid = page.getByRole('grid', { name: 'Rows of the file' });
  // The first page of a million checked rows, counted, can take a while on a busy machine.
  await expect(grid).toHaveAttribute('aria-rowcount', String(ROWS + 1), { timeout: 30_000 });
  await expect(grid.getByRole('gridcell', { name: 'Lead 1', exact: true })).toBeVisible();

  // Scroll in big steps, as a user dragging the scrollbar would, then to the very end.
  const started = Date.now();
  await page.evaluate(async () => {
    const el = document.querySelector('.grid-scroll') as HTMLElement;
    for (let i = 1; i <= 20; i++) {
      el.scrollTop = (el.scrollHeight * i) / 20;
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 20)));
    }
  });
  await expect(grid.getByRole('gridcell', { name: `Lead ${ROWS}`, exact: true })).toBeVisible({ timeout: 15_000 });
  await expect(grid.getByRole('gridcell', { name: String(ROWS + 1), exact: true })).toBeVisible();
  const scrollMs = Date.now() - started;
  await page.screenshot({ path: 'e2e/artifacts/ui-preview-million.png' });

  const rowsFetched = pagesAsked.reduce((a, b) => a + b, 0);
  console.log(
    `million-row preview: scrolled to the end in ${scrollMs} ms, fetched ${rowsFetched} rows in ${pagesAsked.length} pages`,
  );
  expect(pagesAsked.every((limit) => limit <= 2000)).toBe(true);
  expect(rowsFetched).toBeLessThan(ROWS / 50);
  // The rows in the DOM stay a screenful, not the file.
  expect(await page.locator('.grid-row').count()).toBeLessThan(100);
});
