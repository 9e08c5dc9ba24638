import { defineConfig } from '@playwright/test';

/**
 * Browser e2e: browser mode (electron/web) with the real core and the simulator, driven in headless Chromium.
 * Debian's Chromium is used because Playwright cannot download its own browser here (CHROMIUM_PATH overrides).
 */
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: '.ci/.reports/playwright.json' }]],
  globalSetup: './e2e/global-setup.ts',
  use: {
    headless: true,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
