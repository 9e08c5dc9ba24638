import { defineConfig } from 'vitest/config';

/**
 * `npm run test:reliability`: kill -9 and power cuts, every server fault, a corpus of bad files, bad
 * servers, leaked secrets, load. RELIABILITY_SCALE=full for the long run; `npm test` runs it small.
 */
export default defineConfig({
  test: {
    include: ['reliability/**/*.reliability.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
