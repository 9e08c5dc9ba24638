/** Layout checks the UI specs share: nothing wider than the window, the step's primary action in sight. */
import { expect, type Page } from '@playwright/test';

/** The page does not scroll sideways: wide content scrolls inside its own box. */
export async function expectNoPageOverflow(page: Page) {
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    content: (document.querySelector('main') as HTMLElement).scrollWidth,
    mainBox: (document.querySelector('main') as HTMLElement).clientWidth,
    window: window.innerWidth,
  }));
  expect(widths.page).toBeLessThanOrEqual(widths.window);
  expect(widths.content).toBeLessThanOrEqual(widths.mainBox);
}

/** The step's primary button is wholly inside the window, without scrolling, and is not covered. */
export async function expectPrimaryInView(page: Page, name: string | RegExp) {
  const button = page.locator('[data-primary="true"]').filter({ hasText: name });
  await expect(button).toBeVisible();
  const box = await button.boundingBox();
  const view = page.viewportSize();
  if (!box || !view) throw new Error('no box for the primary button');
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(view.width);
  expect(box.y + box.height).toBeLessThanOrEqual(view.height);
  // What is drawn at the button's centre is the button: no other layer covers it.
  const onTop = await button.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return hit === el || el.contains(hit);
  });
  expect(onTop).toBe(true);
}
