import { defineConfig } from 'vitest/config';

/**
 * Unit and integration tests sit beside the code they test (`foo.ts`, `foo.test.ts`) and run in Node.
 * The browser e2e suite is Playwright's (e2e/), the long reliability runs are `npm run test:reliability`.
 */
export default defineConfig({
  test: {
    include: ['{shared,electron,simulator,renderer,bench,scripts}/**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**', '**/out/**', '**/*.reliability.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
