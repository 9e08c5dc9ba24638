/**
 * The keyboard shortcuts as a person opens them, with "?" or the header's button: a dialog over a dimmed page
 * (nothing behind it can be clicked), the focus inside it, Esc or Close shuts it and gives the focus back,
 * and each key written right beside what it does.
 */
import { expect, test } from '@playwright/test';
import { connectDemo, shot } from './ui-helpers.ts';
import { webAppForFile } from './web-app.ts';

const app = webAppForFile();

test.use({ viewport: { width: 1024, height: 700 } });

test('the shortcuts are a dialog: backdrop, focus inside, Esc closes, each key beside its description', async ({ page }) => {
  await connectDemo(page, app);
  const next = page.getByRole('button', { name: 'Next: load a file' });
  await next.focus();
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  // The focus is in the dialog, and Tab keeps it there.
  await expect(help.getByRole('button', { name: 'Close' })).toBeFocused();
  await page.keyboard.press('Tab');
  expect(await help.evaluate((el) => el.contains(document.activeElement) || document.activeElement === document.body)).toBe(true);
  // The page behind is covered: a click on its button does nothing, and what is drawn there is not the button.
  const box = await next.boundingBox();
  if (!box) throw new Error('no box for the button');
  expect(
    await next.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return el.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2));
    }),
  ).toBe(false);
  const backdrop = await help.evaluate((el) => getComputedStyle(el, '::backdrop').backgroundColor);
  expect(backdrop).not.toBe('rgba(0, 0, 0, 0)');

  // Each key is on the line of its description, just left of it, and every description starts at one edge.
  const lines = await help.locator('dt').evaluateAll((terms) =>
    terms.map((dt) => {
      const dd = dt.nextElementSibling as HTMLElement;
      const key = (dt.firstElementChild as HTMLElement).getBoundingClientRect();
      const what = dd.getBoundingClientRect();
      return { key: dt.textContent, gap: what.left - key.right, rise: Math.abs(what.top - key.top), left: what.left };
    }),
  );
  expect(lines.map((l) => l.key)).toContain('Ctrl/⌘ + Enter');
  for (const line of lines) {
    expect(line.gap, line.key ?? '').toBeGreaterThanOrEqual(0);
    expect(line.rise, line.key ?? '').toBeLessThan(8);
  }
  const widest = Math.max(...lines.map((l) => l.left)) - Math.min(...lines.map((l) => l.left));
  expect(widest).toBeLessThan(1);
  expect(Math.min(...lines.map((l) => l.gap))).toBeLessThan(40);
  await shot(page, 'shortcuts-1024');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, 'shortcuts-1024-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // Esc closes it, and the focus is back on the button it was on.
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
  await expect(next).toBeFocused();

  // Opened with the header's button, shut with Close: the page works again.
  await page.getByRole('button', { name: 'Shortcuts' }).click();
  await expect(help).toBeVisible();
  await help.getByRole('button', { name: 'Close' }).click();
  await expect(help).toHaveCount(0);
  await next.click();
  await expect(page.getByRole('heading', { name: 'Load a file' })).toBeVisible();
});
