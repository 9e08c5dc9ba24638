/** Layout checks the UI specs share: nothing wider than the window, the step's primary action in sight. */
import { expect, type Locator, type Page } from '@playwright/test';

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

/**
 * How many rows of a grid a person sees whole without scrolling: inside the window and the grid's own box,
 * and not covered by anything (the sticky action bar, the header).
 */
export async function visibleGridRows(grid: Locator): Promise<number> {
  return grid.evaluate((box) => {
    const frame = box.getBoundingClientRect();
    let seen = 0;
    for (const row of box.querySelectorAll<HTMLElement>('.grid-row')) {
      const r = row.getBoundingClientRect();
      const inside = r.top >= Math.max(0, frame.top) && r.bottom <= Math.min(window.innerHeight, frame.bottom);
      if (!inside) continue;
      // Both ends of the row are drawn: nothing covers it.
      const y = r.top + r.height / 2;
      const points = [r.left + 10, Math.min(r.right, frame.right) - 10];
      if (points.every((x) => row.contains(document.elementFromPoint(x, y)))) seen++;
    }
    return seen;
  });
}

/** The element shows all of its text: nothing cut off on the right (no ellipsis, no hidden overflow). */
export async function expectWhollyShown(target: Locator) {
  const box = await target.evaluate((el) => ({
    scrollWidth: el.scrollWidth,
    clientWidth: el.clientWidth,
    scrollHeight: el.scrollHeight,
    clientHeight: el.clientHeight,
    right: el.getBoundingClientRect().right,
    window: window.innerWidth,
  }));
  expect(box.scrollWidth).toBeLessThanOrEqual(box.clientWidth);
  expect(box.scrollHeight).toBeLessThanOrEqual(box.clientHeight);
  expect(box.right).toBeLessThanOrEqual(box.window);
}

/**
 * The whole of the element is readable where it is, without scrolling it: it does not overflow its own box, and
 * each of its descendants ends inside that box and inside the window (nothing cut at the bottom edge).
 */
export async function expectNothingClipped(target: Locator) {
  const clipped = await target.evaluate((box) => {
    const frame = box.getBoundingClientRect();
    const bottom = Math.min(frame.bottom, window.innerHeight);
    const out = [...box.querySelectorAll<HTMLElement>('*')]
      .filter((el) => el.getClientRects().length > 0 && el.getBoundingClientRect().bottom > bottom + 0.5)
      .map((el) => `${el.tagName.toLowerCase()} “${(el.textContent ?? '').trim().slice(0, 40)}”`);
    return { overflows: box.scrollHeight > box.clientHeight, out };
  });
  expect(clipped.out).toEqual([]);
  expect(clipped.overflows).toBe(false);
}
