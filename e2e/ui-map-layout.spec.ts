/**
 * The Map step at 1024×700 as a first-time user meets it: the table's header stays on top of the rows that
 * scroll under it (opaque, at the very top of the scrolling area, no row showing above it), "— not sent —"
 * reads on one line, and the match badges say what is true ("same name" only for the same name).
 */
import { expect, test } from '@playwright/test';
import { connectDemo, expectDemoTemplateChosen, loadFile, shot, writeCsv } from './ui-helpers.ts';
import { webAppForFile } from './web-app.ts';

const app = webAppForFile();

test.use({ viewport: { width: 1024, height: 700 } });

test('the mapping table’s header covers the rows scrolling under it, "not sent" keeps to one line, and badges tell same from matching names', async ({
  page,
}) => {
  await connectDemo(page, app);
  await loadFile(
    page,
    writeCsv(app, 'map-layout.csv', [
      'First Name,Last Name,Mobile,Home Phone,Email,Notes',
      'Ann,Lee,0412 000 101,03 8321 8101,ann@example.com,call after 5',
      'Bob,Ng,0412 000 102,03 8321 8102,bob@example.com,',
    ]),
    2,
  );
  await expectDemoTemplateChosen(page);
  await page.getByRole('button', { name: 'Start from this file’s columns' }).click();
  for (const [i, name] of ['FirstName', 'LastName', 'MobilePhone', 'HomePhone', 'Email', 'Notes'].entries())
    await page.getByLabel(`Field ${i + 1} name`).fill(name);
  await page.getByRole('button', { name: 'Save the fields' }).click();
  await expect(page.getByText(/^Template fields: FirstName, LastName/)).toBeVisible();

  // "First Name" is not FirstName letter for letter: a matching name, not the same one; Email and Notes are.
  const badge = (field: string) => page.getByRole('row', { name: new RegExp(`^${field}`) }).locator('.badge');
  await expect(badge('FirstName')).toHaveText('matching name');
  await expect(badge('LastName')).toHaveText('matching name');
  await expect(badge('Email')).toHaveText('same name');
  await expect(badge('Notes')).toHaveText('same name');

  // Notes set to "— not sent —" with the keyboard: the choice shows on one line, and so does its badge.
  const notes = page.getByLabel('Source of Notes', { exact: true });
  await notes.focus();
  await page.keyboard.press('Home');
  await expect(notes).toHaveValue('');
  await expect(badge('Notes')).toHaveText('not sent');
  for (const one of [notes, badge('Notes')]) {
    const lines = await one.evaluate((el) => {
      const style = getComputedStyle(el);
      const line = Number.parseFloat(style.lineHeight) || Number.parseFloat(style.fontSize) * 1.3;
      return Math.round((el.getBoundingClientRect().height - 2 * Number.parseFloat(style.paddingTop)) / line);
    });
    expect(lines).toBeLessThanOrEqual(1);
  }
  // The select is wide enough for its text: nothing of "— not sent —" is cut either.
  expect(await notes.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);

  // Scroll the step with the wheel until the table's header sticks: it is then at the very top of the
  // scrolling area, and what is drawn there, across its width, is the header, not a row.
  const main = page.locator('main');
  const header = page.locator('.mapping-table thead th').first();
  const mainBox = await main.boundingBox();
  if (!mainBox) throw new Error('no box for the step');
  await page.mouse.move(mainBox.x + mainBox.width / 2, mainBox.y + mainBox.height / 2);
  const firstRowTop = await page.getByRole('row', { name: /^FirstName/ }).evaluate((el) => el.getBoundingClientRect().top);
  await page.mouse.wheel(0, firstRowTop - mainBox.y + 60);
  await expect.poll(() => main.evaluate((el) => el.scrollTop)).toBeGreaterThan(100);
  await expect.poll(async () => (await header.boundingBox())?.y).toBeCloseTo(mainBox.y, 0);
  const drawn = await page.evaluate(() => {
    // The header cells stick, not their row group: their boxes are where the header is drawn.
    const cells = [...document.querySelectorAll<HTMLElement>('.mapping-table thead th')];
    const first = cells[0].getBoundingClientRect();
    const last = cells[cells.length - 1].getBoundingClientRect();
    const main = (document.querySelector('main') as HTMLElement).getBoundingClientRect();
    const ys = [main.top + 1, first.top + first.height / 2, first.bottom - 2];
    const xs = [first.left + 4, (first.left + last.right) / 2, last.right - 4];
    const inHeader = (el: Element | null) => cells.some((cell) => cell.contains(el));
    return ys.flatMap((y) =>
      xs.map(
        (x) =>
          inHeader(document.elementFromPoint(x, y)) || `${x},${y}: ${document.elementFromPoint(x, y)?.outerHTML.slice(0, 60)}`,
      ),
    );
  });
  expect(drawn.filter((d) => d !== true)).toEqual([]);
  // The header's cells are opaque.
  const background = await header.evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(background).toMatch(/^rgb\(/);
  await shot(page, 'map-sticky-header-1024');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, 'map-sticky-header-1024-dark');
});
