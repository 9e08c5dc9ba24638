/// <reference lib="dom" />
/**
 * The UI figures: time from choosing a file to its first preview rows painted, and scrolling a job's
 * every row to the end in the virtualised grid, in headless Chromium against browser mode.
 */
import { chromium } from '@playwright/test';
import { startWebApp } from '../e2e/web-app.ts';
import { report } from './measure.ts';

const [file, rowsText] = process.argv.slice(2);
const rows = Number(rowsText);
const app = await startWebApp();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(app.openUrl);
  await page.getByRole('button', { name: /Load file/ }).click();
  const chosen = performance.now();
  await page.locator('#file-input').setInputFiles(file);
  await page.locator('.preview-table tbody tr').first().waitFor();
  const firstPreviewMs = performance.now() - chosen;

  // Scroll the whole job: read it into the store, then open it in the grid.
  const uploaded = await page.evaluate(
    () => (document.querySelector('[data-testid="current-file"]')?.textContent ?? '').length > 0,
  );
  if (!uploaded) throw new Error('the file was not loaded');
  await page.getByRole('button', { name: 'Read the whole file' }).click();
  await page.getByText(/^Read [\d,]+ rows\.$/).waitFor({ timeout: 600_000 });
  await page.getByRole('button', { name: /Preview/ }).click();
  await page.evaluate(() => {
    (window as unknown as { longTasks: number[] }).longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) (window as unknown as { longTasks: number[] }).longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
  const grid = page.getByRole('grid');
  await grid.waitFor();
  const scrollStarted = performance.now();
  await page.evaluate(async () => {
    const el = document.querySelector('.grid-scroll') as HTMLElement;
    const steps = 60;
    for (let i = 1; i <= steps; i++) {
      el.scrollTop = (el.scrollHeight * i) / steps;
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 30)));
    }
  });
  await page
    .getByRole('row', { name: new RegExp(`^${rows + 1}\\b`) })
    .first()
    .waitFor({ timeout: 30_000 })
    .catch(() => undefined);
  const lastRowShown = await page.evaluate(() =>
    [...document.querySelectorAll('.grid-row .num')]
      .map((e) => Number.parseInt(e.textContent ?? '0', 10))
      .reduce((a, b) => Math.max(a, b), 0),
  );
  const scrollMs = performance.now() - scrollStarted;
  const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
  report({
    rows,
    firstPreviewMs: Math.round(firstPreviewMs),
    scrollMs: Math.round(scrollMs),
    lastRowShown,
    longestTaskMs: Math.round(Math.max(0, ...longTasks)),
    longTasksOver100ms: longTasks.filter((t) => t > 100).length,
  });
} finally {
  await browser.close();
  await app.stop();
}
