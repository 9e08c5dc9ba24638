import { expect, test } from '@playwright/test';
import { type RunningWebApp, startWebApp } from './web-app.ts';

let app: RunningWebApp;
test.beforeAll(async () => {
  app = await startWebApp();
});
test.afterAll(async () => {
  await app?.stop();
});

test('the app shell loads and talks to the core and the demo server', async ({ page }) => {
  await page.goto(app.openUrl);
  await expect(page.getByRole('heading', { name: 'Noojee Lead Uploader' })).toBeVisible();
  await expect(page.getByText(/browser mode/)).toBeVisible();
  await page.screenshot({ path: 'e2e/artifacts/app-shell.png', fullPage: true });
});

test('an API call without the token is refused', async ({ request }) => {
  const refused = await request.post(`${app.url}/api/call/getAppInfo`, { data: {} });
  expect(refused.status()).toBe(401);
  const accepted = await request.post(`${app.url}/api/call/getAppInfo`, {
    data: {},
    headers: { 'X-Noojee-Token': app.token },
  });
  expect(accepted.status()).toBe(200);
  const body = await accepted.json();
  expect(body).toMatchObject({ ok: true, value: { name: 'Noojee Lead Uploader', mode: 'browser' } });
});

test('a foreign Origin or Host is refused even with the token (DNS rebinding)', async ({ request }) => {
  const foreignOrigin = await request.post(`${app.url}/api/call/getAppInfo`, {
    data: {},
    headers: { 'X-Noojee-Token': app.token, Origin: 'http://evil.example' },
  });
  expect(foreignOrigin.status()).toBe(403);
  const foreignHost = await request.post(`${app.url}/api/call/getAppInfo`, {
    data: {},
    headers: { 'X-Noojee-Token': app.token, Host: 'evil.example:80' },
  });
  expect(foreignHost.status()).toBe(403);
});
