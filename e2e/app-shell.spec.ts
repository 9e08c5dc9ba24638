/// <reference lib="dom" />
import { expect, test } from '@playwright/test';
import { webAppForFile } from './web-app.ts';

const app = webAppForFile();

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

test('the renderer can reach neither Node nor the network beyond its own server', async ({ page }) => {
  await page.goto(app.openUrl);
  await expect(page.getByRole('heading', { name: 'Noojee Lead Uploader' })).toBeVisible();
  const reach = await page.evaluate(async () => {
    const g = globalThis as Record<string, unknown>;
    let network = 'reached';
    try {
      await fetch('http://127.0.0.2:9/steal', { mode: 'no-cors' });
    } catch {
      network = 'blocked';
    }
    // An injected inline script must not run (no 'unsafe-inline', so no injected code either).
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true';
    document.body.append(script);
    await new Promise((r) => setTimeout(r, 50));
    return { require: typeof g.require, process: typeof g.process, network, injectedScriptRan: g.__injected === true };
  });
  expect(reach).toEqual({ require: 'undefined', process: 'undefined', network: 'blocked', injectedScriptRan: false });
  const response = await page.request.get(app.url);
  expect(response.headers()['content-security-policy']).toContain("script-src 'self'");
});
